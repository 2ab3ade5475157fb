package io.github.osbsdk.broker.testkit.internal.check;

import io.github.osbsdk.broker.api.instance.InstanceDetails;
import io.github.osbsdk.broker.testkit.Rule;
import io.github.osbsdk.broker.testkit.client.Deprovision;
import io.github.osbsdk.broker.testkit.client.OsbResponse;
import io.github.osbsdk.broker.testkit.client.UpdateResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks of fetch, update and deprovision of instances. */
final class InstanceChecks {
  private InstanceChecks() {}

  static List<Check> perPlan(CatalogView view, PlanRef p) {
    List<Check> checks = new ArrayList<>(List.of(
        Check.of(Rule.FETCH_INSTANCE_OK, p, ctx -> fetchOk(ctx, view, p)),
        Check.of(Rule.UPDATE_OK, p, ctx -> updateOk(ctx, p)),
        Check.of(Rule.UPDATE_NOT_UPDATEABLE, p, ctx -> notUpdateable(ctx, p)),
        Check.of(Rule.UPDATE_UNKNOWN_PLAN, p, ctx -> unknownPlan(ctx, p)),
        Check.of(Rule.DEPROVISION_OK, p, ctx -> deprovisionOk(ctx, p))));
    if (view.instancesRetrievable(p)) {
      checks.add(Check.of(Rule.FETCH_INSTANCE_WHILE_PROVISIONING, p,
          ctx -> InstanceAsyncChecks.fetchWhileProvisioning(ctx, p)));
    }
    if (SchemaSamples.invalid(updateSchema(p)) != null
        || !SchemaSamples.unsendableCounts(updateSchema(p)).isEmpty()) {
      checks.add(Check.of(Rule.UPDATE_INVALID_PARAMETERS, p, ctx -> invalidParameters(ctx, p)));
    }
    if (view.capabilities().asyncOnlyPlans().contains(p.planId())) {
      checks.add(Check.of(Rule.DEPROVISION_ASYNC_REQUIRED, p,
          ctx -> InstanceAsyncChecks.deprovisionAsyncRequired(ctx, p)));
    }
    return checks;
  }

  static Map<String, Object> updateSchema(PlanRef p) {
    return p.plan().schemas() == null ? null : p.plan().schemas().instanceUpdate();
  }

  static List<Check> global(CatalogView view) {
    return List.of(
        Check.of(Rule.FETCH_INSTANCE_NOT_FOUND, ctx -> {
          PlanRef p = view.retrievablePlan().orElseThrow(() ->
              ctx.notApplicable("no service declares instances_retrievable"));
          OsbResponse<?> r = ctx.client().fetchInstance(ctx.newId(), p.serviceId(), p.planId());
          ctx.expectStatus(r, "a fetch of an unknown instance", 404);
        }),
        Check.of(Rule.DEPROVISION_GONE, ctx -> {
          PlanRef p = view.primary().orElseThrow(() ->
              ctx.notApplicable("the catalog has no plan"));
          OsbResponse<?> r = ctx.client().deprovision(Deprovision.instance(ctx.newId())
              .service(p.serviceId()).plan(p.planId()).acceptsIncomplete(true));
          ctx.expectStatus(r, "a deprovision of an unknown instance", 410);
        }),
        Check.of(Rule.DEPROVISION_MISSING_FIELD, ctx -> {
          PlanRef p = view.primary().orElseThrow(() ->
              ctx.notApplicable("the catalog has no plan"));
          Provisioned inst = ctx.provision(p);
          OsbResponse<?> r = ctx.client().deprovision(Deprovision.instance(inst.id())
              .plan(p.planId()).acceptsIncomplete(true));
          ctx.expectStatus(r, "a deprovision without the service_id query parameter", 400);
          r = ctx.client().deprovision(Deprovision.instance(inst.id())
              .service(p.serviceId()).acceptsIncomplete(true));
          ctx.expectStatus(r, "a deprovision without the plan_id query parameter", 400);
        }),
        Check.of(Rule.DEPROVISION_OTHER_SERVICE, ctx -> deprovisionOtherService(ctx, view)),
        Check.of(Rule.DEPROVISION_GONE_UNKNOWN_PLAN, ctx -> {
          PlanRef p = view.primary().orElseThrow(() ->
              ctx.notApplicable("the catalog has no plan"));
          OsbResponse<?> r = ctx.client().deprovision(Deprovision.instance(ctx.newId())
              .service(p.serviceId()).plan(removedPlanId(ctx)).acceptsIncomplete(true));
          ctx.expectStatus(r, "a deprovision of an unknown instance naming the service_id of "
              + p.service().name() + " and a plan_id in no catalog (as for a plan since"
              + " removed)", 410);
          r = ctx.client().deprovision(Deprovision.instance(ctx.newId())
              .service("osb-conformance-removed-service-" + ctx.newId())
              .plan(removedPlanId(ctx)).acceptsIncomplete(true));
          ctx.expectStatus(r, "a deprovision of an unknown instance naming a service_id and a"
              + " plan_id in no catalog (as for a service since removed)", 410);
        }));
  }

