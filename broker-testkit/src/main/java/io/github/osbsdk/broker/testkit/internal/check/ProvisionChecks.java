package io.github.osbsdk.broker.testkit.internal.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.github.osbsdk.broker.api.instance.InstanceDetails;
import io.github.osbsdk.broker.api.internal.UrlSecrets;
import io.github.osbsdk.broker.testkit.client.ProvisionResponse;
import io.github.osbsdk.broker.testkit.Rule;
import io.github.osbsdk.broker.testkit.client.OsbResponse;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks of {@code PUT /v2/service_instances/:id}, generated per plan. */
final class ProvisionChecks {
  private ProvisionChecks() {}

  static List<Check> perPlan(CatalogView view, PlanRef p) {
    List<Check> checks = new ArrayList<>();
    checks.add(Check.of(Rule.PROVISION_CREATED, p, ctx -> created(ctx, p)));
    checks.add(Check.of(Rule.PROVISION_IDENTICAL, p, ctx -> identical(ctx, p)));
    checks.add(Check.of(Rule.PROVISION_CONFLICT, p, ctx -> conflict(ctx, view, p)));
    checks.add(Check.of(Rule.PROVISION_ASYNC_REQUIRED, p, ctx -> asyncRequired(ctx, p)));
    if (SchemaSamples.invalid(createSchema(p)) != null
        || !SchemaSamples.unsendableCounts(createSchema(p)).isEmpty()) {
      checks.add(Check.of(Rule.PROVISION_INVALID_PARAMETERS, p, ctx -> invalidParameters(ctx, p)));
    }
    if (p.plan().maintenanceInfo() != null) {
      checks.add(Check.of(Rule.PROVISION_MAINTENANCE_INFO_CONFLICT, p,
          ctx -> maintenanceInfoConflict(ctx, p)));
    }
    checks.add(Check.of(Rule.PROVISION_DASHBOARD_URL, p, ctx -> dashboardUrl(ctx, view, p)));
    checks.add(Check.of(Rule.PROVISION_NO_USABLE_FLAGS, p, ctx -> noUsableFlags(ctx, view, p)));
    return checks;
  }

  static Map<String, Object> createSchema(PlanRef p) {
    return p.plan().schemas() == null ? null : p.plan().schemas().instanceCreate();
  }

  private static void created(CheckContext ctx, PlanRef p) {
    Provisioned inst = ctx.provision(p);
    ctx.expectJsonObject(inst.first(), "a provision of a new instance");
  }

  private static void identical(CheckContext ctx, PlanRef p) {
    String id = ctx.newId();
    Map<String, Object> body = ctx.provisionBody(p);
    OsbResponse<ProvisionResponse> first = ctx.client().provision(id, body, true);
    if (first.isSuccess()) {
      ctx.onCleanup("i:" + id, () -> ctx.deprovisionQuietly(id, p));
    }
    ctx.expectStatus(first, "a provision of a new instance", 201, 202);
    if (first.status() == 202) {
      OsbResponse<ProvisionResponse> again = ctx.client().provision(id, body, true);
      ctx.expectStatus(again, "an identical provision while the first is in progress "
          + "(202 in progress, or 200/201 when already finished)", 202, 200, 201);
      if (again.status() == 202 && first.operation().isPresent()
          && !first.operation().equals(again.operation())) {
        throw ctx.fail("expected the same operation '" + first.operation().get()
            + "' on an identical provision in progress, got "
            + again.operation().map(o -> "'" + o + "'").orElse("none"), again);
      }
      ctx.awaitInstance(id, p, first.operation().orElse(null), false);
      OsbResponse<ProvisionResponse> done = ctx.client().provision(id, body, true);
      ctx.expectStatus(done, "an identical provision after the async create finished", 200, 201);
    } else {
      OsbResponse<ProvisionResponse> again = ctx.client().provision(id, body, true);
      ctx.expectStatus(again, "an identical provision of an existing instance", 200);
      ctx.expectJsonObject(again, "an identical provision");
    }
  }

