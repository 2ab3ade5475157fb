package io.github.osbsdk.broker.testkit.internal.check;

import io.github.osbsdk.broker.testkit.Rule;
import io.github.osbsdk.broker.testkit.client.OsbResponse;
import io.github.osbsdk.broker.testkit.client.UpdateResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Updates of a declared async-only plan sent without
 * {@code accepts_incomplete=true}: a broker may do them synchronously, or refuse them with 422
 * {@code AsyncRequired}, but never answer 202 (spec: "For a Service Broker to return an
 * asynchronous response, the query parameter accepts_incomplete=true MUST be included the
 * request"). Every other update of the suite carries the flag.
 */
final class AsyncRequiredChecks {
  private AsyncRequiredChecks() {}

  static List<Check> perPlan(CatalogView view, PlanRef p) {
    List<Check> checks = new ArrayList<>();
    if (!view.capabilities().asyncOnlyPlans().contains(p.planId())) {
      return checks;
    }
    checks.add(Check.of(Rule.UPDATE_ASYNC_REQUIRED, p, ctx -> update(ctx, p)));
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

  private static CheckFailure accepted(CheckContext ctx, String what, OsbResponse<?> r) {
    return ctx.fail("expected 422 AsyncRequired (or a synchronous success) for " + what
        + " without accepts_incomplete=true, got 202: a broker may only answer 202 when the"
        + " platform accepts incomplete operations", r);
  }
}
