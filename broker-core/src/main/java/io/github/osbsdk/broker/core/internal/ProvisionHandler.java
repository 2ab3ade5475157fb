package io.github.osbsdk.broker.core.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.catalog.MaintenanceInfo;
import io.github.osbsdk.broker.api.context.PlatformContext;
import io.github.osbsdk.broker.api.instance.InstanceMetadata;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.core.store.Claim;
import io.github.osbsdk.broker.core.store.Finish;
import io.github.osbsdk.broker.core.store.InstanceStatus;
import io.github.osbsdk.broker.api.OperationType;
import io.github.osbsdk.broker.core.store.StoredInstance;
import io.github.osbsdk.broker.core.store.StoredOperation;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Map;

/**
 * {@code PUT /v2/service_instances/:instance_id}: claims the id in the registry, then calls the
 * provider once; repeats and conflicts are answered from the registry, also those of an instance
 * whose plan or service left the catalog since ({@link ProvisionsOffCatalog}).
 */
final class ProvisionHandler {
  private final BrokerServices services;

  ProvisionHandler(BrokerServices services) {
    this.services = services;
  }

  Response provision(String rawInstanceId, String acceptsIncompleteParam, RequestContext rc,
      RequestBody in) {
    String instanceId = Ids.decode(rawInstanceId, "instance_id");
    boolean acceptsIncomplete = RequestChecks.acceptsIncomplete(acceptsIncompleteParam);
    ObjectNode body = in.object(services.bodies());
    JsonFields f = services.fields();
    String serviceId = f.string(body, "service_id", true);
    String planId = f.string(body, "plan_id", true);
    ObjectNode contextNode = f.context(body);
    // built unmodifiable once: the context's and the request's records keep these as they are
    Map<String, Object> context = f.toFrozenMap(contextNode);
    String org = f.string(body, "organization_guid", context == null);
    String space = f.string(body, "space_guid", context == null);
    ObjectNode parametersNode = f.objectNode(body, "parameters");
    Map<String, Object> parameters = f.toFrozenMap(parametersNode);
    MaintenanceInfo maintenanceInfo =
        f.maintenanceInfo(body, "maintenance_info", "maintenance_info");
    CatalogSnapshot catalog = services.catalogs().current();
    // a repeat naming its instance's service or plan after the catalog dropped it
    StoredInstance offCatalog =
        BindsOffCatalog.instanceNamed(services, catalog, instanceId, serviceId, planId);
    String mv = maintenanceInfo == null ? null : maintenanceInfo.version();
    Fingerprints fp = services.fingerprints();
    if (offCatalog != null) {
      return ProvisionsOffCatalog.provision(services, offCatalog, fp.instance(serviceId, planId,
          fp.canonicalParameters(parametersNode), org, space, mv), acceptsIncomplete,
          catalog.refusal(serviceId, planId));
    }
    CatalogSnapshot.Entry entry = catalog.plan(serviceId, planId);
    catalog.parameters().validateProvisionTree(planId, parametersNode);
    RequestChecks.checkMaintenanceInfo(entry.plan(), maintenanceInfo);
    PlatformContext platform = context == null ? null : PlatformContext.of(context);
    RequestContext ctx = RequestChecks.withPlatform(rc, platform);

    String canonicalParameters = fp.canonicalParameters(parametersNode);
    String fingerprint = fp.instance(entry.service().id(), entry.plan().id(),
        canonicalParameters, org, space, mv);
    OperationRunner runner = services.runner();
    Instant now = runner.now();
    StoredInstance claim = new StoredInstance(instanceId, entry.service().id(),
        entry.plan().id(), fingerprint, canonicalParameters,
        fp.canonicalJson(contextNode), org, space, mv, null, null,
        InstanceStatus.PROVISIONING, true, now, now, now);
    long deadline = System.nanoTime() + services.repeatWaitMillis() * 1_000_000L;
    while (true) {
      // what a withdrawal restores when the claim replaced a failed instance (the store keeps
      // the payload only then, see BrokerStore#claimInstance)
      StoredOperation op = runner.newOperation(instanceId, null, OperationType.PROVISION,
          fingerprint, ctx.requestId(),
          runner.previousStatusPayload(InstanceStatus.PROVISION_FAILED.name()));
      Claim<StoredInstance> result =
          runner.starting(op, () -> services.store().claimInstance(claim, op));
      if (result instanceof Claim.Won<StoredInstance> won) {
        return callProvider(op, claim, won.replaced(), new ProvisionRequest(instanceId,
            entry.service(), entry.plan(), platform, parameters, maintenanceInfo, org, space,
            acceptsIncomplete, ctx), ctx);
      }
      Claim.Exists<StoredInstance> exists = (Claim.Exists<StoredInstance>) result;
      Response answer = Repeats.provision(services, exists.existing(), exists.running(),
          fingerprint, acceptsIncomplete, deadline);
      if (answer != null) {
        return answer;
      }
    }
  }

