package io.github.osbsdk.samples.hello;

import static io.github.osbsdk.samples.hello.HelloCatalog.LARGE_PLAN_ID;
import static io.github.osbsdk.samples.hello.HelloCatalog.SYNC_PLAN_ID;
import static io.github.osbsdk.samples.hello.OsbHttp.bindBody;
import static io.github.osbsdk.samples.hello.OsbHttp.crn;
import static io.github.osbsdk.samples.hello.OsbHttp.enc;
import static io.github.osbsdk.samples.hello.OsbHttp.ids;
import static io.github.osbsdk.samples.hello.OsbHttp.json;
import static io.github.osbsdk.samples.hello.OsbHttp.provisionBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** hello-kv on Jersey + Grizzly, driven over real HTTP like IBM Cloud would. */
class HelloBrokerHttpTest {
  private static HelloServer server;
  private static OsbHttp osb;

  @BeforeAll
  static void start() {
    server = HelloServer.start(HelloConfig.local("platform", "s3cret", Duration.ofMillis(300)));
    osb = new OsbHttp(server.baseUri(), "platform", "s3cret");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void catalogOffersHelloKvWithThreePlansAndIbmMetadata() {
    HttpResponse<String> r = osb.osb("GET", "/v2/catalog", null);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode service = json(r).path("services").path(0);
    assertThat(service.path("name").asText()).isEqualTo("hello-kv");
    assertThat(service.path("instances_retrievable").asBoolean()).isTrue();
    assertThat(service.path("bindings_retrievable").asBoolean()).isTrue();
    assertThat(service.path("metadata").path("displayName").asText()).isEqualTo("Hello KV");
    assertThat(service.path("plans")).extracting(p -> p.path("name").asText())
        .containsExactly("sync", "async", "large", "metered");
    assertThat(service.path("plans").path(0).path("maintenance_info").path("version").asText())
        .isEqualTo("1.0.0");
  }

  @Test
  void walksTheWholeLifecycleWithCrnIds() {
    String id = crn("life");
    String path = "/v2/service_instances/" + enc(id);

    HttpResponse<String> created = osb.osb("PUT", path,
        provisionBody(SYNC_PLAN_ID, "{\"location\":\"us-south\",\"label\":\"demo\"}"));
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(json(created).path("dashboard_url").asText())
        .isEqualTo(server.baseUri() + "/dashboard/" + enc(id));
    assertThat(osb.osb("PUT", path,
        provisionBody(SYNC_PLAN_ID, "{\"location\":\"us-south\",\"label\":\"demo\"}"))
        .statusCode()).isEqualTo(200);
    assertThat(osb.osb("PUT", path,
        provisionBody(SYNC_PLAN_ID, "{\"location\":\"eu-de\"}")).statusCode()).isEqualTo(409);

    HttpResponse<String> fetched = osb.osb("GET", path, null);
    assertThat(fetched.statusCode()).isEqualTo(200);
    assertThat(json(fetched).path("plan_id").asText()).isEqualTo(SYNC_PLAN_ID);
    assertThat(json(fetched).path("parameters").path("label").asText()).isEqualTo("demo");

    HttpResponse<String> updated = osb.osb("PATCH", path, "{\"service_id\":\""
        + HelloCatalog.SERVICE_ID + "\",\"plan_id\":\"" + LARGE_PLAN_ID
        + "\",\"parameters\":{\"label\":\"bigger\"},\"previous_values\":{\"plan_id\":\""
        + SYNC_PLAN_ID + "\"}}");
    assertThat(updated.statusCode()).isEqualTo(200);
    assertThat(json(osb.osb("GET", path, null)).path("plan_id").asText())
        .isEqualTo(LARGE_PLAN_ID);

    String bindingId = crn("key");
    String bindingPath = path + "/service_bindings/" + enc(bindingId);
    HttpResponse<String> bound = osb.osb("PUT", bindingPath, bindBody(LARGE_PLAN_ID, "{}"));
    assertThat(bound.statusCode()).isEqualTo(201);
    JsonNode credentials = json(bound).path("credentials");
    String url = credentials.path("url").asText();
    assertThat(url).isEqualTo(server.baseUri() + "/data/" + enc(id));
    String auth = OsbHttp.basic(credentials.path("username").asText(),
        credentials.path("password").asText());
    // repeats and fetches answer the bind's credentials (the SDK's encrypted copy, under this
    // process's random key: no BROKER_CREDENTIALS_KEY in memory)
    HttpResponse<String> repeated = osb.osb("PUT", bindingPath, bindBody(LARGE_PLAN_ID, "{}"));
    assertThat(repeated.statusCode()).isEqualTo(200);
    assertThat(json(repeated).path("credentials")).isEqualTo(credentials);
    assertThat(json(osb.osb("GET", bindingPath, null)).path("credentials"))
        .isEqualTo(credentials);

    assertThat(OsbHttp.data("PUT", url + "/greeting", auth, "hello").statusCode())
        .isEqualTo(204);
    HttpResponse<String> read = OsbHttp.data("GET", url + "/greeting", auth, null);
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.body()).isEqualTo("hello");
    assertThat(OsbHttp.data("GET", url + "/greeting",
        OsbHttp.basic(credentials.path("username").asText(), "wrong"), null).statusCode())
        .isEqualTo(401);
    assertThat(OsbHttp.data("GET", url + "/greeting", null, null).statusCode()).isEqualTo(401);

    assertThat(osb.osb("DELETE", bindingPath + "?" + ids(LARGE_PLAN_ID), null).statusCode())
        .isEqualTo(200);
    assertThat(OsbHttp.data("GET", url + "/greeting", auth, null).statusCode())
        .isEqualTo(401);
    assertThat(osb.osb("DELETE", bindingPath + "?" + ids(LARGE_PLAN_ID), null).statusCode())
        .isEqualTo(410);

    assertThat(osb.osb("DELETE", path + "?" + ids(LARGE_PLAN_ID), null).statusCode())
        .isEqualTo(200);
    assertThat(osb.osb("GET", path, null).statusCode()).isEqualTo(404);
    assertThat(osb.osb("DELETE", path + "?" + ids(LARGE_PLAN_ID), null).statusCode())
        .isEqualTo(410);
  }

