package io.github.osbsdk.broker.core.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.catalog.MaintenanceInfo;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.api.context.PlatformContext;
import io.github.osbsdk.broker.api.instance.InstanceMetadata;
import io.github.osbsdk.broker.api.instance.PreviousValues;
import io.github.osbsdk.broker.api.instance.UpdateRequest;
import io.github.osbsdk.broker.api.instance.UpdateResult;
import io.github.osbsdk.broker.api.internal.Texts;
import io.github.osbsdk.broker.core.store.Begin;
import io.github.osbsdk.broker.core.store.Finish;
import io.github.osbsdk.broker.core.store.InstanceStatus;
import io.github.osbsdk.broker.api.OperationType;
import io.github.osbsdk.broker.core.internal.metrics.RegistryAnswer;
import io.github.osbsdk.broker.core.store.StoredInstance;
import io.github.osbsdk.broker.core.store.StoredOperation;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;

/**
 * {@code PATCH /v2/service_instances/:instance_id}, checked against the instance's stored plan:
 * a plan change from a plan that is not updateable gets 422, the parameters are validated
 * against the update schema of the plan the instance will have (the stored one when
 * {@code plan_id} is absent), and {@code maintenance_info} against that plan. An instance whose
 * plan left the catalog may move to a current plan, or keep its plan with a change of context
 * only ({@link #checkMoveOffRemovedPlan}); one whose whole service left, only the latter
 * ({@link #serviceNamed}).
 * An update that finds, once begun, that another one changed the plan since it was checked gets
 * 422
 * {@code ConcurrencyError} (the platform's retry is checked against the new plan). A repeat
 * that waited for the same update and finds it succeeded is answered 200 from the registry
 * ({@link UpdateRepeat}).
 */
final class UpdateHandler {
  private final BrokerServices services;

  UpdateHandler(BrokerServices services) {
    this.services = services;
  }