  private Response callProvider(StoredOperation op, StoredInstance claim,
      StoredInstance failedBefore, ProvisionRequest request, RequestContext ctx) {
    OperationRunner runner = services.runner();
    ProvisionResult r;
    try {
      r = services.broker().provision(request);
      services.answers().requireAnswer(r, "provision", ctx);
      if (r instanceof ProvisionResult.Accepted a) {
        services.answers().requireAsyncAccepted(request.acceptsIncomplete(), a.work(), "provision",
            ctx);
      }
      services.answers().requireDashboardUrl(r instanceof ProvisionResult.Created c
          ? c.dashboardUrl() : ((ProvisionResult.Accepted) r).dashboardUrl(), "provision", ctx);
      services.answers().requireJson(r instanceof ProvisionResult.Created c ? c.metadata()
          : ((ProvisionResult.Accepted) r).metadata(), services.mapper(), "provision", ctx);
    } catch (ServiceBrokerException e) {
      runner.finishSync(op, OperationOutcome.failed(e.description()),
          afterFailure(claim, failedBefore, e), Finish.RowChange.none());
      throw services.answers().sanitize(e, false, false, "provision", ctx);
    } catch (Exception | Error e) {
      runner.finishSync(op, OperationOutcome.failed(OperationRunner.GENERIC_FAILURE),
          afterFailure(claim, failedBefore, e), Finish.RowChange.none());
      throw e;
    }
    if (r instanceof ProvisionResult.Created created) {
      // a retry over a failed instance keeps its creation time: the instance exists since then
      StoredInstance ready = withResult(failedBefore == null ? claim
          : claim.replacing(failedBefore), created.dashboardUrl(), created.metadata())
          .withStatus(InstanceStatus.READY, runner.now());
      runner.finishProvisioned(op, ready, failedBefore);
      return JsonResponses.json(201, new WireBodies.Provision(created.dashboardUrl(), null,
          created.metadata()));
    }
    ProvisionResult.Accepted accepted = (ProvisionResult.Accepted) r;
    // the dashboard URL and metadata ride on the operation, so whichever replica finishes it
    // records them, and so does what a failure keeps of the failed instance the claim replaced
    Map<String, Object> payload = InstanceRecords.updatePayload(null, null, null, null,
        accepted.dashboardUrl(), accepted.metadata());
    if (failedBefore != null) {
      payload.put(FailedCreateRecords.FAILED_BEFORE, FailedCreateRecords.payload(failedBefore));
    }
    String id = runner.accept(op, accepted.work(), runner.json(payload),
        runner.timeout(request.plan()));
    return JsonResponses.json(202, new WireBodies.Provision(accepted.dashboardUrl(), id,
        accepted.metadata()));
  }

  /**
   * The claim after a failed provider call: after a refusal (this call changed nothing) deleted,
   * or, when it replaced a {@link InstanceStatus#PROVISION_FAILED} instance, that instance put
   * back as it was (the earlier call's outcome is still unknown, and only the platform's
   * deprovision can reach it); after any other failure kept as
   * {@link InstanceStatus#PROVISION_FAILED} (see {@link ProviderAnswers#refusal}), with what the
   * replaced failed instance recorded ({@link FailedCreateRecords}).
   */
  private Finish.RowChange<StoredInstance> afterFailure(StoredInstance claim,
      StoredInstance failedBefore, Throwable e) {
    if (ProviderAnswers.refusal(e)) {
      return failedBefore == null ? Finish.RowChange.delete() : Finish.RowChange.put(failedBefore);
    }
    return Finish.RowChange.put(FailedCreateRecords.keep(
        claim.withStatus(InstanceStatus.PROVISION_FAILED, services.runner().now()), failedBefore));
  }

  private StoredInstance withResult(StoredInstance claim, String dashboardUrl,
      InstanceMetadata metadata) {
    return new StoredInstance(claim.id(), claim.serviceId(), claim.planId(),
        claim.fingerprint(), claim.parameters(), claim.context(), claim.organizationGuid(),
        claim.spaceGuid(), claim.maintenanceInfoVersion(), dashboardUrl,
        metadata == null ? null : InstanceRecords.write(metadata, services.mapper()),
        claim.status(), claim.enabled(), claim.enabledChangedAt(), claim.createdAt(),
        claim.updatedAt());
  }
}
