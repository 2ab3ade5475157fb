package io.github.osbsdk.broker.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.context.IbmCloudContext;
import io.github.osbsdk.broker.core.TestServer.Reply;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProvisionTest {
  static final String CF = "{\"service_id\":\"svc-1\",\"plan_id\":\"%s\","
      + "\"context\":{\"platform\":\"cloudfoundry\"},\"parameters\":%s}";
  private final TestServiceBroker sb = new TestServiceBroker();
  private final TestServer server = TestServer.start(sb);

  @AfterAll
  void stop() {
    server.close();
  }

  static String id() {
    return UUID.randomUUID().toString();
  }

  static String body(String plan, String params) {
    return String.format(CF, plan, params);
  }

  private Reply provision(String id, String json) {
    return server.call("PUT", "/v2/service_instances/" + id).json(json).send();
  }

  @Test
  void newInstanceIsCreated() {
    Reply r = provision(id(), body("plan-sync", "{\"a\":1}"));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    assertThat(r.json().get("dashboard_url").asText()).startsWith("https://dash/");
    assertThat(r.json().has("operation")).isFalse();
  }

  @Test
  void identicalRepeatIsOkAndDifferentRepeatIsConflict() {
    String id = id();
    assertThat(provision(id, body("plan-sync", "{\"a\":1}")).status()).isEqualTo(201);
    assertThat(provision(id, body("plan-sync", "{\"a\":1}")).status()).isEqualTo(200);
    Reply conflict = provision(id, body("plan-sync", "{\"a\":2}"));
    assertThat(conflict.status()).isEqualTo(409);
    assertThat(conflict.json().get("description").asText()).isNotBlank();
  }

  @Test
  void anUnpairedSurrogateEscapeIsBadRequestAndReachesNoProvider() {
    String id = id();
    int provisions = sb.provisionCalls.get();
    int binds = sb.bindCalls.get();
    for (String params : new String[] {"{\"a\":\"x\\uDBFF+\"}", "{\"a\":[\"\\uDC00\"]}"}) {
      Reply r = provision(id, body("plan-sync", params));
      assertThat(r.status()).as(r.toString()).isEqualTo(400);
      assertThat(r.json().get("description").asText()).contains("unpaired surrogate");
    }
    Reply bind = server.call("PUT", "/v2/service_instances/" + id + "/service_bindings/b1")
        .json(body("plan-sync", "{\"a\":\"\\uD83D\"}")).send();
    assertThat(bind.status()).isEqualTo(400);
    assertThat(sb.provisionCalls.get()).isEqualTo(provisions);
    assertThat(sb.bindCalls.get()).isEqualTo(binds);
    // a well-formed pair is ordinary text
    assertThat(provision(id, body("plan-sync", "{\"a\":\"\\uD83D\\uDE00\"}")).status())
        .isEqualTo(201);
  }

  @Test
  void numbersBeyondTheRangeOfADoubleAreBadRequestAndReachNoProvider() {
    String id = id();
    int provisions = sb.provisionCalls.get();
    String wide = "1" + "0".repeat(400);
    for (String params : new String[] {"{\"x\":1e999999}", "{\"x\":[{\"y\":-1E400}]}",
        "{\"x\":" + wide + ".5}"}) {
      Reply r = provision(id, body("plan-sync", params));
      assertThat(r.status()).as(params).isEqualTo(400);
      assertThat(r.json().get("description").asText()).contains("beyond the range");
    }
    assertThat(sb.provisionCalls.get()).isEqualTo(provisions);
    // large numbers that are kept exactly, and exponents within range, are ordinary values
    String fine = "{\"big\":" + wide + ",\"e\":1e308,\"tiny\":1e-400,\"s\":\"1e999\"}";
    assertThat(provision(id, body("plan-sync", fine)).status()).isEqualTo(201);
    Reply fetched = server.call("GET", "/v2/service_instances/" + id).send();
    assertThat(fetched.json().at("/parameters/big").bigIntegerValue())
        .isEqualTo(new java.math.BigInteger(wide));
  }

  @Test
  void missingRequiredFieldsAreBadRequestNamingTheField() {
    Reply noService = provision(id(), "{\"plan_id\":\"plan-sync\",\"context\":{}}");
    assertThat(noService.status()).isEqualTo(400);
    assertThat(noService.json().get("description").asText()).contains("service_id");
    Reply noPlan = provision(id(), "{\"service_id\":\"svc-1\",\"context\":{}}");
    assertThat(noPlan.status()).isEqualTo(400);
    assertThat(noPlan.json().get("description").asText()).contains("plan_id");
  }

  @Test
  void organizationAndSpaceAreRequiredOnlyWithoutContext() {
    Reply r = provision(id(), "{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\"}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("description").asText()).contains("organization_guid");
    assertThat(provision(id(), "{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\","
        + "\"organization_guid\":\"o\",\"space_guid\":\"s\"}").status()).isEqualTo(201);
  }

  @Test
  void wrongJsonTypesAreBadRequestNamingTheField() {
    Reply r = provision(id(), "{\"service_id\":1,\"plan_id\":\"plan-sync\",\"context\":{}}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("description").asText()).contains("service_id");
    Reply params = provision(id(), body("plan-sync", "[1]"));
    assertThat(params.status()).isEqualTo(400);
    assertThat(params.json().get("description").asText()).contains("parameters");
    Reply mi = provision(id(), "{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\","
        + "\"context\":{},\"maintenance_info\":{\"version\":5}}");
    assertThat(mi.status()).isEqualTo(400);
    assertThat(mi.json().get("description").asText()).contains("maintenance_info.version");
  }

  @Test
  void malformedJsonIsBadRequest() {
    for (String bad : new String[] {"{", "{\"service_id\":}", "[]", "\"x\"", "",
        "{\"a\":1} {\"b\":2}", "{\"a\":1,\"a\":2}"}) {
      Reply r = provision(id(), bad);
      assertThat(r.status()).as(bad).isEqualTo(400);
      assertThat(r.json().get("description").asText()).isNotBlank().doesNotContain("Source");
    }
  }

  @Test
  void unknownFieldsAreIgnored() {
    Reply r = provision(id(), "{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\","
        + "\"context\":{\"platform\":\"cloudfoundry\",\"x\":1},\"future_field\":{\"y\":[1]}}");
    assertThat(r.status()).isEqualTo(201);
  }

  @Test
  void nonJsonContentTypeIsBadRequestNotUnsupportedMediaType() {
    for (String ct : new String[] {"text/plain", "application/x-www-form-urlencoded"}) {
      Reply r = server.call("PUT", "/v2/service_instances/" + id())
          .body(ct, HttpRequest.BodyPublishers.ofString(body("plan-sync", "{}"))).send();
      assertThat(r.status()).as(ct).isEqualTo(400);
      assertThat(r.json().get("description").asText()).contains("JSON");
    }
    Reply charset = server.call("PUT", "/v2/service_instances/" + id())
        .body("application/json; charset=utf-8",
            HttpRequest.BodyPublishers.ofString(body("plan-sync", "{}"))).send();
    assertThat(charset.status()).isEqualTo(201);
  }

  @Test
  void bodiesOverOneMebibyteArePayloadTooLarge() {
    String big = body("plan-sync", "{\"x\":\"" + "a".repeat(1024 * 1024) + "\"}");
    assertThat(provision(id(), big).status()).isEqualTo(413);
    // without Content-Length (chunked): bytes are counted while reading
    Reply chunked = server.call("PUT", "/v2/service_instances/" + id())
        .body("application/json", HttpRequest.BodyPublishers.ofInputStream(
            () -> new java.io.ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))
        .send();
    assertThat(chunked.status()).isEqualTo(413);
    assertThat(chunked.json().get("description").asText()).contains("larger");
  }

  @Test
  void unknownServiceOrPlanIsBadRequest() {
    Reply service = provision(id(), "{\"service_id\":\"nope\",\"plan_id\":\"plan-sync\","
        + "\"context\":{}}");
    assertThat(service.status()).isEqualTo(400);
    assertThat(service.json().get("description").asText()).contains("nope");
    Reply plan = provision(id(), body("nope", "{}"));
    assertThat(plan.status()).isEqualTo(400);
    assertThat(plan.json().get("description").asText()).contains("nope");
  }

  @Test
  void planOfAnotherServiceIsBadRequest() {
    Reply r = provision(id(), body("plan-other", "{}"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("description").asText()).contains("does not belong");
  }

  @Test
  void maintenanceInfoDifferingOnlyInBuildMetadataMatches() {
    // SemVer 2.0: build metadata has no precedence, 1.0.0+build.7 is version 1.0.0
    String id = id();
    Reply r = provision(id, "{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\","
        + "\"context\":{},\"maintenance_info\":{\"version\":\"1.0.0+build.7\"}}");
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    Reply update = server.call("PATCH", "/v2/service_instances/" + id).json("{\"service_id\":"
        + "\"svc-1\",\"maintenance_info\":{\"version\":\"1.0.0+other\"}}").send();
    assertThat(update.status()).as(update.toString()).isEqualTo(200);
    Reply prerelease = provision(id(), "{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\","
        + "\"context\":{},\"maintenance_info\":{\"version\":\"1.0.0-rc.1+build.7\"}}");
    assertThat(prerelease.status()).as(prerelease.toString()).isEqualTo(422);
    assertThat(prerelease.json().get("error").asText()).isEqualTo("MaintenanceInfoConflict");
  }

  @Test
  void aProvisionRepeatedWithOtherBuildMetadataIsIdenticalNotAConflict() {
    String id = id();
    String body = "{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\",\"context\":{},"
        + "\"maintenance_info\":{\"version\":\"%s\"}}";
    Reply first = provision(id, String.format(body, "1.0.0+b"));
    assertThat(first.status()).as(first.toString()).isEqualTo(201);
    for (String version : new String[] {"1.0.0", "1.0.0+c", "1.0.0+b"}) {
      Reply again = provision(id, String.format(body, version));
      assertThat(again.status()).as(version + ": " + again).isEqualTo(200);
    }
    Reply prerelease = provision(id, String.format(body, "1.0.0-rc.1"));
    assertThat(prerelease.status()).as(prerelease.toString()).isEqualTo(422);
  }

  @Test
  void mismatchingMaintenanceInfoIsUnprocessable() {
    Reply r = provision(id(), "{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\","
        + "\"context\":{},\"maintenance_info\":{\"version\":\"2.0.0\"}}");
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.json().get("error").asText()).isEqualTo("MaintenanceInfoConflict");
    Reply none = provision(id(), "{\"service_id\":\"svc-1\",\"plan_id\":\"plan-fixed\","
        + "\"context\":{},\"maintenance_info\":{\"version\":\"1.0.0\"}}");
    assertThat(none.status()).isEqualTo(422);
    assertThat(none.json().get("error").asText()).isEqualTo("MaintenanceInfoConflict");
    assertThat(provision(id(), "{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\","
        + "\"context\":{},\"maintenance_info\":{\"version\":\"1.0.0\"}}").status())
        .isEqualTo(201);
  }

  @Test
  void aBlankMaintenanceInfoVersionIsABadRequestAsAnEmptyOneIs() {
    String id = id();
    Reply blank = provision(id, "{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\","
        + "\"context\":{},\"maintenance_info\":{\"version\":\"  \"}}");
    assertThat(blank.status()).as(blank.toString()).isEqualTo(400);
    assertThat(blank.json().get("description").asText())
        .isEqualTo("The field 'maintenance_info.version' must not be blank.");
    Reply created = provision(id, "{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\","
        + "\"context\":{}}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);

    Reply update = server.call("PATCH", "/v2/service_instances/" + id).json("{\"service_id\":"
        + "\"svc-1\",\"previous_values\":{\"maintenance_info\":{\"version\":\" \"}}}").send();

    assertThat(update.status()).as(update.toString()).isEqualTo(400);
    assertThat(update.json().get("description").asText())
        .isEqualTo("The field 'previous_values.maintenance_info.version' must not be blank.");
  }

  @Test
  void acceptsIncompleteMustBeTrueOrFalse() {
    Reply r = server.call("PUT", "/v2/service_instances/" + id() + "?accepts_incomplete=yes")
        .json(body("plan-sync", "{}")).send();
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("description").asText()).contains("accepts_incomplete");
    assertThat(server.call("PUT", "/v2/service_instances/" + id() + "?accepts_incomplete=false")
        .json(body("plan-sync", "{}")).send().status()).isEqualTo(201);
  }

  @Test
  void asyncOnlyPlanWithoutAcceptsIncompleteIsAsyncRequired() {
    Reply r = provision(id(), body("plan-async", "{}"));
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.json().get("error").asText()).isEqualTo("AsyncRequired");
  }

  @Test
  void originatingIdentityPlatformMustMatchContextPlatform() {
    String header = "kubernetes " + Base64.getEncoder()
        .encodeToString("{\"username\":\"u\"}".getBytes(StandardCharsets.UTF_8));
    Reply r = server.call("PUT", "/v2/service_instances/" + id())
        .header("X-Broker-API-Originating-Identity", header).json(body("plan-sync", "{}")).send();
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("description").asText()).contains("context.platform");
  }

  @Test
  void requestContextCarriesHeadersCallerAndPlatformContext() {
    String header = "ibmcloud " + Base64.getEncoder()
        .encodeToString("{\"iam_id\":\"IBMid-1\"}".getBytes(StandardCharsets.UTF_8));
    Reply r = server.call("PUT", "/v2/service_instances/" + id())
        .header("X-Broker-API-Originating-Identity", header)
        .header("X-Broker-API-Request-Identity", "rid-7")
        .header("X-Bluemix-Region", "us-south").header("Transaction-Id", "tx-1")
        .header("X-Broker-API-Version", "2.12")
        .json("{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\",\"context\":"
            + "{\"platform\":\"ibmcloud\",\"account_id\":\"acct\",\"crn\":\"crn:v1:x\"}}")
        .send();
    assertThat(r.status()).isEqualTo(201);
    var ctx = sb.lastContext;
    assertThat(ctx.requestId()).isEqualTo("rid-7");
    assertThat(ctx.apiVersion().toString()).isEqualTo("2.12");
    assertThat(ctx.originatingIdentity().iamId()).isEqualTo("IBMid-1");
    assertThat(ctx.caller().id()).isEqualTo(TestServer.USER);
    assertThat(ctx.region()).isEqualTo("us-south");
    assertThat(ctx.transactionId()).isEqualTo("tx-1");
    assertThat(ctx.platformContext()).isInstanceOf(IbmCloudContext.class);
    assertThat(((IbmCloudContext) ctx.platformContext()).accountId()).isEqualTo("acct");
  }

  @Test
  void originatingIdentityKeepsEveryKeyAsSentIncludingJsonNulls() {
    String header = "kubernetes " + Base64.getEncoder().encodeToString(
        "{\"username\":\"u\",\"uid\":\"7\",\"extra\":null}"
            .getBytes(StandardCharsets.UTF_8));
    Reply r = server.call("PUT", "/v2/service_instances/" + id())
        .header("X-Broker-API-Originating-Identity", header)
        .json("{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\",\"context\":"
            + "{\"platform\":\"kubernetes\",\"namespace\":\"ns\"}}")
        .send();
    assertThat(r.status()).isEqualTo(201);
    var identity = sb.lastContext.originatingIdentity();
    assertThat(identity.username()).isEqualTo("u");
    assertThat(identity.properties()).containsOnlyKeys("username", "uid", "extra")
        .containsEntry("extra", null);
  }

  @Test
  void parametersFailingThePlanSchemaAreBadRequestNamingTheField() {
    Reply r = provision(id(), body("plan-schema", "{\"size\":\"big\"}"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("description").asText()).contains("size");
    assertThat(provision(id(), body("plan-schema", "{}")).status()).isEqualTo(400);
    assertThat(provision(id(), "{\"service_id\":\"svc-1\",\"plan_id\":\"plan-schema\","
        + "\"context\":{}}").status()).isEqualTo(400);
    assertThat(provision(id(), body("plan-schema", "{\"size\":3}")).status()).isEqualTo(201);
  }

  @Test
  void invalidCatalogIsRefusedAtBuild() {
    io.github.osbsdk.broker.api.ServiceBroker broken = new TestServiceBroker() {
      @Override
      public io.github.osbsdk.broker.api.catalog.Catalog catalog() {
        return io.github.osbsdk.broker.api.catalog.Catalog.of(
            io.github.osbsdk.broker.api.catalog.ServiceOffering.builder("s", "s", "s").build());
      }
    };
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> Broker.builder(broken).insecureWithoutAuthentication().build())
        .isInstanceOf(io.github.osbsdk.broker.core.catalog.InvalidCatalogException.class)
        .hasMessageContaining("plans");
  }
}
