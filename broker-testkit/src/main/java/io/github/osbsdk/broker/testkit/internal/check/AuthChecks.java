package io.github.osbsdk.broker.testkit.internal.check;

import io.github.osbsdk.broker.testkit.Rule;
import io.github.osbsdk.broker.testkit.client.BindingLastOperation;
import io.github.osbsdk.broker.testkit.client.Deprovision;
import io.github.osbsdk.broker.testkit.client.FetchBinding;
import io.github.osbsdk.broker.testkit.client.LastOperation;
import io.github.osbsdk.broker.testkit.client.OsbClient;
import io.github.osbsdk.broker.testkit.client.OsbResponse;
import io.github.osbsdk.broker.testkit.client.RawRequest;
import io.github.osbsdk.broker.testkit.client.Unbind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Checks that every endpoint refuses missing and wrong credentials with 401, also under other
 * spellings of its path.
 */
final class AuthChecks {
  private AuthChecks() {}

  static List<Check> checks(CatalogView view) {
    return List.of(
        Check.of(Rule.AUTH_REQUIRED, ctx -> {
          if (!ctx.settings().authenticated()) {
            throw ctx.notApplicable("the run sends no credentials (configure basic, bearer or"
                + " IAM API key)");
          }
          everyEndpoint(ctx, view, ctx.client().withoutCredentials(), "without credentials");
        }),
        Check.of(Rule.AUTH_WRONG_CREDENTIALS, ctx -> {
          if (!ctx.settings().authenticated()) {
            throw ctx.notApplicable("the run sends no credentials");
          }
          for (OsbClient wrong : ctx.settings().wrongCredentials()) {
            everyEndpoint(ctx, view, wrong, "with wrong credentials ("
                + wrong.credentialsDescription() + ")");
          }
        }),
        Check.of(Rule.AUTH_PATH_VARIANTS, ctx -> {
          if (!ctx.settings().authenticated()) {
            throw ctx.notApplicable("the run sends no credentials");
          }
          pathVariants(ctx, ctx.client().withoutCredentials());
        }),
        iamProbe(view, Rule.IAM_EXPIRED_TOKEN, 401),
        iamProbe(view, Rule.IAM_FOREIGN_KEY, 401),
        iamProbe(view, Rule.IAM_IDENTITY_NOT_ALLOWED, 401, 403));
  }

  private static Check iamProbe(CatalogView view, Rule rule, int... allowed) {
    return Check.of(rule, ctx -> {
      OsbClient probe = ctx.settings().iamProbes().get(rule);
      if (probe == null) {
        throw ctx.notApplicable("the kit cannot mint IAM tokens in this run (give it the IAM"
            + " simulator the broker trusts: " + ctx.settings().front().setting(
                "ConformanceSuite.Builder.iamSimulator",
                "--iam-simulator PORT --iam-identity IAM_ID") + ")");
      }
      everyEndpoint(ctx, view, probe, "with " + probe.credentialsDescription(), allowed);
    });
  }

  /**
   * Spellings of the catalog's path that a JAX-RS or servlet container may route to the catalog
   * (matrix parameters are dropped when matching, dot segments removed) while a check of the raw
   * path in an authentication filter does not recognise them: any 2xx is a way round the
   * credentials. 401, 400 or 404 are all fine.
   */
  private static void pathVariants(CheckContext ctx, OsbClient c) {
    List<String> wrong = new ArrayList<>();
    OsbResponse<?> first = null;
    for (String path : List.of("/v2;x=y/catalog", "/v2;/catalog", "/v2/catalog;x=y",
        "/v2/./catalog", "/x/../v2/catalog")) {
      OsbResponse<?> r = c.send(RawRequest.builder("GET", path).build());
      if (r.isSuccess()) {
        wrong.add("GET " + path + " -> " + r.status());
        first = first == null ? r : first;
      }
    }
    if (!wrong.isEmpty()) {
      throw ctx.fail("a path spelling without credentials was answered: "
          + String.join("; ", wrong), first);
    }
  }

  private static void everyEndpoint(CheckContext ctx, CatalogView view, OsbClient c,
      String how) {
    everyEndpoint(ctx, view, c, how, 401);
  }

  private static void everyEndpoint(CheckContext ctx, CatalogView view, OsbClient c,
      String how, int... allowed) {
    String iid = ctx.newId();
    String bid = ctx.newId();
    PlanRef p = view.primary().orElse(null);
    String sid = p == null ? "osb-conformance-service" : p.serviceId();
    String pid = p == null ? "osb-conformance-plan" : p.planId();
    Map<String, Object> body = p == null ? Map.of("service_id", sid, "plan_id", pid)
        : ctx.provisionBody(p);
    List<Function<OsbClient, OsbResponse<?>>> calls = new ArrayList<>(List.of(
        OsbClient::catalog,
        x -> x.provision(iid, body, true),
        x -> x.fetchInstance(iid, sid, pid),
        x -> x.update(iid, Map.of("service_id", sid, "plan_id", pid), true),
        x -> x.lastOperation(LastOperation.instance(iid).service(sid).plan(pid)),
        x -> x.bind(iid, bid, Map.of("service_id", sid, "plan_id", pid), true),
        x -> x.fetchBinding(FetchBinding.instance(iid).binding(bid).service(sid).plan(pid)),
        x -> x.bindingLastOperation(BindingLastOperation.instance(iid).binding(bid)
            .service(sid).plan(pid)),
        x -> x.unbind(Unbind.instance(iid).binding(bid)
            .service(sid).plan(pid).acceptsIncomplete(true)),
        x -> x.deprovision(Deprovision.instance(iid).service(sid).plan(pid)
            .acceptsIncomplete(true))));
    if (ctx.caps().bluemix()) {
      calls.add(x -> x.instanceState(iid));
      calls.add(x -> x.updateInstanceState(iid, false, null, "IBMCLOUD_ACCT_SUSPEND"));
    }
    // what a broker that lets the call through creates is deleted through ctx.client()
    OsbClient observed = ctx.observed(c);
    List<String> wrong = new ArrayList<>();
    OsbResponse<?> first = null;
    for (Function<OsbClient, OsbResponse<?>> call : calls) {
      OsbResponse<?> r = call.apply(observed);
      if (java.util.Arrays.stream(allowed).noneMatch(a -> a == r.status())) {
        wrong.add(r.request().method() + " " + r.request().uri().getRawPath() + " -> "
            + r.status());
        if (first == null) {
          first = r;
        }
      }
    }
    if (!wrong.isEmpty()) {
      throw ctx.fail("expected " + (allowed.length == 1 ? "401" : "401 or 403")
          + " for every endpoint called " + how + ", got: "
          + String.join("; ", wrong), first);
    }
  }
}