  /**
   * @param ctx the check's context
   * @return a {@code plan_id} that no catalog lists, as a platform sends for a removed plan
   */
  static String removedPlanId(CheckContext ctx) {
    return "osb-conformance-removed-plan-" + ctx.newId();
  }

  /**
   * A plan of {@code candidates} (a synchronous one when there is) and a plan of another
   * service.
   *
   * @param ctx the check's context
   * @param view the catalog
   * @param candidates the plans the first may be
   * @return the plan, then the plan of another service
   * @throws NotApplicable when no candidate's service has a sibling service
   */
  static PlanRef[] planAndOtherService(CheckContext ctx, CatalogView view,
      List<PlanRef> candidates) {
    List<PlanRef> ordered = new ArrayList<>();
    candidates.stream().filter(x -> !ctx.caps().asyncOnlyPlans().contains(x.planId()))
        .forEach(ordered::add);
    candidates.stream().filter(x -> !ordered.contains(x)).forEach(ordered::add);
    for (PlanRef p : ordered) {
      for (PlanRef other : view.plans()) {
        if (!other.serviceId().equals(p.serviceId())) {
          return new PlanRef[] {p, other};
        }
      }
    }
    throw ctx.notApplicable(candidates.isEmpty() ? "the catalog has no plan"
        : "the catalog has a single service");
  }

  private static void deprovisionOtherService(CheckContext ctx, CatalogView view) {
    PlanRef[] pair = planAndOtherService(ctx, view, view.plans());
    PlanRef p = pair[0];
    PlanRef other = pair[1];
    Provisioned inst = ctx.provision(p);
    OsbResponse<?> r = ctx.client().deprovision(Deprovision.instance(inst.id())
        .service(other.serviceId()).plan(other.planId()).acceptsIncomplete(true));
    ctx.expectStatus(r, "a deprovision of an instance of " + p.label() + " naming service_id"
        + " and plan_id of " + other.label(), 400);
    r = ctx.client().deprovision(Deprovision.instance(inst.id())
        .service(p.serviceId()).plan(p.planId()).acceptsIncomplete(true));
    ctx.expectStatus(r, "a deprovision naming the instance's own service_id and plan_id after"
        + " one naming " + other.label() + " was refused (the instance must be kept)", 200, 202);
    ctx.forgetInstance(inst.id());
    if (r.status() == 202) {
      ctx.awaitInstance(inst.id(), p, r.operation().orElse(null), true);
    }
  }

  private static void fetchOk(CheckContext ctx, CatalogView view, PlanRef p) {
    if (!view.instancesRetrievable(p)) {
      throw ctx.notApplicable("the service does not declare instances_retrievable");
    }
    Provisioned inst = ctx.provision(p);
    OsbResponse<InstanceDetails> r = ctx.client().fetchInstance(inst.id(), p.serviceId(),
        p.planId());
    ctx.expectStatus(r, "a fetch of an existing instance" + (inst.async()
        ? " right after last_operation said succeeded" : ""), 200);
    ctx.expectJsonObject(r, "a fetch of an instance");
    for (String[] field : new String[][] {{"service_id", p.serviceId()}, {"plan_id", p.planId()}}) {
      String got = r.text(field[0]).orElse(null);
      if (!field[1].equals(got)) {
        throw ctx.fail("expected " + field[0] + " '" + field[1] + "' as provisioned, got "
            + (r.json().has(field[0]) ? r.json().get(field[0]) : "none"), r);
      }
    }
  }

