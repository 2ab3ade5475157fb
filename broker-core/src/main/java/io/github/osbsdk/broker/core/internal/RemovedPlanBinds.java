package io.github.osbsdk.broker.core.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.core.store.BindingStatus;
import io.github.osbsdk.broker.core.store.StoredBinding;
import io.github.osbsdk.broker.core.store.StoredInstance;
import io.github.osbsdk.broker.core.store.StoredOperation;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/**
 * A bind naming its instance's own plan after that plan left the catalog. No new binding can be
 * checked (no {@code bindable} flag, no bind schema), but a binding made before is still there:
 * an identical repeat of it is answered as recorded (OSB: 200 for an identical existing binding;
 * 202 with its operation while its asynchronous bind runs), another request for its id gets 409
 * as any taken id does, and a new binding gets 400 naming the way out, an update of the
 * instance to a current plan. The provider is never called.
 */
final class RemovedPlanBinds {
  private RemovedPlanBinds() {}

  /**
   * @param instance the instance, whose recorded plan the request names
   * @param bindingId the binding id
   * @param predecessor the request's {@code predecessor_binding_id}, or null
   * @param parametersNode the request's {@code parameters}, or null
   * @param bindResourceNode the request's {@code bind_resource}, or null
   * @param app the application, from {@code app_guid} or {@code bind_resource.app_guid}
   * @return the answer to an identical repeat
   * @throws ServiceBrokerException 400 for a new binding, 409 for a different request, 422 when
   *     the instance is disabled or the binding is busy
   */
  static Response bind(BrokerServices services, StoredInstance instance, String bindingId,
      String predecessor, ObjectNode parametersNode, ObjectNode bindResourceNode, String app,
      boolean acceptsIncomplete, RequestContext ctx) {
    if (!instance.enabled()) {
      throw ServiceBrokerException.unprocessable("The service instance is disabled; new"
          + " bindings are refused until it is enabled again.");
    }
    Optional<StoredBinding> recorded = services.store().findBinding(instance.id(), bindingId);
    if (recorded.isEmpty() || recorded.get().status() == BindingStatus.BIND_FAILED) {
      throw ServiceBrokerException.badRequest("The service instance's plan '"
          + AnswerValues.of(instance.planId()) + "' is no longer in the catalog, so no new"
          + " binding can be made on it: update the service instance to a current plan of the"
          + " service (with its plan_id), then bind.");
    }
    StoredBinding existing = recorded.get();
    Fingerprints fp = services.fingerprints();
    String fingerprint;
    if (predecessor == null) {
      fingerprint = fp.binding(instance.serviceId(), instance.planId(),
          fp.canonicalParameters(parametersNode),
          bindResourceNode == null ? null : fp.canonicalJson(bindResourceNode), app);
    } else {
      fingerprint = fp.rotation(instance.serviceId(), instance.planId(), predecessor);
    }
    StoredOperation running = existing.status() == BindingStatus.BINDING
        ? services.store().runningOperation(instance.id())
            .filter(op -> bindingId.equals(op.bindingId())).orElse(null)
        : null;
    // no deadline to wait for: a bind running synchronously elsewhere is answered as busy
    Response answer = Repeats.bind(services, existing, running, fingerprint, acceptsIncomplete,
        System.nanoTime(), ctx);
    if (answer == null) {
      throw Repeats.bindingConcurrencyError();
    }
    return answer;
  }
}
