package io.github.osbsdk.broker.testkit.internal.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.osbsdk.broker.api.binding.BindingDetails;
import io.github.osbsdk.broker.testkit.Rule;
import io.github.osbsdk.broker.testkit.client.BindResponse;
import io.github.osbsdk.broker.testkit.client.BindingLastOperation;
import io.github.osbsdk.broker.testkit.client.FetchBinding;
import io.github.osbsdk.broker.testkit.client.OsbResponse;
import io.github.osbsdk.broker.testkit.client.Unbind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Checks of bindings: bind, fetch, unbind. */
final class BindingChecks {
  private BindingChecks() {}

  static List<Check> perBindablePlan(CatalogView view, PlanRef p) {
    List<Check> checks = new ArrayList<>(List.of(
        Check.of(Rule.BIND_CREATED, p, ctx -> created(ctx, p)),
        Check.of(Rule.BIND_IDENTICAL, p, ctx -> identical(ctx, p)),
        Check.of(Rule.BIND_CONFLICT, p, ctx -> conflict(ctx, p)),
        Check.of(Rule.BIND_ASYNC_NO_CREDENTIALS, p, ctx -> asyncNoCredentials(ctx, p)),
        Check.of(Rule.FETCH_BINDING_OK, p, ctx -> fetchOk(ctx, view, p)),
        Check.of(Rule.UNBIND_OK, p, ctx -> unbindOk(ctx, p)),
        Check.of(Rule.BIND_ROTATION, p, ctx -> rotation(ctx, p))));
    if (SchemaSamples.invalid(bindSchema(p)) != null
        || !SchemaSamples.unsendableCounts(bindSchema(p)).isEmpty()) {
      checks.add(Check.of(Rule.BIND_INVALID_PARAMETERS, p, ctx -> invalidParameters(ctx, p)));
    }
    return checks;
  }

  private static Map<String, Object> bindSchema(PlanRef p) {
    return p.plan().schemas() == null ? null : p.plan().schemas().bindingCreate();
  }

  private static void invalidParameters(CheckContext ctx, PlanRef p) {
    RequestBodies.requireSendableCounts(ctx, p, bindSchema(p), "service_binding.create");
    Provisioned inst = ctx.provision(p);
    Map<String, Object> body = ctx.bindBody(p);
    Map<String, Object> params = SchemaSamples.invalid(bindSchema(p));
    body.put("parameters", params);
    String bid = ctx.newId();
    OsbResponse<BindResponse> r = ctx.client().bind(inst.id(), bid, body, true);
    if (r.isSuccess()) {
      ctx.onCleanup("b:" + inst.id() + "/" + bid, () -> {
        if (r.status() == 202) {
          try {
            ctx.awaitBinding(inst.id(), bid, p, r.operation().orElse(null), false);
          } catch (CheckFailure e) {
            // async.completes reports broken operations
          }
        }
        ctx.unbindQuietly(inst.id(), bid, p);
      });
    }
    ctx.expectStatus(r, "a bind with parameters " + params + " that the plan's"
        + " service_binding.create schema rejects", 400);
  }

  private static void rotation(CheckContext ctx, PlanRef p) {
    boolean rotatable = ctx.caps().rotation()
        .orElse(Boolean.TRUE.equals(p.plan().bindingRotatable()));
    if (!rotatable) {
      throw ctx.notApplicable("the plan is not binding_rotatable");
    }
    Bound b = ctx.bind(ctx.provision(p));
    String successor = ctx.newId();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("predecessor_binding_id", b.id());
    body.put("bind_resource", b.body().get("bind_resource"));
    OsbResponse<BindResponse> r = ctx.client(p).bind(b.instance().id(), successor, body, true);
    ctx.expectStatus(r, "a rotation bind (predecessor_binding_id " + b.id() + ", no service_id"
        + " or plan_id)", 201, 202);
    if (r.status() == 202) {
      ctx.awaitBinding(b.instance().id(), successor, p, r.operation().orElse(null), false);
    }
  }

