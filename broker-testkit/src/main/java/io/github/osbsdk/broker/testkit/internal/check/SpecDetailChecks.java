package io.github.osbsdk.broker.testkit.internal.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.osbsdk.broker.api.binding.BindingDetails;
import io.github.osbsdk.broker.testkit.Rule;
import io.github.osbsdk.broker.testkit.client.BindResponse;
import io.github.osbsdk.broker.testkit.client.FetchBinding;
import io.github.osbsdk.broker.testkit.client.LastOperation;
import io.github.osbsdk.broker.testkit.client.LastOperationResponse;
import io.github.osbsdk.broker.testkit.client.OsbResponse;
import io.github.osbsdk.broker.testkit.client.ProvisionResponse;
import io.github.osbsdk.broker.testkit.client.UpdateResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Finer points of the spec: what a repeated provision is compared with after an update, the
 * flags of a provision's last_operation, and the binding fields a service must declare in
 * {@code requires}.
 */
final class SpecDetailChecks {
  /** Binding fields and the {@code requires} permission each needs. */
  private static final String[][] PERMISSIONS = {{"syslog_drain_url", "syslog_drain"},
      {"route_service_url", "route_forwarding"}, {"volume_mounts", "volume_mount"}};

  private SpecDetailChecks() {}

  static List<Check> perPlan(PlanRef p) {
    return List.of(
        Check.of(Rule.PROVISION_IDENTICAL_AFTER_UPDATE, p, ctx -> identicalAfterUpdate(ctx, p)),
        Check.of(Rule.LAST_OPERATION_NO_USABLE_FLAGS, p, ctx -> lastOperationFlags(ctx, p)));
  }

  static Check perBindablePlan(CatalogView view, PlanRef p) {
    return Check.of(Rule.BIND_REQUIRES_PERMISSIONS, p, ctx -> requiresPermissions(ctx, view, p));
  }

  /**
   * Provisions, changes the plan, then repeats the creating request (different from the
   * instance now: 409) and the same request naming the new plan (the instance as it is: 200).
   */
  private static void identicalAfterUpdate(CheckContext ctx, PlanRef p) {
    if (!p.planUpdateable()) {
      throw ctx.notApplicable("the plan is not plan_updateable");
    }
    boolean async = ctx.caps().asyncOnlyPlans().contains(p.planId());
    PlanRef target = p.otherPlans().stream()
        .filter(t -> ctx.caps().asyncOnlyPlans().contains(t.planId()) == async)
        .filter(t -> p.plan().maintenanceInfo() == null && t.plan().maintenanceInfo() == null)
        .filter(t -> Objects.equals(ProvisionChecks.createSchema(t),
            ProvisionChecks.createSchema(p)))
        .findFirst().orElseThrow(() -> ctx.notApplicable("the service has no other plan of the"
            + " same kind, without maintenance_info and with the same create schema"));
    Provisioned inst = ctx.provision(p);
    Map<String, Object> change = new LinkedHashMap<>();
    change.put("service_id", p.serviceId());
    change.put("plan_id", target.planId());
    change.put("previous_values", Map.of("service_id", p.serviceId(), "plan_id", p.planId()));
    OsbResponse<UpdateResponse> u = ctx.client().update(inst.id(), change, true);
    if (u.isSuccess()) {
      ctx.onCleanup("i:" + inst.id(), () -> ctx.deprovisionQuietly(inst.id(), target));
    }
    if (u.status() == 422 && u.errorCode().isEmpty()) {
      throw ctx.notApplicable("the broker does not support the plan change to "
          + target.label() + " (422)");
    }
    ctx.expectStatus(u, "a plan change to " + target.label(), 200, 202);
    if (u.status() == 202) {
      ctx.awaitInstance(inst.id(), target, u.operation().orElse(null), false);
    }
    OsbResponse<ProvisionResponse> original = ctx.client().provision(inst.id(), inst.body(),
        true);
    ctx.expectStatus(original, "the creating provision repeated after the plan changed to "
        + target.label() + " (the instance now has other attributes)", 409);
    Map<String, Object> now = new LinkedHashMap<>(inst.body());
    now.put("plan_id", target.planId());
    OsbResponse<ProvisionResponse> current = ctx.client().provision(inst.id(), now, true);
    ctx.expectStatus(current, "a provision naming the instance as it is after the plan change"
        + " (plan " + target.label() + ", same parameters): identical to the existing instance",
        200);
  }

