package io.github.osbsdk.broker.testkit.internal.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.testkit.Rule;
import io.github.osbsdk.broker.testkit.client.Deprovision;
import io.github.osbsdk.broker.testkit.client.LastOperation;
import io.github.osbsdk.broker.testkit.client.OsbClient;
import io.github.osbsdk.broker.testkit.client.OsbResponse;
import io.github.osbsdk.broker.testkit.client.RawRequest;
import io.github.osbsdk.broker.testkit.internal.client.BodyMask;
import io.github.osbsdk.broker.testkit.internal.client.LenientMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks of malformed provision requests and of error bodies. */
final class RequestErrorChecks {
  private static final String NUMBER_PARAMETER = "osb_conformance_number";
  private static final String NUMBER_MARK = "\"osb-conformance-number-mark\"";
  /** A request method no OSB endpoint serves (an HTTP token, so every client can send it). */
  private static final String UNKNOWN_METHOD = "OSBCONFORMANCE";
  /**
   * Paths under {@code /v2/} that no OSB endpoint has: one beside the spec's, one below the
   * catalog (a broker routing by the path's prefix serves it).
   */
  private static final List<String> UNKNOWN_PATHS = List.of("/v2/osb_conformance_unknown",
      "/v2/catalog/osb_conformance_unknown");

  private RequestErrorChecks() {}

  static List<Check> perService(CatalogView view, PlanRef p) {
    return List.of(
        new Check(Rule.PROVISION_MISSING_FIELD.id() + "[" + p.service().name() + "]",
            Rule.PROVISION_MISSING_FIELD, ctx -> missingField(ctx, p)),
        new Check(Rule.PROVISION_UNKNOWN_PLAN.id() + "[" + p.service().name() + "]",
            Rule.PROVISION_UNKNOWN_PLAN, ctx -> unknownPlan(ctx, p)));
  }

  static List<Check> global(CatalogView view) {
    return List.of(
        Check.of(Rule.PROVISION_PLAN_OF_OTHER_SERVICE, ctx -> planOfOtherService(ctx, view)),
        Check.of(Rule.PROVISION_MALFORMED_BODY, ctx -> malformedBody(ctx, view)),
        Check.of(Rule.ERROR_BODY_SHAPE, ctx -> errorBodyShape(ctx, view)),
        Check.of(Rule.ERROR_BODY_NON_EMPTY, ctx -> errorBodyNonEmpty(ctx, view)),
        Check.of(Rule.UNKNOWN_PATH_NOT_FOUND, RequestErrorChecks::unknownPath),
        Check.of(Rule.PROVISION_NUMBER_OUT_OF_RANGE, ctx -> numberOutOfRange(ctx, view)));
  }

  /**
   * 1e999999 in the parameters: a broker refuses it (400) or keeps it exactly, and then tells it
   * from 2e999999 (409); one that reads both as Infinity sees an identical request.
   */
  private static void numberOutOfRange(CheckContext ctx, CatalogView view) {
    PlanRef p = numberPlan(ctx, view);
    Map<String, Object> body = ctx.provisionBody(p);
    @SuppressWarnings("unchecked") // the body was built by the suite: parameters is a map
    Map<String, Object> params = new LinkedHashMap<>(
        (Map<String, Object>) body.getOrDefault("parameters", Map.of()));
    params.put(NUMBER_PARAMETER, "osb-conformance-number-mark");
    body.put("parameters", params);
    String json = LenientMapper.MAPPER.valueToTree(body).toString();
    String id = ctx.newId();
    String path = "/v2/service_instances/" + OsbClient.encodeId(id);
    OsbResponse<?> r = ctx.client(p).send(RawRequest.builder("PUT", path)
        .query("accepts_incomplete", "true")
        .body(json.replace(NUMBER_MARK, "1e999999"), "application/json").build());
    String what = "a provision (plan " + p.label() + ") with parameter " + NUMBER_PARAMETER
        + " 1e999999, beyond the range of a double (400, or 201/202 when kept exactly)";
    ctx.expectStatus(r, what, 400, 201, 202);
    if (r.status() == 400) {
      return;
    }
    if (r.status() == 202) {
      ctx.awaitInstance(id, p, r.operation().orElse(null), false);
    }
    OsbResponse<?> again = ctx.client(p).send(RawRequest.builder("PUT", path)
        .query("accepts_incomplete", "true")
        .body(json.replace(NUMBER_MARK, "2e999999"), "application/json").build());
    ctx.expectStatus(again, "the same provision with " + NUMBER_PARAMETER + " 2e999999 after"
        + " the one with 1e999999 was accepted (" + r.status() + "): different attributes,"
        + " unless the broker read both as the same number (Infinity)", 409);
  }