  Response update(String rawInstanceId, String acceptsIncompleteParam, RequestContext rc,
      RequestBody in) {
    String instanceId = Ids.decode(rawInstanceId, "instance_id");
    boolean acceptsIncomplete = RequestChecks.acceptsIncomplete(acceptsIncompleteParam);
    ObjectNode body = in.object(services.bodies());
    JsonFields f = services.fields();
    String serviceId = f.string(body, "service_id", true);
    String planId = f.string(body, "plan_id", false);
    if (planId != null && planId.isEmpty()) {
      throw ServiceBrokerException.badRequest("The field 'plan_id' must not be empty.");
    }
    ObjectNode contextNode = f.context(body);
    // built unmodifiable once: the context's and the request's records keep these as they are
    Map<String, Object> context = f.toFrozenMap(contextNode);
    ObjectNode parametersNode = f.objectNode(body, "parameters");
    Map<String, Object> parameters = f.toFrozenMap(parametersNode);
    PreviousValues previous = previousValues(f.objectNode(body, "previous_values"));
    MaintenanceInfo maintenanceInfo =
        f.maintenanceInfo(body, "maintenance_info", "maintenance_info");

    CatalogSnapshot catalog = services.catalogs().current();
    // the one read of the instance before its operation begins
    Optional<StoredInstance> found = services.store().findInstance(instanceId);
    ServiceOffering service = serviceNamed(catalog, serviceId, found.orElse(null), planId,
        parameters, maintenanceInfo);
    // the instance's own plan_id, since removed from the catalog, changes no plan: refused below
    // with the answer every update keeping a removed plan gets, not as an unknown plan_id
    boolean ownRemovedPlan = planId != null && !catalog.hasPlan(planId)
        && found.map(i -> i.planId().equals(planId)).orElse(false);
    Plan requested = planId == null || ownRemovedPlan ? null
        : catalog.plan(serviceId, planId).plan();
    PlatformContext platform = context == null ? null : PlatformContext.of(context);
    RequestContext ctx = RequestChecks.withPlatform(rc, platform);

    StoredInstance stored = found.orElseThrow(
        () -> ServiceBrokerException.notFound("The service instance does not exist."));
    RequestChecks.sameService(stored.serviceId(), service.id());
    if (stored.status() == InstanceStatus.PROVISION_FAILED) {
      throw ServiceBrokerException.unprocessable(InstanceHandler.PROVISION_FAILED);
    }
    Plan current = service.plan(stored.planId()).orElse(null);
    if (current == null) {
      checkMoveOffRemovedPlan(stored.planId(), service, requested, parameters, maintenanceInfo);
    }
    boolean changesPlan = requested != null && current != null
        && !requested.id().equals(current.id());
    if (changesPlan && !service.isPlanUpdateable(current)) {
      throw ServiceBrokerException.unprocessable("The service instance cannot change from plan '"
          + current.name() + "' to plan '" + requested.name() + "': the plan is not"
          + " updateable.");
    }
    // an update keeping a removed plan (its context only) has nothing to check: the provider
    // and the operation's timeout get a stand-in plan carrying the recorded id, as a delete's do
    Plan target = requested != null ? requested : current != null ? current
        : catalog.planToDelete(service.id(), stored.planId(), stored.planId()).plan();
    if (parameters != null && (requested != null || current != null)) {
      catalog.parameters().validateUpdate(target.id(), parameters);
    }
    RequestChecks.checkMaintenanceInfo(target, maintenanceInfo);

    String maintenanceVersion = maintenanceInfo == null ? null : maintenanceInfo.version();
    Map<String, Object> payload = InstanceRecords.updatePayload(target.id(), parameters,
        context, maintenanceVersion, null, null);
    UpdateFingerprint fingerprint = UpdateFingerprint.of(services, ctx.requestId(), service.id(),
        target.id(), parametersNode, maintenanceVersion, contextNode, acceptsIncomplete);
    OperationRunner runner = services.runner();
    StoredOperation op = runner.newOperation(instanceId, null, OperationType.UPDATE,
        fingerprint.value(), ctx.requestId(), runner.json(payload));
    long deadline = Repeats.deadline(services);
    boolean waited = false;
    Begin begin;
    while (true) {
      begin = runner.begin(op, () -> op).begin();
      // the same update whose provider call runs is waited for, whichever mode either sent (as
      // a provision's repeat waits)
      if (!(begin instanceof Begin.Busy busy) || !Repeats.sameChangeAgain(services, op,
          busy.running(), fingerprint::sameUpdateInEitherMode, deadline)) {
        break;
      }
      waited = true;
    }
    if (begin instanceof Begin.Missing) {
      throw ServiceBrokerException.notFound("The service instance does not exist.");
    }
    if (begin instanceof Begin.Busy busy) {
      StoredOperation running = busy.running();
      if (running != null && running.async() && fingerprint.sameUpdate(running)) {
        Repeats.count(services, OperationType.UPDATE, RegistryAnswer.REPEAT_IN_PROGRESS);
        return Repeats.acceptedAgain(services, running);
      }
      if (running != null && running.async() && !acceptsIncomplete
          && fingerprint.acceptingIncomplete().sameUpdate(running)) {
        // the same update runs asynchronously: as a provision's, bind's or delete's repeat
        throw ServiceBrokerException.asyncRequired();
      }
      if (running == null && services.store().findInstance(instanceId).map(StoredInstance::status)
          .orElse(null) == InstanceStatus.PROVISION_FAILED) {
        // the provision failed after the check above: nothing runs, a retry would never pass
        throw ServiceBrokerException.unprocessable(InstanceHandler.PROVISION_FAILED);
      }
      Repeats.count(services, OperationType.UPDATE, RegistryAnswer.CONCURRENCY);
      throw ServiceBrokerException.concurrencyError();
    }
    StoredInstance before = ((Begin.Started) begin).instance();
    if (waited && UpdateRepeat.doneWhileWaiting(stored, before, payload, services.mapper())) {
      // the same update, waited for, succeeded: its repeat is answered from the registry, as a
      // provision's is, and the provider is not called again: the operation begun while it
      // waited is withdrawn, no update counted as failed (only the registry's repeat answer)
      runner.withdraw(op);
      Repeats.count(services, OperationType.UPDATE, RegistryAnswer.REPEAT);
      return JsonResponses.json(200, new WireBodies.Provision(before.dashboardUrl(), null,
          InstanceRecords.read(before.metadata(), InstanceMetadata.class, services.mapper())));
    }
    if (!before.planId().equals(stored.planId())) {
      // another update changed the plan after the checks above read it: they no longer hold;
      // nothing was done (the provider is not called), so no failed update is counted
      runner.withdraw(op);
      Repeats.count(services, OperationType.UPDATE, RegistryAnswer.CONCURRENCY);
      throw ServiceBrokerException.concurrencyError();
    }
    // merged (and serialized) once: checked here, stored by a synchronous update's end
    String merged = parameters == null ? before.parameters()
        : refuseOversizedParameters(op, before, parameters);
    UpdateResult r;
    try {
      r = services.broker().update(new UpdateRequest(instanceId, service, requested, platform,
          parameters, previous, maintenanceInfo, acceptsIncomplete,
          InstanceRecords.view(before, services.mapper()), ctx));
      services.answers().requireAnswer(r, "update", ctx);
      if (r instanceof UpdateResult.Accepted a) {
        services.answers().requireAsyncAccepted(acceptsIncomplete, a.work(), "update", ctx);
      }
      services.answers().requireDashboardUrl(r instanceof UpdateResult.Updated u
          ? u.dashboardUrl() : ((UpdateResult.Accepted) r).dashboardUrl(), "update", ctx);
      services.answers().requireJson(r instanceof UpdateResult.Updated u ? u.metadata()
          : ((UpdateResult.Accepted) r).metadata(), services.mapper(), "update", ctx);
    } catch (ServiceBrokerException e) {
      runner.finishSync(op, OperationOutcome.failed(e.description()), Finish.RowChange.none(),
          Finish.RowChange.none());
      throw services.answers().sanitize(e, true, true, "update", ctx);
    } catch (Exception | Error e) {
      runner.finishSync(op, OperationOutcome.failed(OperationRunner.GENERIC_FAILURE),
          Finish.RowChange.none(), Finish.RowChange.none());
      throw e;
    }
    if (r instanceof UpdateResult.Updated done) {
      payload.putAll(InstanceRecords.updatePayload(target.id(), null, null, null,
          done.dashboardUrl(), done.metadata()));
      StoredInstance after = InstanceRecords.applyUpdate(before, payload, merged, runner.now(),
          services.mapper(), services.fingerprints());
      runner.finishSync(op, OperationOutcome.SUCCEEDED, Finish.RowChange.put(after),
          Finish.RowChange.none());
      return JsonResponses.json(200, new WireBodies.Provision(done.dashboardUrl(), null,
          done.metadata()));
    }
    UpdateResult.Accepted accepted = (UpdateResult.Accepted) r;
    payload.putAll(InstanceRecords.updatePayload(target.id(), null, null, null,
        accepted.dashboardUrl(), accepted.metadata()));
    String id = runner.accept(op, accepted.work(), runner.json(payload),
        current == null ? runner.timeout(target) : runner.timeout(current, target));
    return JsonResponses.json(202, new WireBodies.Provision(accepted.dashboardUrl(), id,
        accepted.metadata()));
  }

