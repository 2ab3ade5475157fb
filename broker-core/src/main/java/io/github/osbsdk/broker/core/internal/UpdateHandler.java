package io.github.osbsdk.broker.core.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.catalog.MaintenanceInfo;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.api.context.PlatformContext;
import io.github.osbsdk.broker.api.instance.PreviousValues;
import io.github.osbsdk.broker.api.instance.UpdateRequest;
import io.github.osbsdk.broker.api.instance.UpdateResponse;
import io.github.osbsdk.broker.core.async.OperationKind;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code PATCH /v2/service_instances/:instance_id}. A plan change (a {@code plan_id} different
 * from {@code previous_values.plan_id}) on a plan that is not updateable gets 422; without
 * {@code previous_values.plan_id} the SDK cannot tell a change and leaves it to the provider.
 */
final class UpdateHandler {
  private final BrokerServices s;

  UpdateHandler(BrokerServices services) {
    this.s = services;
  }

  Response update(String rawInstanceId, String acceptsIncompleteParam, String contentType,
      String contentLength, RequestContext rc, InputStream in) {
    String instanceId = Ids.decode(rawInstanceId, "instance_id");
    boolean acceptsIncomplete = Calls.acceptsIncomplete(acceptsIncompleteParam);
    ObjectNode body = s.bodies().readObject(contentType, contentLength, in);
    JsonFields f = s.fields();
    String serviceId = f.string(body, "service_id", true);
    String planId = f.string(body, "plan_id", false);
    if (planId != null && planId.isEmpty()) {
      throw ServiceBrokerException.badRequest("The field 'plan_id' must not be empty.");
    }
    Map<String, Object> context = f.object(body, "context");
    Map<String, Object> parameters = f.object(body, "parameters");
    PreviousValues previous = previousValues(f.objectNode(body, "previous_values"));
    MaintenanceInfo maintenanceInfo =
        f.maintenanceInfo(body, "maintenance_info", "maintenance_info");

    CatalogSnapshot catalog = s.catalogs().current();
    ServiceOffering service = catalog.service(serviceId);
    Plan plan = planId == null ? null : catalog.plan(serviceId, planId).plan();
    String previousPlanId = previous == null ? null : previous.planId();
    Plan previousPlan = previousPlanId == null ? null : service.plan(previousPlanId).orElse(null);
    if (plan != null && previousPlanId != null && !planId.equals(previousPlanId)
        && !service.isPlanUpdateable(previousPlan != null ? previousPlan : plan)) {
      throw ServiceBrokerException.unprocessable("The service instance cannot change from plan '"
          + previousPlanId + "' to plan '" + planId + "': the plan is not updateable.");
    }
    Plan target = plan != null ? plan : previousPlan;
    if (target != null && parameters != null) {
      catalog.parameters().validateUpdate(target.id(), parameters);
    }
    if (target != null) {
      Calls.checkMaintenanceInfo(target, maintenanceInfo);
    }
    PlatformContext platform = context == null ? null : PlatformContext.of(context);
    RequestContext ctx = Calls.withPlatform(rc, platform);

    Supplier<String> fingerprint =
        Calls.lazyFingerprint(s, "update " + acceptsIncomplete, body);
    String running = s.async().joinOrRefuse(instanceId, OperationKind.UPDATE, null, fingerprint);
    if (running != null) {
      return Calls.json(202, Map.of("operation", running));
    }
    UpdateResponse r;
    try {
      r = s.broker().update(new UpdateRequest(instanceId, service, plan, platform, parameters,
          previous, maintenanceInfo, acceptsIncomplete, ctx));
    } catch (ServiceBrokerException e) {
      throw Calls.sanitize(e, true, true);
    }
    Calls.requireAnswer(r, "update", ctx);
    if (!r.async()) {
      return Calls.json(200, r);
    }
    Calls.requireAsyncAccepted(acceptsIncomplete, "update", ctx);
    if (r.task() != null) {
      String op = s.async().start(OperationKind.UPDATE, instanceId, null,
          fingerprint.get(), ctx.requestId(), r.task(), () -> { });
      return Calls.json(202, new UpdateResponse(r.dashboardUrl(), op, r.metadata(), true, null));
    }
    Calls.checkOperation(r.operation(), ctx);
    return Calls.json(202, r);
  }

  private PreviousValues previousValues(ObjectNode node) {
    if (node == null) {
      return null;
    }
    JsonFields f = s.fields();
    return new PreviousValues(
        f.optionalString(node, "service_id", "previous_values.service_id"),
        f.optionalString(node, "plan_id", "previous_values.plan_id"),
        f.optionalString(node, "organization_id", "previous_values.organization_id"),
        f.optionalString(node, "space_id", "previous_values.space_id"),
        f.maintenanceInfo(node, "maintenance_info", "previous_values.maintenance_info"));
  }
}
