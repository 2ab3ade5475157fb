package io.github.osbsdk.broker.testkit.internal.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.osbsdk.broker.api.OperationState;
import io.github.osbsdk.broker.api.state.InstanceState;
import io.github.osbsdk.broker.testkit.Rule;
import io.github.osbsdk.broker.testkit.client.BindResponse;
import io.github.osbsdk.broker.testkit.client.Deprovision;
import io.github.osbsdk.broker.testkit.client.FetchBinding;
import io.github.osbsdk.broker.testkit.client.LastOperation;
import io.github.osbsdk.broker.testkit.client.LastOperationResponse;
import io.github.osbsdk.broker.testkit.client.OsbResponse;
import io.github.osbsdk.broker.testkit.client.ProvisionResponse;
import io.github.osbsdk.broker.testkit.client.Unbind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** IBM Cloud checks (CRN ids, bluemix_v1 instance state) and the concurrency check. */
final class IbmChecks {
  private IbmChecks() {}

  static List<Check> global(CatalogView view) {
    return List.of(
        Check.of(Rule.CRN_IDS_ROUND_TRIP, ctx -> crnRoundTrip(ctx, view)),
        Check.of(Rule.BLUEMIX_STATE, ctx -> bluemixState(ctx, view)),
        Check.of(Rule.BLUEMIX_DISABLE_ENABLE, ctx -> disableEnable(ctx, view)),
        Check.of(Rule.CONCURRENCY_ERROR, ctx -> concurrency(ctx, view)));
  }

  private static PlanRef primary(CheckContext ctx, CatalogView view) {
    return view.primary().orElseThrow(() -> ctx.notApplicable("the catalog has no plan"));
  }

  private static void crnRoundTrip(CheckContext ctx, CatalogView view) {
    PlanRef p = primary(ctx, view);
    String iid = ctx.newCrn();
    Provisioned inst = ctx.provision(p, iid);
    if (view.instancesRetrievable(p)) {
      ctx.expectStatus(ctx.client().fetchInstance(iid, p.serviceId(), p.planId()),
          "a fetch of an instance whose id is a CRN", 200);
    }
    if (ctx.caps().bluemix()) {
      ctx.expectStatus(ctx.client().instanceState(iid),
          "GET /bluemix_v1 state of an instance whose id is a CRN", 200);
    }
    if (view.bindable(p)) {
      String bid = iid.substring(0, iid.length() - 1) + "resource-key:" + ctx.newId();
      Bound b = ctx.bind(inst, bid);
      if (view.bindingsRetrievable(p)) {
        ctx.expectStatus(ctx.client().fetchBinding(FetchBinding.instance(iid).binding(b.id())
            .service(p.serviceId()).plan(p.planId())),
            "a fetch of a binding whose id is a CRN", 200);
      }
      OsbResponse<?> u = ctx.client().unbind(Unbind.instance(iid).binding(bid)
          .service(p.serviceId()).plan(p.planId()).acceptsIncomplete(true));
      ctx.expectStatus(u, "an unbind of a binding whose id is a CRN", 200, 202);
      ctx.forgetBinding(iid, bid);
      if (u.status() == 202) {
        ctx.awaitBinding(iid, bid, p, u.operation().orElse(null), true);
      }
    }
    deprovisionCrn(ctx, iid, p, "");
    view.asyncPlanBesides(p, !inst.async()).ifPresent(async -> crnAsyncRoundTrip(ctx, async));
  }

  /**
   * Provisions an instance of an asynchronous plan ({@link CatalogView#asyncPlanBesides}) under
   * a CRN id and deprovisions it, polling last_operation with the CRN id after each 202 (the
   * plan picked above may be created synchronously and poll nothing).
   */
  private static void crnAsyncRoundTrip(CheckContext ctx, PlanRef p) {
    String iid = ctx.newCrn();
    String plan = " (" + ReplicaChecks.asyncKind(ctx, p) + " " + p.label() + ")";
    OsbResponse<ProvisionResponse> r = ctx.client().provision(iid,
        RequestBodies.provision(ctx, p, iid), true);
    if (r.isSuccess()) {
      ctx.onCleanup("i:" + iid, () -> ctx.deprovisionQuietly(iid, p));
    }
    ctx.expectStatus(r, "a provision of an instance whose id is a CRN" + plan, 201, 202);
    if (r.status() == 202) {
      ctx.awaitInstance(iid, p, r.operation().orElse(null), false);
    }
    deprovisionCrn(ctx, iid, p, plan);
  }

  private static void deprovisionCrn(CheckContext ctx, String iid, PlanRef p, String plan) {
    OsbResponse<?> d = ctx.client().deprovision(Deprovision.instance(iid)
        .service(p.serviceId()).plan(p.planId()).acceptsIncomplete(true));
    ctx.expectStatus(d, "a deprovision of an instance whose id is a CRN" + plan, 200, 202);
    ctx.forgetInstance(iid);
    if (d.status() == 202) {
      ctx.awaitInstance(iid, p, d.operation().orElse(null), true);
    }
  }

  /**
   * Fails unless the answer is 200 {@code {enabled, active, last_active}} with {@code enabled}.
   *
   * @param ctx the check's context
   * @param r the answer of a GET or PUT of {@code /bluemix_v1/service_instances/:id}
   * @param what what was sent
   * @param enabled the expected {@code enabled}, or null for any
   */
  static void expectState(CheckContext ctx, OsbResponse<InstanceState> r, String what,
      Boolean enabled) {
    ctx.expectStatus(r, what, 200);
    ctx.expectJsonObject(r, what);
    JsonNode j = r.json();
    if (!j.path("enabled").isBoolean() || !j.path("active").isBoolean()
        || !j.path("last_active").isNumber()) {
      throw ctx.fail("expected {enabled: boolean, active: boolean, last_active: number} for "
          + what, r);
    }
    if (enabled != null && j.get("enabled").asBoolean() != enabled) {
      throw ctx.fail("expected enabled=" + enabled + " for " + what, r);
    }
  }