  /**
   * Refuses (422, the operation withdrawn, the provider not called) an update whose parameters,
   * merged on top of the instance's, would be larger than a request body may be: each update is
   * within the body limit, but one adding new keys after another would grow the registry's row,
   * and every fetch, repeat and fingerprint of it, without end.
   *
   * @return the parameters the instance keeps after the update
   *     ({@link InstanceRecords#mergedParameters(String, Map, ObjectMapper)})
   */
  private String refuseOversizedParameters(StoredOperation op, StoredInstance before,
      Map<String, Object> parameters) {
    String merged = InstanceRecords.mergedParameters(before.parameters(), parameters,
        services.mapper());
    if (before.parameters() == null) {
      return merged; // the update's alone, and they came in a body within the limit
    }
    long limit = services.bodies().maxBytes();
    long bytes = merged == null ? 0 : Texts.utf8Length(merged);
    if (bytes > limit) {
      services.runner().withdraw(op);
      throw ServiceBrokerException.unprocessable("The service instance's parameters, with this"
          + " update's merged on top, would take " + bytes + " bytes of JSON, more than the "
          + limit + " bytes an instance may keep; the update was not applied.");
    }
    return merged;
  }

  /**
   * The service an update names: the catalog's. An instance whose whole service left the catalog
   * keeps its recorded service, whose {@code service_id} the platform keeps sending: a change of
   * its context only (no other {@code plan_id} than its own, no parameters, no
   * {@code maintenance_info}: IBM Cloud's rename), which needs nothing of the catalog, passes as
   * it does when its plan alone left ({@link #checkMoveOffRemovedPlan}), with a stand-in service
   * ({@link CatalogSnapshot#removedService}); any other update, as one naming an unknown service,
   * gets the catalog's 400 for the unknown {@code service_id}.
   */
  private static ServiceOffering serviceNamed(CatalogSnapshot catalog, String serviceId,
      StoredInstance recorded, String planId, Map<String, Object> parameters,
      MaintenanceInfo maintenanceInfo) {
    ServiceOffering service = catalog.findService(serviceId);
    if (service != null) {
      return service;
    }
    if (recorded == null || !recorded.serviceId().equals(serviceId)
        || planId != null && !planId.equals(recorded.planId())
        || !contextOnly(parameters, maintenanceInfo)) {
      throw CatalogSnapshot.unknownService(serviceId);
    }
    return CatalogSnapshot.removedService(serviceId);
  }