  static Check notBindable(PlanRef p) {
    return Check.of(Rule.BIND_NOT_BINDABLE, p, ctx -> {
      Provisioned inst = ctx.provision(p);
      String bid = ctx.newId();
      OsbResponse<BindResponse> r = ctx.client().bind(inst.id(), bid, ctx.bindBody(p), true);
      if (r.isSuccess()) {
        ctx.onCleanup("b:" + inst.id() + "/" + bid, () -> ctx.unbindQuietly(inst.id(), bid, p));
      }
      ctx.expectStatus(r, "a bind on an instance of non-bindable plan " + p.label(), 400);
    });
  }

  static List<Check> global(CatalogView view) {
    return List.of(
        Check.of(Rule.BIND_REQUIRES_APP, ctx -> {
          if (!ctx.caps().requiresApp()) {
            throw ctx.notApplicable("RequiresApp is not declared (" + ctx.settings().front()
                .setting("Capabilities.requiresApp", "--requires-app") + ")");
          }
          PlanRef p = bindablePlan(ctx, view);
          Provisioned inst = ctx.provision(p);
          Map<String, Object> body = ctx.bindBody(p);
          body.remove("bind_resource");
          String bid = ctx.newId();
          OsbResponse<BindResponse> r = ctx.client().bind(inst.id(), bid, body, true);
          if (r.isSuccess()) {
            ctx.onCleanup("b:" + inst.id() + "/" + bid, () -> ctx.unbindQuietly(inst.id(), bid, p));
          }
          ctx.expectError(r, "a bind without bind_resource.app_guid", 422, "RequiresApp");
        }),
        Check.of(Rule.FETCH_BINDING_NOT_FOUND, ctx -> {
          PlanRef p = view.retrievableBindingPlan().orElseThrow(() ->
              ctx.notApplicable("no bindable service declares bindings_retrievable"));
          Provisioned inst = ctx.provision(p);
          OsbResponse<?> r = ctx.client().fetchBinding(FetchBinding.instance(inst.id())
              .binding(ctx.newId()).service(p.serviceId()).plan(p.planId()));
          ctx.expectStatus(r, "a fetch of an unknown binding", 404);
        }),
        Check.of(Rule.LAST_OPERATION_BINDING_NOT_FOUND, ctx -> {
          PlanRef p = bindablePlan(ctx, view);
          Provisioned inst = ctx.provision(p);
          OsbResponse<?> r = ctx.client().bindingLastOperation(
              BindingLastOperation.instance(inst.id()).binding(ctx.newId())
                  .service(p.serviceId()).plan(p.planId()));
          ctx.expectStatus(r, "last_operation of an unknown binding of an existing instance",
              404, 410);
        }),
        Check.of(Rule.UNBIND_GONE, ctx -> {
          PlanRef p = bindablePlan(ctx, view);
          Provisioned inst = ctx.provision(p);
          OsbResponse<?> r = ctx.client().unbind(Unbind.instance(inst.id()).binding(ctx.newId())
              .service(p.serviceId()).plan(p.planId()).acceptsIncomplete(true));
          ctx.expectStatus(r, "an unbind of an unknown binding", 410);
        }),
        Check.of(Rule.UNBIND_GONE_UNKNOWN_PLAN, ctx -> {
          PlanRef p = bindablePlan(ctx, view);
          Provisioned inst = ctx.provision(p);
          OsbResponse<?> r = ctx.client().unbind(Unbind.instance(inst.id()).binding(ctx.newId())
              .service(p.serviceId()).plan(InstanceChecks.removedPlanId(ctx))
              .acceptsIncomplete(true));
          ctx.expectStatus(r, "an unbind of an unknown binding naming the instance's service_id"
              + " and a plan_id in no catalog (as for a plan since removed)", 410);
        }),
        Check.of(Rule.UNBIND_OTHER_SERVICE, ctx -> unbindOtherService(ctx, view)));
  }

