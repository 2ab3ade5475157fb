package io.github.osbsdk.broker.testkit.internal.check;

import io.github.osbsdk.broker.testkit.Rule;
import io.github.osbsdk.broker.testkit.client.LastOperation;
import io.github.osbsdk.broker.testkit.client.OsbClient;
import io.github.osbsdk.broker.testkit.client.OsbResponse;
import io.github.osbsdk.broker.testkit.client.RawRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Checks of the headers every request carries. */
final class HeaderChecks {
  private static final String VERSION = "X-Broker-API-Version";

  private HeaderChecks() {}

  static List<Check> checks(CatalogView view) {
    return List.of(
        Check.of(Rule.VERSION_MISSING, HeaderChecks::versionMissing),
        Check.of(Rule.VERSION_UNSUPPORTED, HeaderChecks::versionUnsupported),
        Check.of(Rule.REQUEST_IDENTITY_ECHO, HeaderChecks::requestIdentityEcho),
        Check.of(Rule.ORIGINATING_IDENTITY_MALFORMED, ctx -> originatingIdentity(ctx, view)));
  }

  private static void versionMissing(CheckContext ctx) {
    for (String path : List.of("/v2/catalog",
        "/v2/service_instances/" + ctx.newId() + "/last_operation")) {
      OsbResponse<?> r = ctx.client().send(RawRequest.builder("GET", path)
          .omitHeader(VERSION).build());
      ctx.expectStatus(r, "GET " + path + " without " + VERSION + " (400 per 2.16+, 412 leniently)",
          400, 412);
    }
  }

  private static void versionUnsupported(CheckContext ctx) {
    for (String v : List.of("1.0", "3.0")) {
      OsbResponse<?> r = ctx.client().send(RawRequest.builder("GET", "/v2/catalog")
          .header(VERSION, v).build());
      ctx.expectStatus(r, "GET /v2/catalog with unsupported " + VERSION + ": " + v, 412);
    }
  }

  private static void requestIdentityEcho(CheckContext ctx) {
    String id = ctx.newId();
    OsbClient c = ctx.client().withHeader("X-Broker-API-Request-Identity", id);
    List<OsbResponse<?>> answers = List.of(c.catalog(),
        c.lastOperation(LastOperation.instance(ctx.newId())));
    for (OsbResponse<?> r : answers) {
      String echoed = r.header("X-Broker-API-Request-Identity").orElse(null);
      if (!id.equals(echoed)) {
        throw ctx.fail("expected X-Broker-API-Request-Identity: " + id + " echoed on the response"
            + " to " + r.request() + ", got " + (echoed == null ? "no such header" : echoed), r);
      }
    }
  }

  private static void originatingIdentity(CheckContext ctx, CatalogView view) {
    PlanRef p = view.primary().orElseThrow(() -> ctx.notApplicable("the catalog has no plan"));
    String valid = "ibmcloud " + Base64.getEncoder().encodeToString(
        "{\"iam_id\":\"IBMid-osbconformance\"}".getBytes(StandardCharsets.UTF_8));
    String okId = ctx.newId();
    OsbResponse<?> ok = ctx.client().withHeader("X-Broker-API-Originating-Identity", valid)
        .provision(okId, ctx.provisionBody(p), true);
    if (ok.isSuccess()) {
      ctx.onCleanup("i:" + okId, () -> ctx.deprovisionQuietly(okId, p));
    }
    ctx.expectStatus(ok, "a provision with a well-formed X-Broker-API-Originating-Identity '"
        + valid + "'", 201, 202);
    String notJson = Base64.getEncoder()
        .encodeToString("not json".getBytes(StandardCharsets.UTF_8));
    for (String value : List.of("ibmcloud", "ibmcloud %%%not-base64%%%", "ibmcloud " + notJson)) {
      String id = ctx.newId();
      Map<String, Object> body = ctx.provisionBody(p);
      OsbResponse<?> r = ctx.client().withHeader("X-Broker-API-Originating-Identity", value)
          .provision(id, body, true);
      if (r.isSuccess()) {
        ctx.onCleanup("i:" + id, () -> ctx.deprovisionQuietly(id, p));
      }
      ctx.expectStatus(r, "a provision with malformed X-Broker-API-Originating-Identity '"
          + value + "'", 400);
    }
  }
}