  private static void conflict(CheckContext ctx, CatalogView view, PlanRef p) {
    Provisioned inst = ctx.provision(p);
    Conflicting c = conflicting(ctx, view, inst);
    if (c == null) {
      throw ctx.notApplicable("the catalog has a single plan and its schema leaves no"
          + " parameter to vary");
    }
    OsbResponse<ProvisionResponse> r = ctx.client().provision(inst.id(), c.body(), true);
    ctx.expectStatus(r, c.what(), 409);
  }

  /**
   * A provision body for an existing instance that differs from the one that created it.
   *
   * @param body the body
   * @param what what it is, for messages
   */
  record Conflicting(Map<String, Object> body, String what) {}

  /**
   * A provision of an existing instance with other attributes: another plan (of its service,
   * else of another service), else other parameters.
   *
   * @param ctx the check's context
   * @param view the catalog
   * @param inst the instance
   * @return the provision, or null when the catalog has a single plan whose schema leaves no
   *     parameter to vary
   */
  static Conflicting conflicting(CheckContext ctx, CatalogView view, Provisioned inst) {
    PlanRef p = inst.plan();
    PlanRef other = p.otherPlan().orElseGet(() -> view.plans().stream()
        .filter(x -> !x.serviceId().equals(p.serviceId())).findFirst().orElse(null));
    Map<String, Object> body = new LinkedHashMap<>(inst.body());
    if (other != null) {
      Map<String, Object> otherBody = ctx.provisionBody(other);
      body.put("service_id", other.serviceId());
      body.put("plan_id", other.planId());
      body.put("parameters", otherBody.get("parameters"));
      body.remove("maintenance_info");
      if (otherBody.containsKey("maintenance_info")) {
        body.put("maintenance_info", otherBody.get("maintenance_info"));
      }
      return new Conflicting(body, "a provision of an existing instance id with another plan ("
          + other.label() + ")");
    }
    @SuppressWarnings("unchecked") // the body was built by the suite
    Map<String, Object> sent = (Map<String, Object>) inst.body().get("parameters");
    Map<String, Object> params = SchemaSamples.variant(createSchema(p), sent);
    if (params == null) {
      return null;
    }
    body.put("parameters", params);
    return new Conflicting(body, "a provision of an existing instance id with different"
        + " parameters " + params);
  }

  private static void asyncRequired(CheckContext ctx, PlanRef p) {
    String id = ctx.newId();
    OsbResponse<ProvisionResponse> r = ctx.client().provision(id, ctx.provisionBody(p), false);
    if (r.isSuccess()) {
      ctx.onCleanup("i:" + id, () -> ctx.deprovisionQuietly(id, p));
    }
    boolean declared = ctx.caps().asyncOnlyPlans().contains(p.planId());
    if (r.status() == 202) {
      throw ctx.fail("expected 422 AsyncRequired (or a synchronous 201) for a provision without"
          + " accepts_incomplete=true, got 202: a broker may only answer 202 when the platform"
          + " accepts incomplete operations", r);
    }
    if (r.status() == 201 && !declared) {
      throw ctx.notApplicable("the plan provisions synchronously");
    }
    ctx.expectError(r, "a provision without accepts_incomplete=true of an async-only plan", 422,
        "AsyncRequired");
  }

  private static void invalidParameters(CheckContext ctx, PlanRef p) {
    RequestBodies.requireSendableCounts(ctx, p, createSchema(p), "service_instance.create");
    Map<String, Object> body = ctx.provisionBody(p);
    body.put("parameters", SchemaSamples.invalid(createSchema(p)));
    String id = ctx.newId();
    OsbResponse<ProvisionResponse> r = ctx.client().provision(id, body, true);
    if (r.isSuccess()) {
      ctx.onCleanup("i:" + id, () -> ctx.deprovisionQuietly(id, p));
    }
    ctx.expectStatus(r, "a provision with parameters the plan's schema rejects", 400);
  }

