package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.binding.BindingDetails;
import io.github.osbsdk.broker.api.binding.BindingLastOperationRequest;
import io.github.osbsdk.broker.api.binding.FetchBindingRequest;
import io.github.osbsdk.broker.api.binding.UnbindRequest;
import io.github.osbsdk.broker.api.binding.UnbindResult;
import io.github.osbsdk.broker.core.store.Begin;
import io.github.osbsdk.broker.core.store.BindingStatus;
import io.github.osbsdk.broker.core.store.Finish;
import io.github.osbsdk.broker.api.OperationType;
import io.github.osbsdk.broker.core.internal.metrics.RegistryAnswer;
import io.github.osbsdk.broker.core.store.StoredBinding;
import io.github.osbsdk.broker.core.store.StoredOperation;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Unbind, fetch and last operation of a service binding, from the registry. */
final class BindingHandler {
  private static final Logger LOG = LoggerFactory.getLogger(BindingHandler.class);
  private final BrokerServices services;

  BindingHandler(BrokerServices services) {
    this.services = services;
  }

  Response unbind(String rawInstanceId, String rawBindingId, String acceptsIncompleteParam,
      String serviceIdParam, String planIdParam, RequestContext ctx) {
    String instanceId = Ids.decode(rawInstanceId, "instance_id");
    String bindingId = Ids.decode(rawBindingId, "binding_id");
    boolean acceptsIncomplete = RequestChecks.acceptsIncomplete(acceptsIncompleteParam);
    String serviceId = RequestChecks.requiredQuery(serviceIdParam, "service_id");
    String planId = RequestChecks.requiredQuery(planIdParam, "plan_id");
    if (acceptsIncomplete) {
      RequestChecks.gate(services.strictVersionGating(), ctx, "Asynchronous unbinding");
    }
    Optional<StoredBinding> known = services.store().findBinding(instanceId, bindingId);
    if (known.isEmpty()) {
      throw gone();
    }
    RequestChecks.sameService(known.get().serviceId(), serviceId);
    CatalogSnapshot catalog = services.catalogs().current();
    // a plan_id of another service is refused (400) before anything begins
    catalog.planToDelete(serviceId, planId, known.get().planId());
    String fingerprint = Fingerprints.deletion(acceptsIncomplete, serviceId, planId);
    OperationRunner runner = services.runner();
    OperationRunner.Begun begun = Deletes.begin(services, OperationType.UNBIND,
        status -> runner.newOperation(instanceId, bindingId, OperationType.UNBIND, fingerprint,
            ctx.requestId(), runner.previousStatusPayload(status)),
        known.get().status().name(), started -> started.binding().status().name(),
        (begunOp, started) -> runner.withdraw(begunOp, Finish.RowChange.none(),
            Finish.RowChange.put(started.binding())));
    StoredOperation op = begun.op();
    Begin begin = begun.begin();
    if (begin instanceof Begin.Missing) {
      throw gone();
    }
    if (begin instanceof Begin.Busy busy) {
      StoredOperation running = busy.running();
      return Deletes.joinOrRefuse(services, OperationType.UNBIND, running,
          running != null && bindingId.equals(running.bindingId()), acceptsIncomplete);
    }
    Begin.Started started = (Begin.Started) begin;
    StoredBinding before = started.binding();
    // the instance's plan as the unbind begins, as a deprovision's: after a plan change the
    // binding still records the plan it was bound on (the provider finds it in its view)
    CatalogSnapshot.Entry entry = catalog.planToDelete(serviceId, planId,
        started.instance().planId());
    return Deletes.callProvider(services, op, entry.plan(), "unbind", acceptsIncomplete, false,
        ctx,
        () -> services.broker().unbind(new UnbindRequest(instanceId, bindingId, entry.service(),
            entry.plan(), acceptsIncomplete, InstanceRecords.view(started.instance(),
            services.mapper()), InstanceRecords.view(before, services.mapper()), ctx)),
        r -> r instanceof UnbindResult.Accepted a ? a.work() : null,
        before.status().name(),
        (outcome, deleted) -> runner.finishSync(op, outcome, Finish.RowChange.none(),
            deleted ? Finish.RowChange.delete() : Finish.RowChange.put(before)));
  }

  private ServiceBrokerException gone() {
    Repeats.count(services, OperationType.UNBIND, RegistryAnswer.GONE);
    return ServiceBrokerException.gone("The service binding does not exist.");
  }