  @Test
  void provisionParametersOutsideThePlanSchemaAreRejected() {
    String path = "/v2/service_instances/" + enc(crn("schema"));
    HttpResponse<String> r = osb.osb("PUT", path,
        provisionBody(SYNC_PLAN_ID, "{\"unknown_key\":1}"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(osb.osb("GET", path, null).statusCode()).isEqualTo(404);
  }

  @Test
  void readOnlyBindingCanReadButNotWrite() {
    String id = crn("ro");
    String path = "/v2/service_instances/" + enc(id);
    assertThat(osb.osb("PUT", path, provisionBody(SYNC_PLAN_ID, "{}")).statusCode())
        .isEqualTo(201);
    JsonNode writer = json(osb.osb("PUT", path + "/service_bindings/w",
        bindBody(SYNC_PLAN_ID, "{}"))).path("credentials");
    JsonNode reader = json(osb.osb("PUT", path + "/service_bindings/r",
        bindBody(SYNC_PLAN_ID, "{\"read_only\":true}"))).path("credentials");
    String url = writer.path("url").asText() + "/k";
    String readerAuth = OsbHttp.basic(reader.path("username").asText(),
        reader.path("password").asText());
    assertThat(OsbHttp.data("PUT", url, OsbHttp.basic(writer.path("username").asText(),
        writer.path("password").asText()), "v").statusCode()).isEqualTo(204);
    assertThat(OsbHttp.data("GET", url, readerAuth, null).body()).isEqualTo("v");
    assertThat(OsbHttp.data("PUT", url, readerAuth, "w").statusCode()).isEqualTo(403);
    assertThat(osb.osb("PUT", path + "/service_bindings/r",
        bindBody(SYNC_PLAN_ID, "{\"read_only\":false}")).statusCode()).isEqualTo(409);
  }

  @Test
  void credentialsOfOneInstanceDoNotOpenAnother() {
    String a = "/v2/service_instances/" + enc(crn("a"));
    String b = crn("b");
    osb.osb("PUT", a, provisionBody(SYNC_PLAN_ID, "{}"));
    osb.osb("PUT", "/v2/service_instances/" + enc(b), provisionBody(SYNC_PLAN_ID, "{}"));
    JsonNode c = json(osb.osb("PUT", a + "/service_bindings/x", bindBody(SYNC_PLAN_ID, "{}")))
        .path("credentials");
    String auth = OsbHttp.basic(c.path("username").asText(), c.path("password").asText());
    assertThat(OsbHttp.data("GET", server.baseUri() + "/data/" + enc(b) + "/k", auth, null)
        .statusCode()).isEqualTo(401);
  }

  @Test
  void dataEndpointBoundsValuesKeysAndEncoding() {
    String id = crn("bounds");
    String path = "/v2/service_instances/" + enc(id);
    assertThat(osb.osb("PUT", path, provisionBody(SYNC_PLAN_ID, "{}")).statusCode())
        .isEqualTo(201);
    JsonNode c = json(osb.osb("PUT", path + "/service_bindings/b", bindBody(SYNC_PLAN_ID, "{}")))
        .path("credentials");
    String auth = OsbHttp.basic(c.path("username").asText(), c.path("password").asText());
    String url = c.path("url").asText();
    assertThat(OsbHttp.data("PUT", url + "/big", auth, "x".repeat(DataResource.MAX_VALUE_BYTES + 1))
        .statusCode()).isEqualTo(413);
    assertThat(OsbHttp.data("GET", url + "/bad%ff", auth, null).statusCode()).isEqualTo(400);
    assertThat(OsbHttp.data("GET", url + "/absent", auth, null).statusCode()).isEqualTo(404);
    for (int i = 0; i < HelloCatalog.SMALL_KEYS; i++) {
      assertThat(OsbHttp.data("PUT", url + "/k" + i, auth, "v").statusCode()).isEqualTo(204);
    }
    assertThat(OsbHttp.data("PUT", url + "/one-too-many", auth, "v").statusCode())
        .isEqualTo(507);
    assertThat(OsbHttp.data("DELETE", url + "/k0", auth, null).statusCode()).isEqualTo(204);
    assertThat(OsbHttp.data("PUT", url + "/one-too-many", auth, "v").statusCode())
        .isEqualTo(204);
  }

  @Test
  void platformCallsWithoutBrokerCredentialsAreRefused() {
    assertThat(osb.osbWithout("GET", "/v2/catalog", "Authorization").statusCode())
        .isEqualTo(401);
    HttpResponse<String> wrong = new OsbHttp(server.baseUri(), "platform", "nope")
        .osb("GET", "/v2/catalog", null);
    assertThat(wrong.statusCode()).isEqualTo(401);
  }
}
