package io.github.osbsdk.broker.testkit.mutants;

import static io.github.osbsdk.broker.testkit.mutants.Mutation.*;
import static io.github.osbsdk.broker.testkit.mutants.Probe.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The service-instance endpoints of the reference broker. */
final class RefInstances {
  private final RefState state;
  private final RefRequests req;

  RefInstances(RefState state) {
    this.state = state;
    this.req = new RefRequests(state);
  }

  Reply provision(Call c, String iid) {
    JsonNode body = req.body(c, state.has(PROVISION_MALFORMED_BODY_500));
    RefRequests.Target t = req.target(body, true);
    JsonNode params = req.parameters(body, t, "service_instance", "create",
        !state.has(PROVISION_PARAMETERS_NOT_VALIDATED));
    req.context(body);
    if (!state.has(PROVISION_MAINTENANCE_INFO_IGNORED)) {
      req.maintenanceInfo(body, t);
    }
    boolean async = RefCatalog.asyncOnly(t.planId());
    if (async && !c.acceptsIncomplete()) {
      if (!state.has(PROVISION_ASYNC_REQUIRED_IGNORED)) {
        throw OsbError.unprocessable("AsyncRequired",
            "This service plan requires client support for asynchronous service operations.");
      }
      async = false;
    }
    async |= (state.mutations.has(Variant.ASYNC_PROVISIONS)
        || state.has(REPLICA_STALE_PROVISION_OPERATION)) && c.acceptsIncomplete();
    ObjectNode fingerprint = state.object().put("service_id", t.serviceId())
        .put("plan_id", t.planId());
    fingerprint.set("parameters", params);
    synchronized (state.lock) {
      Instance existing = state.settle(iid);
      if (existing != null) {
        if (existing.running() && existing.op.kind() == Op.Kind.DEPROVISION) {
          throw OsbError.unprocessable("ConcurrencyError", "The instance is being deleted.");
        }
        String plan = state.has(PROVISION_IDENTICAL_COMPARES_CREATE) ? existing.createPlanId
            : existing.planId;
        boolean identical = existing.serviceId.equals(t.serviceId())
            && plan.equals(t.planId()) && existing.parameters.equals(params);
        // a replica that forgot the finished create sees it as running
        boolean stale = c.replica && existing.op != null
            && (state.has(REPLICA_STALE_PROVISION_OPERATION)
            || (state.has(REPLICA_STALE_ASYNC_PLAN_PROVISION)
                || state.has(REPLICA_STALE_UNDECLARED_ASYNC_PLAN)) && RefCatalog.asyncOnly(plan));
        if (identical && (!existing.created || stale)) {
          ObjectNode r = state.object().put("dashboard_url", existing.dashboardUrl);
          String op = state.has(PROVISION_IDENTICAL_NEW_OPERATION)
              ? state.newOp(Op.Kind.PROVISION, fingerprint).id() : existing.op.id();
          return Reply.json(202, r.put("operation", op));
        }
        if (identical) {
          int status = state.has(PROVISION_IDENTICAL_201) ? 201 : 200;
          ObjectNode r = state.object().put("dashboard_url", existing.dashboardUrl);
          if (state.has(PROVISION_REPEAT_INSTANCE_USABLE)) {
            r.put("instance_usable", true);
          }
          return Reply.json(status, r);
        }
        if (state.has(PROVISION_CONFLICT_200)) {
          return Reply.json(200, state.object().put("dashboard_url", existing.dashboardUrl));
        }
        if (!state.has(PROVISION_CONFLICT_201)) {
          throw new OsbError(409, null,
              "A service instance with this id exists already with different attributes.");
        }
      }
      state.deprovisioned.remove(iid);
      String mi = t.plan().path("maintenance_info").path("version").asText(null);
      Instance in = new Instance(iid, t.serviceId(), t.planId(), params, mi,
          state.dashboardUrl(iid));
      state.instances.put(iid, in);
      if (async) {
        RefState.start(in, state.newOp(Op.Kind.PROVISION, fingerprint));
        ObjectNode r = state.object();
        if (!state.has(PROVISION_DASHBOARD_URL_LATE)) {
          r.put("dashboard_url", in.dashboardUrl);
        }
        return Reply.json(202, r.put("operation", in.op.id()));
      }
      in.created = true;
      ObjectNode r = state.object();
      if (!state.has(PROVISION_SYNC_NO_DASHBOARD)) {
        r.put("dashboard_url", in.dashboardUrl);
      }
      if (state.has(PROVISION_SUCCESS_INSTANCE_USABLE)) {
        r.put("instance_usable", true);
      }
      return Reply.json(state.has(PROVISION_NEW_200) ? 200 : 201, r);
    }
  }