  /** Whether an update keeping its plan sends nothing to check against that plan. */
  private static boolean contextOnly(Map<String, Object> parameters,
      MaintenanceInfo maintenanceInfo) {
    return maintenanceInfo == null && (parameters == null || parameters.isEmpty());
  }

  /**
   * An instance whose plan is no longer in the catalog may move to a current plan of its
   * service, only when the service's {@code plan_updateable} allows: the removed plan's own
   * flag, which would take precedence, went with it, and a target plan's flag is about moves away
   * from that plan. An update that keeps the plan and sends neither parameters (absent or empty)
   * nor {@code maintenance_info}, such as the context update a platform sends when the instance
   * is renamed, needs nothing of the removed plan and passes. With parameters there is no schema
   * to check them against, and with {@code maintenance_info} no version to compare with, so
   * those are refused (422) naming the way out; {@code maintenance_info} gets
   * {@code MaintenanceInfoConflict}.
   */
  private static void checkMoveOffRemovedPlan(String removedPlanId, ServiceOffering service,
      Plan requested, Map<String, Object> parameters, MaintenanceInfo maintenanceInfo) {
    String removed = "The service instance's plan '" + removedPlanId
        + "' is no longer in the catalog";
    if (requested == null) {
      String way = ": update it to a current plan of the service (with its plan_id) or"
          + " deprovision it.";
      if (maintenanceInfo != null) {
        throw SdkErrors.maintenanceInfoConflict(removed
            + ", so its maintenance_info cannot be checked" + way);
      }
      if (parameters != null && !parameters.isEmpty()) {
        throw ServiceBrokerException.unprocessable(removed + ", so parameters for it cannot be"
            + " checked" + way);
      }
      return;
    }
    if (!service.isPlanUpdateable(null)) {
      throw ServiceBrokerException.unprocessable(removed + ", and the service is not"
          + " plan_updateable: it cannot change to plan '" + requested.name() + "'; it can be"
          + " deprovisioned.");
    }
  }

  private PreviousValues previousValues(ObjectNode node) {
    if (node == null) {
      return null;
    }
    JsonFields f = services.fields();
    return new PreviousValues(
        f.optionalString(node, "service_id", "previous_values.service_id"),
        f.optionalString(node, "plan_id", "previous_values.plan_id"),
        f.optionalString(node, "organization_id", "previous_values.organization_id"),
        f.optionalString(node, "space_id", "previous_values.space_id"),
        f.maintenanceInfo(node, "maintenance_info", "previous_values.maintenance_info"));
  }
}