  private static void maintenanceInfoConflict(CheckContext ctx, PlanRef p) {
    Map<String, Object> body = ctx.provisionBody(p);
    body.put("maintenance_info", Map.of("version", "999.999.999-osbconformance"));
    String id = ctx.newId();
    OsbResponse<ProvisionResponse> r = ctx.client().provision(id, body, true);
    if (r.isSuccess()) {
      ctx.onCleanup("i:" + id, () -> ctx.deprovisionQuietly(id, p));
    }
    ctx.expectError(r, "a provision with maintenance_info.version 999.999.999-osbconformance"
        + " (the plan has " + p.plan().maintenanceInfo().version() + ")", 422,
        "MaintenanceInfoConflict");
  }

  private static void dashboardUrl(CheckContext ctx, CatalogView view, PlanRef p) {
    boolean declared = ctx.caps().dashboardUrl().orElse(p.service().dashboardClient() != null);
    Provisioned inst = ctx.provision(p);
    OsbResponse<ProvisionResponse> first = inst.first();
    if (first.json() != null && first.json().has("dashboard_url")) {
      String url = first.text("dashboard_url").orElse(null);
      if (url == null || !isAbsoluteUrl(url)) {
        JsonNode got = first.json().get("dashboard_url");
        throw ctx.fail("expected dashboard_url to be an absolute URL, got "
            + (got.isTextual() ? TextNode.valueOf(UrlSecrets.maskUrl(url)) : got), first);
      }
      return;
    }
    if (declared) {
      throw ctx.fail("expected a dashboard_url in the first provision response (" + first.status()
          + "): the service declares a dashboard", first);
    }
    if (view.instancesRetrievable(p)) {
      OsbResponse<InstanceDetails> fetched = ctx.client().fetchInstance(inst.id(), p.serviceId(),
          p.planId());
      if (fetched.status() == 200 && fetched.text("dashboard_url").isPresent()) {
        throw ctx.fail("the instance has a dashboard_url (seen on fetch) that the first provision"
            + " response did not carry", first);
      }
    }
    throw ctx.notApplicable("the plan declares no dashboard");
  }

  private static boolean isAbsoluteUrl(String url) {
    try {
      URI u = new URI(url);
      return u.isAbsolute() && u.getHost() != null;
    } catch (Exception e) {
      return false;
    }
  }

  /**
   * Judges the answers to a provision of a new instance, an identical repeat of it (200, or 201
   * after an asynchronous create), a conflicting provision of it (409; when the catalog offers
   * one) and a provision with an unknown plan (400): none carries either flag.
   */
  private static void noUsableFlags(CheckContext ctx, CatalogView view, PlanRef p) {
    Provisioned inst = ctx.provision(p);
    noFlags(ctx, inst.first(), "the provision response");
    OsbResponse<ProvisionResponse> again = ctx.client().provision(inst.id(), inst.body(), true);
    noFlags(ctx, again, "the answer (" + again.status() + ") to an identical provision of an"
        + " existing instance");
    Conflicting c = conflicting(ctx, view, inst);
    if (c != null) {
      OsbResponse<ProvisionResponse> conflict = ctx.client().provision(inst.id(), c.body(), true);
      noFlags(ctx, conflict, "the answer (" + conflict.status() + ") to " + c.what());
    }
    Map<String, Object> body = ctx.provisionBody(p);
    body.put("plan_id", "osb-conformance-unknown-plan-" + ctx.newId());
    String id = ctx.newId();
    OsbResponse<ProvisionResponse> error = ctx.client().provision(id, body, true);
    if (error.isSuccess()) {
      ctx.onCleanup("i:" + id, () -> ctx.deprovisionQuietly(id, p));
    }
    noFlags(ctx, error, "the error response to a provision with an unknown plan");
  }

  private static void noFlags(CheckContext ctx, OsbResponse<?> r, String what) {
    if (r.json() != null && r.json().isObject()) {
      for (String flag : List.of("instance_usable", "update_repeatable")) {
        if (r.json().has(flag)) {
          throw ctx.fail("expected no '" + flag + "' in " + what + " (only failed updates and"
              + " deprovisions may carry it), got " + flag + "=" + r.json().get(flag), r);
        }
      }
    }
  }
}