  Reply fetch(Call c, String iid) {
    synchronized (state.lock) {
      Instance in = state.settle(iid);
      if (in == null) {
        if (state.has(FETCH_INSTANCE_UNKNOWN_200)) {
          return Reply.json(200, state.object());
        }
        throw OsbError.notFound("The service instance does not exist.");
      }
      if ((!in.created && !state.has(FETCH_INSTANCE_WHILE_PROVISIONING_200))
          || (state.has(FETCH_LAGS_AFTER_SUCCEEDED) && in.createdAtNanos != 0
          && System.nanoTime() - in.createdAtNanos < 1_000_000_000L)) {
        throw OsbError.notFound("The service instance is still being provisioned.");
      }
      if (in.running() && in.op.kind() == Op.Kind.UPDATE) {
        throw OsbError.unprocessable("ConcurrencyError", "The service instance is being updated.");
      }
      ObjectNode r = state.object().put("service_id", in.serviceId)
          .put("plan_id", state.has(FETCH_INSTANCE_WRONG_PLAN) ? RefCatalog.SYNC_PLAN : in.planId);
      r.put("dashboard_url", in.dashboardUrl);
      r.set("parameters", in.parameters);
      if (in.maintenanceVersion != null) {
        r.putObject("maintenance_info").put("version", in.maintenanceVersion);
      }
      return Reply.json(200, r);
    }
  }

  Reply update(Call c, String iid) {
    JsonNode body = req.body(c, false);
    RefRequests.Target t = req.updateTarget(body);
    req.context(body);
    synchronized (state.lock) {
      Instance in = state.settle(iid);
      if (in == null) {
        throw OsbError.notFound("The service instance does not exist.");
      }
      if (!in.serviceId.equals(t.serviceId())) {
        throw OsbError.badRequest("service_id does not match the service instance.");
      }
      String target = t.planId() == null ? in.planId : t.planId();
      RefRequests.Target resolved = new RefRequests.Target(in.serviceId, target,
          state.catalog.plan(in.serviceId, target).orElseThrow());
      JsonNode params = body.has("parameters")
          ? req.parameters(body, resolved, "service_instance", "update",
              !state.has(UPDATE_PARAMETERS_NOT_VALIDATED)) : in.parameters;
      req.maintenanceInfo(body, resolved);
      boolean planChange = !target.equals(in.planId);
      if (planChange && !state.catalog.updateable(in.serviceId, in.planId)
          && !state.has(UPDATE_NOT_UPDATEABLE_ACCEPTED)) {
        throw OsbError.unprocessable(null, "The plan of this service instance cannot be changed.");
      }
      if (planChange && state.mutations.has(Variant.PLAN_CHANGE_BETWEEN_KINDS_REFUSED)
          && RefCatalog.asyncOnly(in.planId) != RefCatalog.asyncOnly(target)) {
        throw OsbError.unprocessable(null, "Changes between synchronous and asynchronous plans"
            + " are not supported.");
      }
      ObjectNode fingerprint = state.object().put("plan_id", target);
      fingerprint.set("parameters", params);
      if (state.has(CONCURRENT_UPDATE_ACCEPTED) && in.running()) {
        // accepts the update while the provision goes on (a broker that instead let the update
        // end the provision would look like one whose provision ended first: not applicable)
        return Reply.json(200, state.object());
      } else if (!in.created) {
        throw OsbError.unprocessable(
            state.has(CONCURRENCY_WITHOUT_CODE) ? null : "ConcurrencyError",
            "The instance is being provisioned.");
      }
      if (in.running() && !state.has(CONCURRENT_UPDATE_ACCEPTED)) {
        if (in.op.kind() == Op.Kind.UPDATE && in.op.request().equals(fingerprint)) {
          return Reply.json(202, state.object().put("operation", in.op.id()));
        }
        throw OsbError.unprocessable("ConcurrencyError",
            "Another operation for this service instance is in progress.");
      }
      if (RefCatalog.asyncOnly(in.planId)) {
        if (!c.acceptsIncomplete() && !state.has(UPDATE_IGNORES_ACCEPTS_INCOMPLETE)) {
          throw OsbError.unprocessable("AsyncRequired",
              "This service plan requires client support for asynchronous service operations.");
        }
        in.pendingPlanId = target;
        in.pendingParameters = params;
        RefState.start(in, state.newOp(Op.Kind.UPDATE, fingerprint));
        return Reply.json(202, state.object().put("operation", in.op.id()));
      }
      in.planId = target;
      in.parameters = params;
      if (state.has(UPDATE_BODY_ARRAY)) {
        return Reply.json(200, state.mapper.createArrayNode());
      }
      return state.has(UPDATE_NO_BODY) ? Reply.empty(204) : Reply.json(200, state.object());
    }
  }