  private static void unbindOtherService(CheckContext ctx, CatalogView view) {
    if (view.bindablePlans().isEmpty()) {
      throw ctx.notApplicable(Unplanned.noBindablePlan(view, ctx));
    }
    PlanRef[] pair = InstanceChecks.planAndOtherService(ctx, view, view.bindablePlans());
    PlanRef p = pair[0];
    PlanRef other = pair[1];
    Bound b = ctx.bind(ctx.provision(p));
    String iid = b.instance().id();
    OsbResponse<?> r = ctx.client().unbind(Unbind.instance(iid).binding(b.id())
        .service(other.serviceId()).plan(other.planId()).acceptsIncomplete(true));
    ctx.expectStatus(r, "an unbind of a binding of " + p.label() + " naming service_id and"
        + " plan_id of " + other.label(), 400);
    r = ctx.client().unbind(Unbind.instance(iid).binding(b.id())
        .service(p.serviceId()).plan(p.planId()).acceptsIncomplete(true));
    ctx.expectStatus(r, "an unbind naming the binding's own service_id and plan_id after one"
        + " naming " + other.label() + " was refused (the binding must be kept)", 200, 202);
    ctx.forgetBinding(iid, b.id());
    if (r.status() == 202) {
      ctx.awaitBinding(iid, b.id(), p, r.operation().orElse(null), true);
    }
  }

  private static PlanRef bindablePlan(CheckContext ctx, CatalogView view) {
    return view.bindablePlans().stream().findFirst()
        .orElseThrow(() -> ctx.notApplicable(Unplanned.noBindablePlan(view, ctx)));
  }

  private static void created(CheckContext ctx, PlanRef p) {
    Bound b = ctx.bind(ctx.provision(p));
    ctx.expectJsonObject(b.first(), "a bind of a new binding");
    if (!b.async() && credentials(b.first()) == null
        && ctx.caps().bindingCredentials().orElse(false)) {
      throw ctx.fail("expected credentials in the 201 answer of a synchronous bind: the broker"
          + " is declared to generate binding credentials (" + ctx.settings().front()
              .setting("Capabilities.bindingCredentials", "--binding-credentials") + "), and"
          + " the spec demands them in the bind's answer then", b.first());
    }
  }

  private static void identical(CheckContext ctx, PlanRef p) {
    Bound b = ctx.bind(ctx.provision(p));
    OsbResponse<BindResponse> again = ctx.client().bind(b.instance().id(), b.id(), b.body(), true);
    if (b.async()) {
      ctx.expectStatus(again, "an identical bind after the async bind finished", 200, 201);
    } else {
      ctx.expectStatus(again, "an identical bind of an existing binding", 200);
    }
    // a broker may return a binding's credentials only once (spec: Binding), so none is fine
    JsonNode created = credentials(b.first());
    JsonNode repeated = credentials(again);
    if (!b.async() && created != null && repeated != null && !created.equals(repeated)) {
      throw ctx.fail("expected the identical bind's 200 answer to carry the credentials of the"
          + " first answer, or none" + CredentialDifference.describe(created, repeated), again);
    }
    if (!b.async() && created == null && repeated != null
        && !ctx.caps().bindingCredentials().orElse(false)) {
      // declared (bindingCredentials true), bind.created reports the 201 without them
      throw ctx.fail("expected the identical bind's answer to carry no credentials: the"
          + " synchronous bind's 201 carried none, and a broker that generates credentials"
          + " returns them with the bind (one returning them only once returns them there, not"
          + " later)", again);
    }
  }

  /** @return the answer's {@code credentials}, or null when it has none */
  static JsonNode credentials(OsbResponse<?> r) {
    JsonNode c = r.json() == null ? null : r.json().get("credentials");
    return c == null || c.isNull() ? null : c;
  }

  /**
   * Binds again under an existing binding id twice, each time with one attribute changed: first
   * another {@code bind_resource.app_guid} (same parameters), then different parameters (same
   * {@code bind_resource}), so that a broker leaving either out when it compares a repeat with
   * the binding does not pass.
   */
  @SuppressWarnings("unchecked") // the body was built by the suite: both are maps
  private static void conflict(CheckContext ctx, PlanRef p) {
    Bound b = ctx.bind(ctx.provision(p));
    Map<String, Object> otherApp = new LinkedHashMap<>(b.body());
    Map<String, Object> resource = new LinkedHashMap<>(
        (Map<String, Object>) otherApp.getOrDefault("bind_resource", Map.of()));
    String app = ctx.newId();
    resource.put("app_guid", app);
    otherApp.put("bind_resource", resource);
    OsbResponse<BindResponse> r = ctx.client().bind(b.instance().id(), b.id(), otherApp, true);
    ctx.expectStatus(r, "a bind of an existing binding id with another bind_resource.app_guid "
        + app + " (and the same parameters)", 409);
    Map<String, Object> body = new LinkedHashMap<>(b.body());
    Map<String, Object> schema = p.plan().schemas() == null ? null
        : p.plan().schemas().bindingCreate();
    Map<String, Object> params = SchemaSamples.variant(schema,
        (Map<String, Object>) body.getOrDefault("parameters", Map.of()));
    if (params == null) {
      return; // the plan's binding schema leaves no parameter to vary: the app was the test
    }
    body.put("parameters", params);
    r = ctx.client().bind(b.instance().id(), b.id(), body, true);
    ctx.expectStatus(r, "a bind of an existing binding id with different parameters "
        + params + " (and the same bind_resource)", 409);
  }

