package io.github.osbsdk.broker.testkit.internal.check;

import io.github.osbsdk.broker.api.instance.InstanceDetails;
import io.github.osbsdk.broker.testkit.client.Deprovision;
import io.github.osbsdk.broker.testkit.client.LastOperation;
import io.github.osbsdk.broker.testkit.client.LastOperationResponse;
import io.github.osbsdk.broker.testkit.client.OsbResponse;
import io.github.osbsdk.broker.testkit.client.ProvisionResponse;

/** Checks of instance endpoints that depend on asynchronous operations. */
final class InstanceAsyncChecks {
  private InstanceAsyncChecks() {}

  /**
   * Fetches an instance right after its provision was accepted with 202: 404 is demanded while
   * the create runs. A 200 only fails when last_operation still says {@code in progress} after
   * the fetch (else the create may have finished in between, and nothing can be concluded).
   */
  static void fetchWhileProvisioning(CheckContext ctx, PlanRef p) {
    String id = ctx.newId();
    OsbResponse<ProvisionResponse> r = ctx.client().provision(id, ctx.provisionBody(p), true);
    String op = r.operation().orElse(null);
    if (r.isSuccess()) {
      ctx.onCleanup("i:" + id, () -> {
        if (r.status() == 202) {
          awaitQuietly(ctx, id, p, op);
        }
        ctx.deprovisionQuietly(id, p);
      });
    }
    ctx.expectStatus(r, "a provision of a new instance with accepts_incomplete=true", 201, 202);
    if (r.status() == 201) {
      throw ctx.notApplicable("the plan provisions synchronously");
    }
    OsbResponse<InstanceDetails> fetched = ctx.client().fetchInstance(id, p.serviceId(),
        p.planId());
    if (fetched.status() == 404) {
      return;
    }
    OsbResponse<LastOperationResponse> after = ctx.client().lastOperation(LastOperation.instance(id)
        .service(p.serviceId()).plan(p.planId()).operation(op));
    boolean running = after.status() == 200
        && "in progress".equals(after.text("state").orElse(null));
    if (!running && fetched.status() == 200) {
      throw ctx.notApplicable("the provision finished before its instance could be fetched"
          + " while in progress");
    }
    throw ctx.fail("expected 404 for a fetch of an instance whose asynchronous provision is still"
        + " in progress" + (running ? " (last_operation said 'in progress' after the fetch)" : "")
        + ", got " + fetched.status(), fetched);
  }

  /**
   * Deprovisions an instance of a declared async-only plan without accepts_incomplete: 422
   * {@code AsyncRequired}, or a synchronous 200 (a broker that can delete at once may); never 202.
   */
  static void deprovisionAsyncRequired(CheckContext ctx, PlanRef p) {
    Provisioned inst = ctx.provision(p);
    OsbResponse<?> r = ctx.client().deprovision(Deprovision.instance(inst.id())
        .service(p.serviceId()).plan(p.planId()));
    if (r.status() == 202) {
      ctx.forgetInstance(inst.id());
      awaitDeleteQuietly(ctx, inst.id(), p, r.operation().orElse(null));
      throw ctx.fail("expected 422 AsyncRequired (or a synchronous 200) for a deprovision"
          + " without accepts_incomplete=true, got 202: a broker may only answer 202 when the"
          + " platform accepts incomplete operations", r);
    }
    if (r.status() == 200) {
      ctx.forgetInstance(inst.id());
      return; // a synchronous deprovision is allowed: the broker did not need async work
    }
    ctx.expectError(r, "a deprovision without accepts_incomplete=true of an instance of"
        + " async-only plan " + p.label(), 422, "AsyncRequired");
  }

  /** Waits for a running instance operation, ignoring failures (other rules report them). */
  static void awaitQuietly(CheckContext ctx, String id, PlanRef p, String operation) {
    try {
      ctx.awaitInstance(id, p, operation, false);
    } catch (CheckFailure e) {
      // async.completes and last-operation.state report broken operations
    }
  }

  private static void awaitDeleteQuietly(CheckContext ctx, String id, PlanRef p,
      String operation) {
    try {
      ctx.awaitInstance(id, p, operation, true);
    } catch (CheckFailure e) {
      // last-operation.gone-after-delete reports broken deletes
    }
  }
}