  /** A plan whose create schema leaves room for one more parameter, synchronous ones first. */
  private static PlanRef numberPlan(CheckContext ctx, CatalogView view) {
    PlanRef fallback = null;
    for (PlanRef p : view.plans()) {
      Map<String, Object> schema = ProvisionChecks.createSchema(p);
      if (schema != null && Boolean.FALSE.equals(schema.get("additionalProperties"))) {
        continue;
      }
      if (!ctx.caps().asyncOnlyPlans().contains(p.planId())) {
        return p;
      }
      fallback = fallback == null ? p : fallback;
    }
    if (fallback == null) {
      throw ctx.notApplicable(view.plans().isEmpty() ? "the catalog has no plan"
          : "every plan's service_instance.create schema forbids additional parameters");
    }
    return fallback;
  }

  private static OsbResponse<?> provisionExpecting400(CheckContext ctx, PlanRef cleanupPlan,
      Map<String, Object> body, String what) {
    OsbResponse<?> r = ctx.client(cleanupPlan).provision(ctx.newId(), body, true);
    ctx.expectStatus(r, what, 400);
    return r;
  }

  private static void missingField(CheckContext ctx, PlanRef p) {
    for (String field : List.of("service_id", "plan_id")) {
      Map<String, Object> body = ctx.provisionBody(p);
      body.remove(field);
      provisionExpecting400(ctx, p, body, "a provision without " + field);
    }
  }

  private static void unknownPlan(CheckContext ctx, PlanRef p) {
    Map<String, Object> body = ctx.provisionBody(p);
    body.put("plan_id", "osb-conformance-unknown-plan-" + ctx.newId());
    provisionExpecting400(ctx, p, body, "a provision with an unknown plan_id");
    body = ctx.provisionBody(p);
    body.put("service_id", "osb-conformance-unknown-service-" + ctx.newId());
    provisionExpecting400(ctx, p, body, "a provision with an unknown service_id");
  }

  private static void planOfOtherService(CheckContext ctx, CatalogView view) {
    PlanRef a = view.plans().stream().findFirst()
        .orElseThrow(() -> ctx.notApplicable("the catalog has no plan"));
    PlanRef b = view.plans().stream().filter(x -> !x.serviceId().equals(a.serviceId()))
        .findFirst()
        .orElseThrow(() -> ctx.notApplicable("the catalog has a single service"));
    Map<String, Object> body = ctx.provisionBody(b);
    body.put("service_id", a.serviceId());
    provisionExpecting400(ctx, b, body, "a provision of service " + a.service().name()
        + " with plan " + b.label() + " of another service");
  }

  private static void malformedBody(CheckContext ctx, CatalogView view) {
    PlanRef p = view.primary().orElseThrow(() -> ctx.notApplicable("the catalog has no plan"));
    String json = LenientMapper.MAPPER.valueToTree(ctx.provisionBody(p)).toString();
    String path = "/v2/service_instances/" + OsbClient.encodeId(ctx.newId());
    OsbClient client = ctx.client(p);
    OsbResponse<?> r = client.send(RawRequest.builder("PUT", path)
        .query("accepts_incomplete", "true")
        .body(json.substring(0, json.length() / 2), "application/json").build());
    ctx.expectStatus(r, "a provision with a truncated JSON body", 400);
    r = client.send(RawRequest.builder("PUT", path).query("accepts_incomplete", "true")
        .body(json, "text/plain").build());
    ctx.expectStatus(r, "a provision with a JSON body sent as Content-Type text/plain", 400);
    r = client.send(RawRequest.builder("PUT", path).query("accepts_incomplete", "true")
        .body("", "application/json").build());
    ctx.expectStatus(r, "a provision with an empty body", 400);
  }

  /** A path no endpoint has: 404, whatever the body (error-body.shape judges it). */
  private static void unknownPath(CheckContext ctx) {
    for (String path : UNKNOWN_PATHS) {
      ctx.expectStatus(ctx.client().send(RawRequest.builder("GET", path).build()),
          "a GET of " + path + ", a path no endpoint of the spec has", 404);
    }
  }

  private static void errorBodyShape(CheckContext ctx, CatalogView view) {
    for (OsbResponse<?> r : errorAnswers(ctx, view, false)) {
      if (r.status() < 400) {
        continue;
      }
      if (!r.isJsonObject()) {
        throw ctx.fail("expected a JSON object body on the " + r.status() + " answer to "
            + r.request() + ", got " + (r.rawBody().isEmpty() ? "an empty body"
                : "'" + CheckContext.abbreviate(BodyMask.mask(r.json(), r.rawBody())) + "'"),
            r);
      }
      for (String field : List.of("error", "description")) {
        JsonNode n = r.json().get(field);
        if (n != null && !n.isTextual()) {
          throw ctx.fail("expected '" + field + "' to be a string in the " + r.status()
              + " body, got " + n, r);
        }
      }
    }
  }