  Response fetch(String rawInstanceId, String rawBindingId, String serviceId, String planId,
      RequestContext ctx) {
    String instanceId = Ids.decode(rawInstanceId, "instance_id");
    String bindingId = Ids.decode(rawBindingId, "binding_id");
    RequestChecks.optionalQuery(serviceId, "service_id");
    RequestChecks.optionalQuery(planId, "plan_id");
    RequestChecks.gate(services.strictVersionGating(), ctx, "Fetching a service binding");
    StoredBinding stored = services.store().findBinding(instanceId, bindingId).orElseThrow(
        () -> ServiceBrokerException.notFound("The service binding does not exist."));
    if (stored.status() == BindingStatus.BINDING) {
      throw ServiceBrokerException.notFound("The service binding is still being created.");
    }
    if (stored.status() == BindingStatus.BIND_FAILED) {
      throw ServiceBrokerException.notFound("The service binding's creation failed; it can only"
          + " be unbound.");
    }
    return JsonResponses.json(200, fetchedJson(services, stored, serviceId, planId, false, ctx));
  }

  /**
   * The provider's answer for a created binding, starting from the registry's record, as the
   * JSON sent: the binding for a GET, the bind's answer (no {@code parameters}) for an identical
   * repeat of a bind. Written once: the bytes checked against {@code maxAnswerBytes} are these.
   *
   * @param serviceId the {@code service_id} the request sent (a GET's query parameter, may be
   *     null; a repeated bind's body), handed to the provider as sent
   * @param planId the {@code plan_id} the request sent, likewise
   * @param repeatedBind whether the answer is for an identical repeated bind (else a GET)
   */
  static byte[] fetchedJson(BrokerServices services, StoredBinding stored,
      String serviceId, String planId, boolean repeatedBind, RequestContext ctx) {
    Map<String, Object> credentials = null;
    if (stored.credentials() != null && services.cipher() != null) {
      services.keyCheck().beforeUse(ctx, services.logLimits().errors());
      String plain;
      try {
        plain = services.cipher().decrypt(stored.credentials(), stored.instanceId(),
            stored.bindingId());
      } catch (IllegalStateException e) {
        // A key missing on this replica (or a damaged value): the line says which binding and
        // why, at ERROR once a minute; the stack trace (a bad authentication tag) would say
        // nothing more.
        services.logLimits().errors().error(LOG, "credentials unreadable", null,
            "Request {}: binding {} of instance {}: {}{}", ctx.requestId(),
            LogText.quote(stored.bindingId()), LogText.quote(stored.instanceId()),
            e.getMessage());
        throw RequestErrorLog.loggedInternalError(ctx.requestId());
      }
      credentials = InstanceRecords.readMap(plain, services.mapper());
    }
    BindingDetails recorded = InstanceRecords.details(stored, credentials, services.mapper());
    BindingDetails details;
    try {
      details = services.broker().fetchBinding(new FetchBindingRequest(stored.instanceId(),
          stored.bindingId(), serviceId, planId, recorded,
          InstanceRecords.view(stored, services.mapper()), ctx, repeatedBind));
    } catch (ServiceBrokerException e) {
      throw services.answers().sanitize(e, false, false, "fetchBinding", ctx);
    }
    services.answers().requireAnswer(details, "fetchBinding", ctx);
    // first, so that the checks below never go through a provider's million endpoints
    byte[] json = services.answers().json().fetched(details, recorded,
        repeatedBind ? BindingHandler::bindAnswer : d -> d, services.mapper(), "fetchBinding",
        ctx);
    // what the registry recorded was delivered already: only what the provider adds is checked
    services.answers().requireAllowedFetchedDetails(
        services.catalogs().current().findService(stored.serviceId()), details, recorded, ctx);
    return json;
  }

  /** What a bind answers of a binding: all but the {@code parameters} a fetch adds. */
  private static WireBodies.Bind bindAnswer(BindingDetails d) {
    return new WireBodies.Bind(d.credentials(), d.syslogDrainUrl(), d.routeServiceUrl(),
        d.volumeMounts(), d.endpoints(), d.metadata(), null);
  }

  Response lastOperation(String rawInstanceId, String rawBindingId, String serviceId,
      String planId, String operation, RequestContext ctx) {
    String instanceId = Ids.decode(rawInstanceId, "instance_id");
    String bindingId = Ids.decode(rawBindingId, "binding_id");
    RequestChecks.optionalQuery(serviceId, "service_id");
    RequestChecks.optionalQuery(planId, "plan_id");
    StoredOperation op = LastOperations.find(services, instanceId, bindingId,
        RequestChecks.optionalQuery(operation, "operation"));
    return LastOperations.respond(services, op, true, "lastBindingOperation", ctx,
        external -> services.broker().lastBindingOperation(new BindingLastOperationRequest(
            instanceId, bindingId, serviceId, planId, external, ctx)));
  }
}
