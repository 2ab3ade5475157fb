package io.github.osbsdk.broker.testkit.internal.check;

import io.github.osbsdk.broker.testkit.Rule;
import io.github.osbsdk.broker.testkit.client.BindResponse;
import io.github.osbsdk.broker.testkit.client.OsbResponse;
import io.github.osbsdk.broker.testkit.client.Unbind;
import io.github.osbsdk.broker.testkit.client.UpdateResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Updates, binds and unbinds of a declared async-only plan sent without
 * {@code accepts_incomplete=true}: a broker may do them synchronously, or refuse them with 422
 * {@code AsyncRequired}, but never answer 202 (spec: "For a Service Broker to return an
 * asynchronous response, the query parameter accepts_incomplete=true MUST be included the
 * request"). Every other update, bind and unbind of the suite carries the flag.
 */
final class AsyncRequiredChecks {
  private AsyncRequiredChecks() {}

  static List<Check> perPlan(CatalogView view, PlanRef p) {
    List<Check> checks = new ArrayList<>();
    if (!view.capabilities().asyncOnlyPlans().contains(p.planId())) {
      return checks;
    }
    checks.add(Check.of(Rule.UPDATE_ASYNC_REQUIRED, p, ctx -> update(ctx, p)));
    if (view.bindable(p)) {
      checks.add(Check.of(Rule.BIND_ASYNC_REQUIRED, p, ctx -> bind(ctx, p)));
      checks.add(Check.of(Rule.UNBIND_ASYNC_REQUIRED, p, ctx -> unbind(ctx, p)));
    }
    return checks;
  }

  private static void update(CheckContext ctx, PlanRef p) {
    if (!ctx.caps().update().orElse(false) && !p.planUpdateable()) {
      throw ctx.notApplicable("the plan is not plan_updateable and parameter updates are not"
          + " declared (" + ctx.settings().front().setting("Capabilities.update", "--update")
          + ")");
    }
    Provisioned inst = ctx.provision(p);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("service_id", p.serviceId());
    body.put("plan_id", p.planId());
    body.put("parameters", inst.body().get("parameters"));
    body.put("previous_values", Map.of("service_id", p.serviceId(), "plan_id", p.planId()));
    OsbResponse<UpdateResponse> r = ctx.client().update(inst.id(), body, false);
    if (r.status() == 202) {
      InstanceAsyncChecks.awaitQuietly(ctx, inst.id(), p, r.operation().orElse(null));
      throw accepted(ctx, "an update", r);
    }
    if (r.status() == 200) {
      return; // a synchronous update is allowed: the broker did not need async work
    }
    ctx.expectError(r, "an update without accepts_incomplete=true of an instance of async-only"
        + " plan " + p.label(), 422, "AsyncRequired");
  }

  private static void bind(CheckContext ctx, PlanRef p) {
    Provisioned inst = ctx.provision(p);
    String bid = ctx.newId();
    OsbResponse<BindResponse> r = ctx.client().bind(inst.id(), bid, ctx.bindBody(p), false);
    if (r.isSuccess()) {
      // a synchronous binding is unbound as any other (accepts_incomplete=true, waited for)
      ctx.onCleanup("b:" + inst.id() + "/" + bid, () -> {
        if (r.status() == 202) {
          awaitBindingQuietly(ctx, inst.id(), bid, p, r.operation().orElse(null), false);
        }
        ctx.unbindQuietly(inst.id(), bid, p);
      });
    }
    if (r.status() == 202) {
      throw accepted(ctx, "a bind", r);
    }
    if (r.status() == 200 || r.status() == 201) {
      return; // a synchronous bind is allowed: the broker did not need async work
    }
    ctx.expectError(r, "a bind without accepts_incomplete=true on an instance of async-only"
        + " plan " + p.label(), 422, "AsyncRequired");
  }

  private static void unbind(CheckContext ctx, PlanRef p) {
    Bound b = ctx.bind(ctx.provision(p));
    String iid = b.instance().id();
    OsbResponse<?> r = ctx.client().unbind(Unbind.instance(iid).binding(b.id())
        .service(p.serviceId()).plan(p.planId()));
    if (r.status() == 202) {
      ctx.forgetBinding(iid, b.id());
      awaitBindingQuietly(ctx, iid, b.id(), p, r.operation().orElse(null), true);
      throw accepted(ctx, "an unbind", r);
    }
    if (r.status() == 200) {
      ctx.forgetBinding(iid, b.id());
      return; // a synchronous unbind is allowed: the broker did not need async work
    }
    ctx.expectError(r, "an unbind without accepts_incomplete=true of a binding of async-only"
        + " plan " + p.label(), 422, "AsyncRequired");
  }

  private static CheckFailure accepted(CheckContext ctx, String what, OsbResponse<?> r) {
    return ctx.fail("expected 422 AsyncRequired (or a synchronous success) for " + what
        + " without accepts_incomplete=true, got 202: a broker may only answer 202 when the"
        + " platform accepts incomplete operations", r);
  }

  /** Waits for a binding's operation, ignoring failures (other rules report them). */
  private static void awaitBindingQuietly(CheckContext ctx, String iid, String bid, PlanRef p,
      String operation, boolean deleting) {
    try {
      ctx.awaitBinding(iid, bid, p, operation, deleting);
    } catch (CheckFailure e) {
      // async.completes and last-operation.state report broken operations
    }
  }
}