  private static void errorBodyNonEmpty(CheckContext ctx, CatalogView view) {
    for (OsbResponse<?> r : errorAnswers(ctx, view, true)) {
      if (r.status() < 400 || !r.isJsonObject()) {
        continue; // error-body.shape reports it
      }
      for (String field : List.of("error", "description")) {
        JsonNode n = r.json().get(field);
        if (n != null && n.isTextual() && n.textValue().isBlank()) {
          throw ctx.fail("expected '" + field + "' to be a non-empty string when present in"
              + " the " + r.status() + " body, got \"" + n.textValue() + "\"", r);
        }
      }
    }
  }

  /**
   * Error answers to collect: no version header, no or wrong credentials, a method no endpoint
   * serves, a path no endpoint has, unknown ids, an unknown plan.
   */
  private static List<OsbResponse<?>> errorAnswers(CheckContext ctx, CatalogView view,
      boolean jsonOnly) {
    List<OsbResponse<?>> answers = new ArrayList<>();
    answers.add(ctx.client().send(RawRequest.builder("GET", "/v2/catalog")
        .omitHeader("X-Broker-API-Version").build()));
    if (ctx.settings().authenticated()) {
      answers.add(ctx.client().withoutCredentials().catalog());
      answers.add(ctx.settings().wrongCredentials().get(0).catalog());
    }
    // no HTTP method of its own: 405, or 501 as servlet containers answer a method they do not
    // know, a 5xx any broker can be asked for
    answers.add(ctx.client().send(RawRequest.builder(UNKNOWN_METHOD,
        "/v2/service_instances/" + OsbClient.encodeId(ctx.newId())).build()));
    answers.add(ctx.client().send(RawRequest.builder("GET", UNKNOWN_PATHS.get(0)).build()));
    answers.add(ctx.client().lastOperation(LastOperation.instance(ctx.newId())));
    PlanRef p = view.primary().orElse(null);
    if (p != null) {
      answers.add(ctx.client().deprovision(Deprovision.instance(ctx.newId())
          .service(p.serviceId()).plan(p.planId()).acceptsIncomplete(true)));
      Map<String, Object> body = ctx.provisionBody(p);
      body.put("plan_id", "osb-conformance-unknown-plan-" + ctx.newId());
      answers.add(ctx.client(p).provision(ctx.newId(), body, true));
      answers.addAll(stateErrors(ctx, view, p));
    }
    // a broker that errs on none of them has no error body to judge: no vacuous pass
    boolean any = answers.stream().anyMatch(a -> a.status() >= 400
        && (!jsonOnly || a.isJsonObject()));
    if (!any) {
      throw ctx.notApplicable("none of the " + answers.size() + " requests that must fail got a"
          + (jsonOnly ? " 4xx/5xx answer with a JSON object body" : " 4xx/5xx answer")
          + " (the status rules report it)");
    }
    return answers;
  }

  /**
   * Error answers about what exists rather than the request's form: a provision conflicting with
   * an existing instance (409), and one of a declared async-only plan without
   * {@code accepts_incomplete=true} (422 {@code AsyncRequired}).
   */
  private static List<OsbResponse<?>> stateErrors(CheckContext ctx, CatalogView view,
      PlanRef p) {
    List<OsbResponse<?>> answers = new ArrayList<>();
    Provisioned inst = null;
    try {
      inst = ctx.provision(p);
    } catch (CheckFailure e) {
      // provision.created reports it; the other answers are judged all the same
    }
    ProvisionChecks.Conflicting conflict = inst == null ? null
        : ProvisionChecks.conflicting(ctx, view, inst);
    if (conflict != null) {
      answers.add(ctx.client().provision(inst.id(), conflict.body(), true));
    }
    view.plans().stream().filter(x -> ctx.caps().asyncOnlyPlans().contains(x.planId()))
        .findFirst().ifPresent(async -> {
          String id = ctx.newId();
          OsbResponse<?> r = ctx.client().provision(id, ctx.provisionBody(async), false);
          if (r.isSuccess()) {
            ctx.onCleanup("i:" + id, () -> ctx.deprovisionQuietly(id, async));
          }
          answers.add(r);
        });
    return answers;
  }

  static boolean hasMultipleServices(CatalogView view) {
    return view.catalog() != null && view.catalog().services() != null
        && view.catalog().services().stream().map(ServiceOffering::id).distinct().count() > 1;
  }
}