  private static void asyncNoCredentials(CheckContext ctx, PlanRef p) {
    Provisioned inst = ctx.provision(p);
    String bid = ctx.newId();
    OsbResponse<BindResponse> r = ctx.client().bind(inst.id(), bid, ctx.bindBody(p), true);
    if (r.isSuccess()) {
      ctx.onCleanup("b:" + inst.id() + "/" + bid, () -> ctx.unbindQuietly(inst.id(), bid, p));
    }
    ctx.expectStatus(r, "a bind of a new binding", 200, 201, 202);
    if (r.status() != 202) {
      throw ctx.notApplicable("the plan binds synchronously");
    }
    if (r.json() != null && r.json().has("credentials")) {
      throw ctx.fail("expected no 'credentials' in a 202 bind answer (the platform fetches them"
          + " once last_operation says succeeded)", r);
    }
    ctx.awaitBinding(inst.id(), bid, p, r.operation().orElse(null), false);
  }

  private static void fetchOk(CheckContext ctx, CatalogView view, PlanRef p) {
    if (!view.bindingsRetrievable(p)) {
      throw ctx.notApplicable("the service does not declare bindings_retrievable");
    }
    Bound b = ctx.bind(ctx.provision(p));
    OsbResponse<BindingDetails> r = ctx.client().fetchBinding(FetchBinding
        .instance(b.instance().id()).binding(b.id()).service(p.serviceId()).plan(p.planId()));
    ctx.expectStatus(r, "a fetch of an existing binding", 200);
    ctx.expectJsonObject(r, "a fetch of a binding");
    JsonNode created = credentials(b.first());
    JsonNode fetched = credentials(r);
    if (created != null && fetched != null && !created.equals(fetched)) {
      // none is fine: a broker may return a synchronous binding's credentials only once
      throw ctx.fail("expected the fetched binding to carry the credentials the bind returned,"
          + " or none" + CredentialDifference.describe(created, fetched), r);
    }
    if (!b.async() && created == null && fetched != null
        && !ctx.caps().bindingCredentials().orElse(false)) {
      // declared (bindingCredentials true), bind.created reports the 201 without them
      throw ctx.fail("expected the fetched binding to carry no credentials: the synchronous"
          + " bind's 201 carried none, and a broker that generates credentials returns them"
          + " with the bind (one returning them only once returns them there, not later)", r);
    }
    if (b.async() && fetched == null) {
      Optional<String> generated = CredentialSource.generatesCredentials(ctx, view, p);
      if (generated.isPresent()) {
        throw ctx.fail("expected the fetched binding to carry credentials: the binding was"
            + " created asynchronously, so its 202 carried none, and " + generated.get()
            + " (spec: they MUST be returned when the broker generates credentials and the"
            + " binding was created asynchronously)", r);
      }
    }
  }

  private static void unbindOk(CheckContext ctx, PlanRef p) {
    Bound b = ctx.bind(ctx.provision(p));
    OsbResponse<?> r = ctx.client().unbind(Unbind.instance(b.instance().id()).binding(b.id())
        .service(p.serviceId()).plan(p.planId()).acceptsIncomplete(true));
    ctx.expectStatus(r, "an unbind of an existing binding", 200, 202);
    ctx.expectJsonObject(r, "an unbind");
    ctx.forgetBinding(b.instance().id(), b.id());
    if (r.status() == 202) {
      ctx.awaitBinding(b.instance().id(), b.id(), p, r.operation().orElse(null), true);
    }
  }
}
