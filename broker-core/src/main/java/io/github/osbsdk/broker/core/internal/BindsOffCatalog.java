package io.github.osbsdk.broker.core.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.context.PlatformContext;
import io.github.osbsdk.broker.core.store.BindingStatus;
import io.github.osbsdk.broker.core.store.StoredBinding;
import io.github.osbsdk.broker.core.store.StoredInstance;
import io.github.osbsdk.broker.core.store.StoredOperation;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * A bind the catalog no longer takes, on an instance whose recorded service and plan it names:
 * the plan was removed from the catalog, or is no longer {@code bindable}, or its whole service
 * was removed. No new binding can be made (there is no {@code bindable} flag or bind schema to
 * check it against, or the flag says no), but a binding made before is still there: an identical
 * repeat of it is answered as recorded (OSB: 200 for an identical existing binding; 202 with its
 * operation while its asynchronous bind runs; while its synchronous bind runs, it waits for that
 * as on a plan of the catalog, {@link Repeats#bind}, and answers its outcome), another request
 * for its id gets 409 as any taken id does (OSB: it exists with different attributes), also when
 * its bind failed, and a new binding, or an identical retry of a bind that failed (it would call
 * the provider again), gets the 400 the caller names (after a plan's removal: naming the way
 * out, an update of the instance to a current plan). The provider's {@code bind} is never
 * called; the 200 asks its {@code fetchBinding} for what the registry lacks, as any repeat's.
 */
final class BindsOffCatalog {
  private BindsOffCatalog() {}

  /**
   * What a bind sent, as {@link #bind} needs it.
   *
   * @param bindingId the binding id
   * @param predecessor the request's {@code predecessor_binding_id}, or null
   * @param parameters the request's {@code parameters}, or null
   * @param bindResource the request's {@code bind_resource}, or null
   * @param app the application, from {@code app_guid} or {@code bind_resource.app_guid}
   * @param acceptsIncomplete whether the request accepts an asynchronous answer
   * @param rc the request's context
   * @param context the request's {@code context}, or null
   */
  record Sent(String bindingId, String predecessor, ObjectNode parameters,
      ObjectNode bindResource, String app, boolean acceptsIncomplete, RequestContext rc,
      Map<String, Object> context) {}

  /**
   * @param instance the instance, whose recorded service and plan the request names
   * @param newBinding what refuses a new binding (a 400)
   * @return the answer to an identical repeat
   * @throws ServiceBrokerException {@code newBinding} for a new binding or an identical retry of
   *     a failed bind (also of one that failed, or was refused, while this repeat waited for
   *     it), 409 for a different request, 422 when the instance is disabled, the binding is being
   *     deleted or its synchronous bind ran longer than the repeat waits
   */
  static Response bind(BrokerServices services, Sent sent, StoredInstance instance,
      ServiceBrokerException newBinding) {
    String bindingId = sent.bindingId();
    RequestContext ctx = RequestChecks.withPlatform(sent.rc(),
        sent.context() == null ? null : PlatformContext.of(sent.context()));
    if (!instance.enabled()) {
      throw ServiceBrokerException.unprocessable("The service instance is disabled; new"
          + " bindings are refused until it is enabled again.");
    }
    Fingerprints fp = services.fingerprints();
    String fingerprint;
    if (sent.predecessor() == null) {
      fingerprint = fp.binding(instance.serviceId(), instance.planId(),
          fp.canonicalParameters(sent.parameters()),
          sent.bindResource() == null ? null : fp.canonicalJson(sent.bindResource()), sent.app());
    } else {
      fingerprint = fp.rotation(instance.serviceId(), instance.planId(), sent.predecessor());
    }
    long deadline = Repeats.deadline(services);
    while (true) {
      StoredBinding existing = services.store().findBinding(instance.id(), bindingId)
          .orElse(null);
      if (existing == null || existing.status() == BindingStatus.BIND_FAILED
          && existing.fingerprint().equals(fingerprint)) {
        // new, gone (a refused bind is forgotten) or failed: only a new call could answer
        throw newBinding;
      }
      StoredOperation running = existing.status() == BindingStatus.BINDING
          ? services.store().runningOperation(instance.id())
              .filter(op -> bindingId.equals(op.bindingId())).orElse(null)
          : null;
      Response answer = Repeats.bind(services, existing, running, fingerprint,
          sent.acceptsIncomplete(), deadline, ctx);
      if (answer != null) {
        return answer;
      }
      // paused while a synchronous bind runs: read again how it stands
    }
  }

  /**
   * The 400 for a new bind on an instance whose plan left the catalog: it names the way out.
   *
   * @param planId the instance's recorded plan
   * @return the exception
   */
  static ServiceBrokerException removedPlan(String planId) {
    return ServiceBrokerException.badRequest("The service instance's plan '"
        + AnswerValues.of(planId) + "' is no longer in the catalog, so no new binding can be"
        + " made on it: update the service instance to a current plan of the service (with its"
        + " plan_id), then bind.");
  }

  /**
   * The instance whose recorded service and plan a bind (or a provision, whose ids are never
   * null) names when the catalog no longer has that service or plan, read only then.
   *
   * @param serviceId the request's {@code service_id}, or null
   * @param planId the request's {@code plan_id}, or null
   * @return the instance, or null when the catalog has both ids (or the request names others
   *     than the instance's): the usual checks answer
   */
  static StoredInstance instanceNamed(BrokerServices services, CatalogSnapshot catalog,
      String instanceId, String serviceId, String planId) {
    boolean serviceGone = serviceId != null && catalog.findService(serviceId) == null;
    boolean planGone = planId != null && !catalog.hasPlan(planId);
    if (!serviceGone && !planGone) {
      return null;
    }
    return services.store().findInstance(instanceId)
        .filter(i -> (serviceId == null || i.serviceId().equals(serviceId))
            && (planId == null || i.planId().equals(planId)))
        .orElse(null);
  }

  /**
   * The 400 for a new binding on an {@link #instanceNamed} instance: the catalog's own for an
   * unknown {@code service_id} when the service is gone, else {@link #removedPlan}.
   */
  static ServiceBrokerException newBindingRefusal(CatalogSnapshot catalog,
      StoredInstance instance) {
    return catalog.findService(instance.serviceId()) == null
        ? CatalogSnapshot.unknownService(instance.serviceId()) : removedPlan(instance.planId());
  }
}