  private static void bluemixState(CheckContext ctx, CatalogView view) {
    if (!ctx.caps().bluemix()) {
      throw ctx.notApplicable("bluemix_v1 checks are switched off (" + ctx.settings().front()
          .setting("Capabilities.bluemix", "--no-bluemix") + ")");
    }
    Provisioned inst = ctx.provision(primary(ctx, view));
    expectState(ctx, ctx.client().instanceState(inst.id()),
        "GET /bluemix_v1/service_instances/:id of a new instance", true);
    ctx.expectStatus(ctx.client().instanceState(ctx.newId()),
        "GET /bluemix_v1/service_instances/:id of an unknown instance", 404);
  }

  private static void disableEnable(CheckContext ctx, CatalogView view) {
    if (!ctx.caps().bluemix()) {
      throw ctx.notApplicable("bluemix_v1 checks are switched off (" + ctx.settings().front()
          .setting("Capabilities.bluemix", "--no-bluemix") + ")");
    }
    PlanRef p = primary(ctx, view);
    Provisioned inst = ctx.provision(p);
    expectState(ctx, ctx.client().updateInstanceState(inst.id(), false, "osb-conformance",
        "IBMCLOUD_ACCT_SUSPEND"), "PUT /bluemix_v1 enabled=false", false);
    expectState(ctx, ctx.client().instanceState(inst.id()), "GET /bluemix_v1 after disabling",
        false);
    if (view.bindable(p)) {
      String bid = ctx.newId();
      OsbResponse<BindResponse> r = ctx.client().bind(inst.id(), bid, ctx.bindBody(p), true);
      if (r.isSuccess()) {
        ctx.onCleanup("b:" + inst.id() + "/" + bid, () -> ctx.unbindQuietly(inst.id(), bid, p));
      }
      ctx.expectStatus(r, "a bind on a disabled instance", 422);
    }
    expectState(ctx, ctx.client().updateInstanceState(inst.id(), true, "osb-conformance",
        "IBMCLOUD_ACCT_ACTIVATE"), "PUT /bluemix_v1 enabled=true", true);
    if (view.bindable(p)) {
      ctx.bind(inst);
    }
  }

  /** Attempts per plan before a broker whose async provision ends before the update is skipped. */
  private static final int CONCURRENCY_ATTEMPTS = 3;

  private static void concurrency(CheckContext ctx, CatalogView view) {
    if (!ctx.caps().concurrency()) {
      throw ctx.notApplicable("ConcurrencyError is not declared (" + ctx.settings().front()
          .setting("Capabilities.concurrency", "--concurrency") + ")");
    }
    boolean raced = false;
    List<String> notAsync = new ArrayList<>();
    for (PlanRef p : view.plans()) {
      for (int attempt = 1; attempt <= CONCURRENCY_ATTEMPTS; attempt++) {
        String id = ctx.newId();
        Map<String, Object> body = ctx.provisionBody(p);
        OsbResponse<ProvisionResponse> r = ctx.client().provision(id, body, true);
        if (r.isSuccess()) {
          ctx.onCleanup("i:" + id, () -> ctx.deprovisionQuietly(id, p));
        }
        if (r.status() != 202) {
          notAsync.add(p.label() + " " + r.status());
          break; // this plan does not provision asynchronously: try the next one
        }
        String operation = r.operation().orElse(null);
        Map<String, Object> update = new java.util.LinkedHashMap<>();
        update.put("service_id", p.serviceId());
        update.put("plan_id", p.planId());
        update.put("parameters", body.get("parameters"));
        OsbResponse<?> second = ctx.client().update(id, update, true);
        if (second.isSuccess() && provisionEnded(ctx, id, p, operation)) {
          // A correct broker on a loaded machine: the provision ended before the update came.
          if (second.status() == 202) {
            ctx.awaitInstance(id, p, second.operation().orElse(null), false);
          }
          raced = true;
          continue;
        }
        ctx.expectError(second, "an update while the provision is in progress", 422,
            "ConcurrencyError");
        ctx.awaitInstance(id, p, operation, false);
        return;
      }
    }
    throw ctx.notApplicable(raced ? "every asynchronous provision ended before the kit's update"
        + " arrived (" + CONCURRENCY_ATTEMPTS + " tries per plan), so no update came while one"
        + " ran: an update answered 200/202 after the provision ended is right"
        : "no plan provisions asynchronously: a provision with accepts_incomplete=true got "
            + (notAsync.isEmpty() ? "nothing (the catalog has no plan)"
                : String.join(", ", notAsync)));
  }

  /**
   * Whether the provision's operation is no longer in progress. Asked only after an update was
   * accepted: an update accepted while the provision still runs is the failure this rule
   * catches; one accepted after it ended proves nothing either way, and the check tries again.
   */
  private static boolean provisionEnded(CheckContext ctx, String id, PlanRef p,
      String operation) {
    OsbResponse<LastOperationResponse> now = ctx.client().lastOperation(LastOperation
        .instance(id).service(p.serviceId()).plan(p.planId()).operation(operation));
    return !(now.status() == 200 && now.body() != null
        && now.body().state() == OperationState.IN_PROGRESS);
  }
}