  private static Map<String, Object> updateBody(PlanRef from, PlanRef to) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("service_id", from.serviceId());
    body.put("plan_id", to.planId());
    body.put("previous_values", Map.of("service_id", from.serviceId(), "plan_id", from.planId()));
    return body;
  }

  private static void updateOk(CheckContext ctx, PlanRef p) {
    boolean parameterUpdates = ctx.caps().update().orElse(false) || p.planUpdateable();
    List<PlanRef> targets = p.planUpdateable() ? planChangeTargets(ctx, p) : List.of();
    if (targets.isEmpty() && !parameterUpdates) {
      throw ctx.notApplicable("the plan is not plan_updateable and parameter updates are not"
          + " declared (" + ctx.settings().front().setting("Capabilities.update", "--update")
          + ")");
    }
    Provisioned inst = ctx.provision(p);
    List<String> refused = new ArrayList<>();
    for (PlanRef target : targets) {
      OsbResponse<UpdateResponse> r = ctx.client().update(inst.id(), updateBody(p, target), true);
      if (r.isSuccess()) {
        ctx.onCleanup("i:" + inst.id(), () -> ctx.deprovisionQuietly(inst.id(), target));
      }
      if (r.status() == 422 && r.errorCode().isEmpty()) {
        // the spec's 422 for a plan change the broker does not support: allowed, try another
        refused.add(target.label());
        continue;
      }
      expectUpdated(ctx, r, inst, p, "a plan change to " + target.label());
      return;
    }
    if (!parameterUpdates) {
      throw ctx.notApplicable("the broker refused every plan change from " + p.label()
          + " with 422 " + refused + " (allowed for changes it does not support), and"
          + " parameter updates are not declared (" + ctx.settings().front()
              .setting("Capabilities.update", "--update") + ")");
    }
    Map<String, Object> body = updateBody(p, p);
    body.put("parameters", inst.body().get("parameters"));
    expectUpdated(ctx, ctx.client().update(inst.id(), body, true), inst, p,
        "an update of the parameters");
  }

  /** Other plans to change to, those of the same sync/async kind as {@code p} first. */
  private static List<PlanRef> planChangeTargets(CheckContext ctx, PlanRef p) {
    boolean async = ctx.caps().asyncOnlyPlans().contains(p.planId());
    List<PlanRef> same = new ArrayList<>();
    List<PlanRef> other = new ArrayList<>();
    for (PlanRef t : p.otherPlans()) {
      (ctx.caps().asyncOnlyPlans().contains(t.planId()) == async ? same : other).add(t);
    }
    same.addAll(other);
    return same;
  }

  private static void expectUpdated(CheckContext ctx, OsbResponse<UpdateResponse> r,
      Provisioned inst, PlanRef p, String what) {
    ctx.expectStatus(r, what, 200, 202);
    ctx.expectJsonObject(r, what);
    if (r.status() == 202) {
      ctx.awaitInstance(inst.id(), p, r.operation().orElse(null), false);
    }
  }

  private static void notUpdateable(CheckContext ctx, PlanRef p) {
    if (p.planUpdateable()) {
      throw ctx.notApplicable("the plan is plan_updateable");
    }
    PlanRef target = p.otherPlan().orElseThrow(() ->
        ctx.notApplicable("the service has no other plan to change to"));
    Provisioned inst = ctx.provision(p);
    OsbResponse<UpdateResponse> r = ctx.client().update(inst.id(), updateBody(p, target), true);
    if (r.isSuccess()) {
      ctx.onCleanup("i:" + inst.id(), () -> ctx.deprovisionQuietly(inst.id(), target));
    }
    ctx.expectStatus(r, "a plan change from non-updateable plan " + p.label() + " to "
        + target.label(), 422);
  }

  private static void unknownPlan(CheckContext ctx, PlanRef p) {
    if (!p.planUpdateable()) {
      throw ctx.notApplicable("the plan is not plan_updateable");
    }
    Provisioned inst = ctx.provision(p);
    Map<String, Object> body = updateBody(p, p);
    body.put("plan_id", "osb-conformance-unknown-plan-" + ctx.newId());
    OsbResponse<UpdateResponse> r = ctx.client().update(inst.id(), body, true);
    ctx.expectStatus(r, "an update to an unknown plan_id", 400);
  }

  private static void invalidParameters(CheckContext ctx, PlanRef p) {
    RequestBodies.requireSendableCounts(ctx, p, updateSchema(p), "service_instance.update");
    Provisioned inst = ctx.provision(p);
    Map<String, Object> body = updateBody(p, p);
    Map<String, Object> params = SchemaSamples.invalid(updateSchema(p));
    body.put("parameters", params);
    OsbResponse<UpdateResponse> r = ctx.client().update(inst.id(), body, true);
    if (r.status() == 202) {
      InstanceAsyncChecks.awaitQuietly(ctx, inst.id(), p, r.operation().orElse(null));
    }
    ctx.expectStatus(r, "an update with parameters " + params + " that the plan's"
        + " service_instance.update schema rejects", 400);
  }

  private static void deprovisionOk(CheckContext ctx, PlanRef p) {
    Provisioned inst = ctx.provision(p);
    OsbResponse<?> r = ctx.client().deprovision(Deprovision.instance(inst.id())
        .service(p.serviceId()).plan(p.planId()).acceptsIncomplete(true));
    ctx.expectStatus(r, "a deprovision of an existing instance", 200, 202);
    ctx.expectJsonObject(r, "a deprovision");
    ctx.forgetInstance(inst.id());
    if (r.status() == 202) {
      ctx.awaitInstance(inst.id(), p, r.operation().orElse(null), true);
    }
  }
}
