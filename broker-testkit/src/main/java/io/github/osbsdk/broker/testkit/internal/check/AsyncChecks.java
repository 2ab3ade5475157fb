package io.github.osbsdk.broker.testkit.internal.check;

import io.github.osbsdk.broker.testkit.Rule;
import io.github.osbsdk.broker.testkit.client.Deprovision;
import io.github.osbsdk.broker.testkit.client.LastOperation;
import io.github.osbsdk.broker.testkit.client.LastOperationResponse;
import io.github.osbsdk.broker.testkit.client.OsbResponse;
import io.github.osbsdk.broker.testkit.client.ProvisionResponse;
import java.util.List;
import java.util.Set;

/** Checks of asynchronous operations and last_operation, generated per plan. */
final class AsyncChecks {
  private static final Set<String> STATES = Set.of("in progress", "succeeded", "failed");

  private AsyncChecks() {}

  static List<Check> perPlan(PlanRef p) {
    return List.of(
        Check.of(Rule.ASYNC_OPERATION_ROUND_TRIP, p, ctx -> roundTrip(ctx, p)),
        Check.of(Rule.ASYNC_COMPLETES, p, ctx -> completes(ctx, p)),
        Check.of(Rule.LAST_OPERATION_STATE, p, ctx -> state(ctx, p)),
        Check.of(Rule.LAST_OPERATION_GONE_AFTER_DELETE, p, ctx -> goneAfterDelete(ctx, p)));
  }

  static Check notFound(CatalogView view) {
    return Check.of(Rule.LAST_OPERATION_NOT_FOUND, ctx -> {
      PlanRef p = view.primary().orElse(null);
      LastOperation poll = LastOperation.instance(ctx.newId());
      OsbResponse<LastOperationResponse> r = ctx.client().lastOperation(p == null ? poll
          : poll.service(p.serviceId()).plan(p.planId()));
      ctx.expectStatus(r, "last_operation of an unknown instance", 404, 410);
    });
  }

  private static OsbResponse<ProvisionResponse> startAsync(CheckContext ctx, PlanRef p,
      String id) {
    OsbResponse<ProvisionResponse> r = ctx.client().provision(id, ctx.provisionBody(p), true);
    if (r.isSuccess()) {
      ctx.onCleanup("i:" + id, () -> ctx.deprovisionQuietly(id, p));
    }
    ctx.expectStatus(r, "a provision of a new instance with accepts_incomplete=true", 201, 202);
    if (r.status() == 201) {
      throw ctx.notApplicable("the plan provisions synchronously");
    }
    return r;
  }

  private static void roundTrip(CheckContext ctx, PlanRef p) {
    String id = ctx.newId();
    OsbResponse<ProvisionResponse> r = startAsync(ctx, p, id);
    String op = r.operation().orElse(null);
    if (r.json() != null && r.json().has("operation") && op == null) {
      throw ctx.fail("expected 'operation' of the 202 answer to be a string, got "
          + r.json().get("operation"), r);
    }
    if (op != null && op.length() > 10_000) {
      throw ctx.fail("expected an operation of at most 10,000 characters, got " + op.length(), r);
    }
    OsbResponse<LastOperationResponse> poll = ctx.client().lastOperation(LastOperation.instance(id)
        .service(p.serviceId()).plan(p.planId()).operation(op));
    ctx.expectStatus(poll, "last_operation with the operation '" + op + "' the broker returned",
        200);
    ctx.awaitInstance(id, p, op, false);
  }

  private static void completes(CheckContext ctx, PlanRef p) {
    String id = ctx.newId();
    OsbResponse<ProvisionResponse> r = startAsync(ctx, p, id);
    ctx.awaitInstance(id, p, r.operation().orElse(null), false);
  }

  private static void state(CheckContext ctx, PlanRef p) {
    String id = ctx.newId();
    OsbResponse<ProvisionResponse> r = startAsync(ctx, p, id);
    OsbResponse<LastOperationResponse> poll = ctx.client().lastOperation(LastOperation.instance(id)
        .service(p.serviceId()).plan(p.planId()).operation(r.operation().orElse(null)));
    ctx.expectStatus(poll, "last_operation of an instance being provisioned", 200);
    ctx.expectJsonObject(poll, "last_operation");
    String state = poll.text("state").orElse(null);
    if (state == null || !STATES.contains(state)) {
      throw ctx.fail("expected state 'in progress', 'succeeded' or 'failed', got "
          + (poll.json().has("state") ? poll.json().get("state") : "no state"), poll);
    }
    ctx.awaitInstance(id, p, r.operation().orElse(null), false);
  }

  private static void goneAfterDelete(CheckContext ctx, PlanRef p) {
    Provisioned inst = ctx.provision(p);
    OsbResponse<?> r = ctx.client().deprovision(Deprovision.instance(inst.id())
        .service(p.serviceId()).plan(p.planId()).acceptsIncomplete(true));
    ctx.expectStatus(r, "a deprovision of an existing instance", 200, 202);
    ctx.forgetInstance(inst.id());
    if (r.status() == 200) {
      throw ctx.notApplicable("the plan deprovisions synchronously");
    }
    ctx.awaitInstance(inst.id(), p, r.operation().orElse(null), true);
  }
}