  Reply deprovision(Call c, String iid) {
    req.deleteQuery(c, state.has(DEPROVISION_MISSING_FIELD_ACCEPTED));
    if (state.has(DEPROVISION_UNKNOWN_PLAN_400)) {
      req.knownIds(c);
    }
    synchronized (state.lock) {
      Instance in = state.settle(iid);
      if (in == null) {
        if (state.has(DEPROVISION_GONE_200)) {
          return Reply.json(200, state.object());
        }
        if (state.has(DEPROVISION_GONE_404)) {
          throw OsbError.notFound("The service instance does not exist.");
        }
        throw OsbError.gone("The service instance does not exist.");
      }
      req.deleteTarget(c, in.serviceId, in.planId, state.has(DEPROVISION_OTHER_SERVICE_ACCEPTED));
      if (in.running() && in.op.kind() == Op.Kind.DEPROVISION) {
        return Reply.json(202, state.object().put("operation", in.op.id()));
      }
      if (RefCatalog.asyncOnly(in.planId)) {
        if (!c.acceptsIncomplete() && state.mutations.has(Variant.SYNC_DEPROVISION_OF_ASYNC_PLAN)) {
          state.instances.remove(iid);
          return Reply.json(200, state.object());
        }
        if (!c.acceptsIncomplete() && !state.has(DEPROVISION_ASYNC_REQUIRED_IGNORED)) {
          throw OsbError.unprocessable("AsyncRequired",
              "This service plan requires client support for asynchronous service operations.");
        }
        RefState.start(in, state.newOp(Op.Kind.DEPROVISION, state.object()));
        return Reply.json(202, state.object().put("operation", in.op.id()));
      }
      state.instances.remove(iid);
      return state.has(DEPROVISION_NO_BODY) ? Reply.empty(204) : Reply.json(200, state.object());
    }
  }

  Reply lastOperation(Call c, String iid) {
    String operation = c.operation(state.mutations);
    if (operation != null && state.has(LAST_OPERATION_REJECTS_OPERATION)) {
      throw OsbError.badRequest("Unexpected query parameter 'operation'.");
    }
    if (iid.startsWith("crn:") && (state.has(CRN_LAST_OPERATION_UNKNOWN)
        || state.has(CRN_LAST_OPERATION_UNKNOWN_UNDECLARED))) {
      throw OsbError.notFound("The service instance does not exist.");
    }
    synchronized (state.lock) {
      Instance in = state.settle(iid);
      if (in == null) {
        if (state.deprovisioned.containsKey(iid)) {
          if (state.has(LAST_OPERATION_LOST_AFTER_DELETE)) {
            return state.lastOperation(null, true);
          }
          throw OsbError.gone("The service instance has been deleted.");
        }
        if (state.has(LAST_OPERATION_UNKNOWN_200)) {
          return Reply.json(200, state.object().put("state", "succeeded"));
        }
        throw OsbError.notFound("The service instance does not exist.");
      }
      if (operation != null && (in.op == null || !operation.equals(in.op.id()))) {
        if (!in.pastOps.contains(operation)) {
          throw OsbError.badRequest("Unknown operation for this service instance.");
        }
        return state.lastOperation(null, false);
      }
      return state.lastOperation(in.op, false);
    }
  }
}
