package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionResult;
import io.github.osbsdk.broker.api.instance.FetchInstanceRequest;
import io.github.osbsdk.broker.api.instance.InstanceDetails;
import io.github.osbsdk.broker.api.instance.LastOperationRequest;
import io.github.osbsdk.broker.core.store.Begin;
import io.github.osbsdk.broker.core.store.Finish;
import io.github.osbsdk.broker.core.store.InstanceStatus;
import io.github.osbsdk.broker.api.OperationType;
import io.github.osbsdk.broker.core.internal.metrics.RegistryAnswer;
import io.github.osbsdk.broker.core.store.StoredInstance;
import io.github.osbsdk.broker.core.store.StoredOperation;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/** Deprovision, fetch and last operation of a service instance, from the registry. */
final class InstanceHandler {
  /** Why an instance whose provision failed cannot be fetched, updated or bound. */
  static final String PROVISION_FAILED = "The service instance's provisioning failed; it can"
      + " only be deprovisioned.";
  private final BrokerServices services;

  InstanceHandler(BrokerServices services) {
    this.services = services;
  }

  Response deprovision(String rawInstanceId, String acceptsIncompleteParam, String serviceIdParam,
      String planIdParam, RequestContext ctx) {
    String instanceId = Ids.decode(rawInstanceId, "instance_id");
    boolean acceptsIncomplete = RequestChecks.acceptsIncomplete(acceptsIncompleteParam);
    String serviceId = RequestChecks.requiredQuery(serviceIdParam, "service_id");
    String planId = RequestChecks.requiredQuery(planIdParam, "plan_id");
    Optional<StoredInstance> known = services.store().findInstance(instanceId);
    if (known.isEmpty()) {
      // whatever plan it names: a retry after the delete of an instance of a removed plan is 410
      throw gone();
    }
    RequestChecks.sameService(known.get().serviceId(), serviceId);
    CatalogSnapshot.Entry entry = services.catalogs().current().planToDelete(serviceId, planId,
        known.get().planId());
    String fingerprint = Fingerprints.deletion(acceptsIncomplete, serviceId, planId);
    OperationRunner runner = services.runner();
    OperationRunner.Begun begun = Deletes.begin(services, OperationType.DEPROVISION,
        status -> runner.newOperation(instanceId, null, OperationType.DEPROVISION, fingerprint,
            ctx.requestId(), runner.previousStatusPayload(status)),
        known.get().status().name(), started -> started.instance().status().name(),
        (begunOp, started) -> runner.withdraw(begunOp,
            Finish.RowChange.put(started.instance().withStatus(started.instance().status(),
                runner.now())), Finish.RowChange.none()));
    StoredOperation op = begun.op();
    Begin begin = begun.begin();
    if (begin instanceof Begin.Missing) {
      throw gone();
    }
    if (begin instanceof Begin.Busy busy) {
      return Deletes.joinOrRefuse(services, OperationType.DEPROVISION, busy.running(), true,
          acceptsIncomplete);
    }
    StoredInstance before = ((Begin.Started) begin).instance();
    return Deletes.callProvider(services, op, entry.plan(), "deprovision", acceptsIncomplete,
        true, ctx,
        () -> services.broker().deprovision(new DeprovisionRequest(instanceId, entry.service(),
            entry.plan(), acceptsIncomplete, InstanceRecords.view(before, services.mapper()),
            ctx)),
        r -> r instanceof DeprovisionResult.Accepted a ? a.work() : null,
        before.status().name(),
        (outcome, deleted) -> runner.finishSync(op, outcome, deleted ? Finish.RowChange.delete()
            : Finish.RowChange.put(before.withStatus(before.status(), runner.now())),
            Finish.RowChange.none()));
  }

  private ServiceBrokerException gone() {
    Repeats.count(services, OperationType.DEPROVISION, RegistryAnswer.GONE);
    return ServiceBrokerException.gone("The service instance does not exist.");
  }

  Response fetch(String rawInstanceId, String serviceId, String planId, RequestContext ctx) {
    String instanceId = Ids.decode(rawInstanceId, "instance_id");
    RequestChecks.optionalQuery(serviceId, "service_id");
    RequestChecks.optionalQuery(planId, "plan_id");
    RequestChecks.gate(services.strictVersionGating(), ctx, "Fetching a service instance");
    StoredInstance stored = services.store().findInstance(instanceId).orElseThrow(
        () -> ServiceBrokerException.notFound("The service instance does not exist."));
    if (stored.status() == InstanceStatus.PROVISIONING) {
      throw ServiceBrokerException.notFound("The service instance is still being provisioned.");
    }
    if (stored.status() == InstanceStatus.PROVISION_FAILED) {
      throw ServiceBrokerException.notFound(PROVISION_FAILED);
    }
    Optional<StoredOperation> running = services.store().runningOperation(instanceId);
    if (running.isPresent() && running.get().type() == OperationType.UPDATE) {
      throw new ServiceBrokerException(422, ServiceBrokerException.CONCURRENCY_ERROR,
          "The service instance is being updated.");
    }
    InstanceDetails recorded = InstanceRecords.details(stored, services.mapper());
    InstanceDetails details;
    try {
      details = services.broker().fetchInstance(new FetchInstanceRequest(instanceId, serviceId,
          planId, recorded, InstanceRecords.view(stored, services.mapper()), ctx));
    } catch (ServiceBrokerException e) {
      throw services.answers().sanitize(e, false, false, "fetchInstance", ctx);
    }
    services.answers().requireAnswer(details, "fetchInstance", ctx);
    services.answers().requireRecordedId("service_id", details.serviceId(), stored.serviceId(),
        "fetchInstance", ctx);
    services.answers().requireRecordedId("plan_id", details.planId(), stored.planId(),
        "fetchInstance", ctx);
    if (details.serviceId() == null || details.planId() == null) {
      // the ids are the registry's: an answer without them gets the recorded ones
      details = new InstanceDetails(stored.serviceId(), stored.planId(), details.dashboardUrl(),
          details.parameters(), details.maintenanceInfo(), details.metadata());
    }
    // the bytes checked against maxAnswerBytes are the bytes sent
    return JsonResponses.json(200, services.answers().json().fetched(details, recorded,
        d -> d, services.mapper(), "fetchInstance", ctx));
  }

  Response lastOperation(String rawInstanceId, String serviceId, String planId, String operation,
      RequestContext ctx) {
    String instanceId = Ids.decode(rawInstanceId, "instance_id");
    RequestChecks.optionalQuery(serviceId, "service_id");
    RequestChecks.optionalQuery(planId, "plan_id");
    StoredOperation op = LastOperations.find(services, instanceId, null,
        RequestChecks.optionalQuery(operation, "operation"));
    return LastOperations.respond(services, op, false, "lastOperation", ctx,
        external -> services.broker().lastOperation(new LastOperationRequest(instanceId, serviceId,
            planId, external, ctx)));
  }
}