  /** Polls an asynchronous provision: no answer may carry the update/deprovision flags. */
  private static void lastOperationFlags(CheckContext ctx, PlanRef p) {
    String id = ctx.newId();
    OsbResponse<ProvisionResponse> r = ctx.client().provision(id, ctx.provisionBody(p), true);
    if (r.isSuccess()) {
      ctx.onCleanup("i:" + id, () -> ctx.deprovisionQuietly(id, p));
    }
    ctx.expectStatus(r, "a provision of a new instance with accepts_incomplete=true", 201, 202);
    if (r.status() == 201) {
      throw ctx.notApplicable("the plan provisions synchronously");
    }
    String op = r.operation().orElse(null);
    OsbResponse<LastOperationResponse> first = ctx.client().lastOperation(LastOperation.instance(id)
        .service(p.serviceId()).plan(p.planId()).operation(op));
    noFlags(ctx, first);
    // every poll until it ends, not only the first and the final one
    LastOperation poll = LastOperation.instance(id).service(p.serviceId()).plan(p.planId())
        .operation(op);
    Poller.poll(ctx, () -> {
      OsbResponse<LastOperationResponse> next = ctx.client().lastOperation(poll);
      noFlags(ctx, next);
      return next;
    }, p, false, "instance " + id);
  }

  private static void noFlags(CheckContext ctx, OsbResponse<LastOperationResponse> r) {
    if (r.json() == null || !r.json().isObject()) {
      return; // last-operation.state reports it
    }
    for (String flag : List.of("instance_usable", "update_repeatable")) {
      if (r.json().has(flag)) {
        throw ctx.fail("expected no '" + flag + "' in last_operation of a provision (the spec"
            + " allows instance_usable for updates and deprovisions, update_repeatable for"
            + " updates), got " + flag + "=" + r.json().get(flag), r);
      }
    }
  }

  /**
   * Binds, and compares the binding's fields with the service's {@code requires} in every answer
   * that carries them: the bind's (when synchronous), a fetch (when retrievable) and an identical
   * repeated bind.
   */
  private static void requiresPermissions(CheckContext ctx, CatalogView view, PlanRef p) {
    Bound b = ctx.bind(ctx.provision(p));
    List<String> requires = p.service().requires() == null ? List.of()
        : p.service().requires();
    if (!b.async()) {
      permitted(ctx, requires, b.first(), "the bind's answer");
    }
    if (view.bindingsRetrievable(p)) {
      OsbResponse<BindingDetails> fetched = ctx.client().fetchBinding(FetchBinding
          .instance(b.instance().id()).binding(b.id()).service(p.serviceId()).plan(p.planId()));
      ctx.expectStatus(fetched, "a fetch of the binding", 200);
      permitted(ctx, requires, fetched, "the fetch of the binding");
    }
    OsbResponse<BindResponse> again = ctx.client().bind(b.instance().id(), b.id(), b.body(),
        true);
    if (again.status() == 200 || again.status() == 201) {
      // bind.identical reports other statuses
      permitted(ctx, requires, again, "an identical repeated bind's answer");
    }
  }

  private static void permitted(CheckContext ctx, List<String> requires, OsbResponse<?> answer,
      String what) {
    JsonNode json = answer.json();
    if (json == null || !json.isObject()) {
      return; // bind.created, fetch-binding.ok or bind.identical reports it
    }
    List<String> missing = new ArrayList<>();
    for (String[] pair : PERMISSIONS) {
      JsonNode value = json.get(pair[0]);
      if (value != null && !value.isNull() && !requires.contains(pair[1])) {
        missing.add(pair[0] + " needs \"" + pair[1] + "\"");
      }
    }
    if (!missing.isEmpty()) {
      throw ctx.fail("expected binding fields only with the service's \"requires\" permission,"
          + " but in " + what + " " + String.join(", ", missing) + " (requires: " + requires
          + ")", answer);
    }
  }
}
