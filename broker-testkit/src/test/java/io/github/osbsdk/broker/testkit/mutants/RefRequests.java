package io.github.osbsdk.broker.testkit.mutants;

import static io.github.osbsdk.broker.testkit.mutants.Mutation.*;
import static io.github.osbsdk.broker.testkit.mutants.Probe.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** Validation of request bodies and query parameters shared by the endpoints. */
final class RefRequests {
  /**
   * A resolved service and plan.
   *
   * @param serviceId the service id
   * @param planId the plan id
   * @param plan the plan's catalog entry
   */
  record Target(String serviceId, String planId, JsonNode plan) {}

  private final RefState state;

  RefRequests(RefState state) {
    this.state = state;
  }

  static String text(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw OsbError.badRequest(field + " must be a string.");
    }
    return v.asText();
  }

  /** Resolves {@code service_id} and {@code plan_id} of a provision or bind body. */
  Target target(JsonNode body, boolean provision) {
    String serviceId = text(body, "service_id");
    String planId = text(body, "plan_id");
    if (provision && serviceId == null && planId != null
        && state.has(PROVISION_SERVICE_ID_OPTIONAL) && state.catalog.anyPlan(planId).isPresent()) {
      serviceId = RefCatalog.CACHE_PLAN.equals(planId) ? RefCatalog.CACHE_SERVICE
          : RefCatalog.DB_SERVICE;
    }
    if (serviceId == null || planId == null) {
      if (!(provision && state.has(PROVISION_MISSING_FIELD_ACCEPTED))) {
        throw OsbError.badRequest("service_id and plan_id are required.");
      }
      serviceId = serviceId == null ? RefCatalog.DB_SERVICE : serviceId;
      planId = planId == null ? RefCatalog.SYNC_PLAN : planId;
    }
    return resolve(serviceId, planId, provision);
  }

  private Target resolve(String serviceId, String planId, boolean provision) {
    Optional<JsonNode> plan = state.catalog.plan(serviceId, planId);
    if (plan.isPresent()) {
      return new Target(serviceId, planId, plan.get());
    }
    Optional<JsonNode> other = state.catalog.anyPlan(planId);
    if (provision && other.isPresent() && state.catalog.service(serviceId).isPresent()
        && state.has(PROVISION_PLAN_OF_OTHER_SERVICE_ACCEPTED)) {
      String owner = RefCatalog.CACHE_PLAN.equals(planId) ? RefCatalog.CACHE_SERVICE
          : RefCatalog.DB_SERVICE;
      return new Target(owner, planId, other.get());
    }
    if (provision && state.has(PROVISION_UNKNOWN_SERVICE_ACCEPTED) && other.isPresent()) {
      return new Target(RefCatalog.CACHE_PLAN.equals(planId) ? RefCatalog.CACHE_SERVICE
          : RefCatalog.DB_SERVICE, planId, other.get());
    }
    if (provision && state.has(PROVISION_UNKNOWN_PLAN_ACCEPTED) && other.isEmpty()) {
      return new Target(RefCatalog.DB_SERVICE, RefCatalog.SYNC_PLAN,
          state.catalog.plan(RefCatalog.DB_SERVICE, RefCatalog.SYNC_PLAN).orElseThrow());
    }
    if (state.catalog.service(serviceId).isEmpty()) {
      throw OsbError.badRequest("Unknown service_id '" + serviceId + "'.");
    }
    throw OsbError.badRequest("Unknown plan_id '" + planId + "' for this service.");
  }

  /** Resolves an update body: service required, plan optional (null = no change). */
  Target updateTarget(JsonNode body) {
    String serviceId = text(body, "service_id");
    if (serviceId == null) {
      throw OsbError.badRequest("service_id is required.");
    }
    if (state.catalog.service(serviceId).isEmpty()) {
      throw OsbError.badRequest("Unknown service_id '" + serviceId + "'.");
    }
    String planId = text(body, "plan_id");
    if (planId == null) {
      return new Target(serviceId, null, null);
    }
    Optional<JsonNode> plan = state.catalog.plan(serviceId, planId);
    if (plan.isEmpty()) {
      if (state.has(UPDATE_UNKNOWN_PLAN_ACCEPTED)) {
        return new Target(serviceId, null, null);
      }
      throw OsbError.badRequest("Unknown plan_id '" + planId + "' for this service.");
    }
    return new Target(serviceId, planId, plan.get());
  }

  /** Returns the {@code parameters} object (empty when absent), checked against the schema. */
  JsonNode parameters(JsonNode body, Target t, String a, String b, boolean validate) {
    JsonNode params = body.get("parameters");
    if (params == null || params.isNull()) {
      params = state.object();
    }
    if (!params.isObject()) {
      throw OsbError.badRequest("parameters must be a JSON object.");
    }
    if (validate) {
      String problem = SchemaCheck.problem(state.catalog.schema(t.serviceId(), t.planId(), a, b),
          params, "parameters");
      if (problem != null) {
        throw OsbError.badRequest("Invalid parameters: " + problem + ".");
      }
    }
    return params;
  }

  /** Checks that {@code context}, when sent, is an object with a string {@code platform}. */
  void context(JsonNode body) {
    JsonNode ctx = body.get("context");
    if (ctx != null && !ctx.isNull() && !ctx.isObject()) {
      throw OsbError.badRequest("context must be a JSON object.");
    }
  }

  /** 422 MaintenanceInfoConflict when {@code maintenance_info} does not match the plan. */
  void maintenanceInfo(JsonNode body, Target t) {
    JsonNode mi = body.get("maintenance_info");
    if (mi == null || mi.isNull()) {
      return;
    }
    if (!mi.isObject() || !mi.path("version").isTextual()) {
      throw OsbError.badRequest("maintenance_info must be an object with a version.");
    }
    JsonNode expected = t.plan().path("maintenance_info").path("version");
    if (!expected.isTextual() || !expected.asText().equals(mi.get("version").asText())) {
      throw OsbError.unprocessable("MaintenanceInfoConflict",
          "The maintenance_info.version does not match the service plan's.");
    }
  }

  /**
   * The body as a JSON object (see {@link Call#jsonObject}); 400 for a number beyond the range
   * of a double, which Jackson would read as Infinity.
   */
  JsonNode body(Call c, boolean sloppy) {
    JsonNode body = c.jsonObject(state.mapper, sloppy);
    if (!state.has(NUMBER_READ_AS_INFINITY) && !finite(body)) {
      throw OsbError.badRequest("The request body holds a number beyond the range of a double.");
    }
    return body;
  }

  private static boolean finite(JsonNode node) {
    if (node.isFloatingPointNumber() && !node.isBigDecimal()) {
      return Double.isFinite(node.doubleValue());
    }
    for (JsonNode child : node) {
      if (!finite(child)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Checks that a DELETE query has {@code service_id} and {@code plan_id}. Their values are
   * checked against the target once it is found ({@link #deleteTarget}): a delete of an unknown
   * target is 410 whatever ids it names, as the platform sends those of a plan since removed.
   */
  void deleteQuery(Call c, boolean sloppy) {
    String serviceId = c.query.get("service_id");
    String planId = c.query.get("plan_id");
    if (serviceId == null || planId == null) {
      if (sloppy || (planId == null && serviceId != null
          && state.has(DEPROVISION_PLAN_ID_OPTIONAL))) {
        return;
      }
      throw OsbError.badRequest("The query parameters service_id and plan_id are required.");
    }
  }

  /** 400 when the ids of a DELETE query are not a plan of the catalog (before any look-up). */
  void knownIds(Call c) {
    String serviceId = c.query.get("service_id");
    String planId = c.query.get("plan_id");
    if (serviceId != null && planId != null && state.catalog.plan(serviceId, planId).isEmpty()) {
      throw OsbError.badRequest("Unknown service_id or plan_id.");
    }
  }

  /**
   * 400 when the ids of a DELETE query do not fit the target found: another service than its
   * own (unless {@code otherServiceAccepted}), or a plan neither its own nor of its service.
   */
  void deleteTarget(Call c, String targetServiceId, String targetPlanId,
      boolean otherServiceAccepted) {
    String serviceId = c.query.get("service_id");
    String planId = c.query.get("plan_id");
    if (serviceId == null || planId == null) {
      return; // a mutation let it through
    }
    if (otherServiceAccepted) {
      if (state.catalog.plan(serviceId, planId).isEmpty() && !planId.equals(targetPlanId)) {
        throw OsbError.badRequest("Unknown service_id or plan_id.");
      }
      return;
    }
    if (!serviceId.equals(targetServiceId)) {
      throw OsbError.badRequest("service_id does not match the service instance.");
    }
    if (!planId.equals(targetPlanId) && state.catalog.plan(serviceId, planId).isEmpty()) {
      throw OsbError.badRequest("Unknown plan_id '" + planId + "' for this service.");
    }
  }
}
