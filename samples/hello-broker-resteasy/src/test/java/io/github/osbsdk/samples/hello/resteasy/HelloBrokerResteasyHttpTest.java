package io.github.osbsdk.samples.hello.resteasy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.osbsdk.samples.hello.HelloCatalog;
import io.github.osbsdk.samples.hello.HelloConfig;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The same broker on RESTEasy + Undertow, over real HTTP, with CRN ids. */
class HelloBrokerResteasyHttpTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).build();
  private static final String BROKER_AUTH = basic("platform", "s3cret");
  private static HelloResteasyServer server;

  @BeforeAll
  static void start() {
    server = HelloResteasyServer.start(
        HelloConfig.local("platform", "s3cret", Duration.ofMillis(200)));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void servesCatalogProvisionBindAndDataWithCrnIdsOnResteasy() throws Exception {
    HttpResponse<String> catalog = send("GET", "/v2/catalog", BROKER_AUTH, null);
    assertThat(catalog.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(catalog.body()).path("services").path(0).path("name").asText())
        .isEqualTo("hello-kv");

    String id = "crn:v1:bluemix:public:hello-kv:us-south:a/acct1:resteasy-1::";
    String path = "/v2/service_instances/" + enc(id);
    String ids = "{\"service_id\":\"" + HelloCatalog.SERVICE_ID + "\",\"plan_id\":\""
        + HelloCatalog.SYNC_PLAN_ID + "\"";
    HttpResponse<String> created = send("PUT", path, BROKER_AUTH,
        ids + ",\"context\":{\"platform\":\"ibmcloud\"},"
            + "\"parameters\":{\"location\":\"us-south\"}}");
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(JSON.readTree(created.body()).path("dashboard_url").asText())
        .isEqualTo(server.baseUri() + "/dashboard/" + enc(id));
    assertThat(send("GET", path, BROKER_AUTH, null).statusCode()).isEqualTo(200);

    String bindingId = "crn:v1:bluemix:public:hello-kv:us-south:a/acct1:resteasy-1:resource-key:k1";
    HttpResponse<String> bound = send("PUT", path + "/service_bindings/" + enc(bindingId),
        BROKER_AUTH, ids + "}");
    assertThat(bound.statusCode()).isEqualTo(201);
    JsonNode c = JSON.readTree(bound.body()).path("credentials");
    String dataAuth = basic(c.path("username").asText(), c.path("password").asText());
    String url = c.path("url").asText().substring(server.baseUri().toString().length());
    assertThat(url).isEqualTo("/data/" + enc(id));

    assertThat(send("PUT", url + "/greeting", dataAuth, "hello").statusCode()).isEqualTo(204);
    HttpResponse<String> read = send("GET", url + "/greeting", dataAuth, null);
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.body()).isEqualTo("hello");

    assertThat(send("DELETE", path + "/service_bindings/" + enc(bindingId) + "?service_id="
        + HelloCatalog.SERVICE_ID + "&plan_id=" + HelloCatalog.SYNC_PLAN_ID, BROKER_AUTH, null)
        .statusCode()).isEqualTo(200);
    assertThat(send("GET", url + "/greeting", dataAuth, null).statusCode()).isEqualTo(401);
  }

  @Test
  void refusesPlatformCallsWithoutCredentials() throws Exception {
    assertThat(send("GET", "/v2/catalog", null, null).statusCode()).isEqualTo(401);
  }

  private static HttpResponse<String> send(String method, String path, String auth, String body)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUri() + path))
        .timeout(Duration.ofSeconds(10))
        .header("X-Broker-API-Version", "2.17");
    if (auth != null) {
      b.header("Authorization", auth);
    }
    if (body != null) {
      b.header("Content-Type", path.startsWith("/data/") ? "text/plain" : "application/json");
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body));
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
        .getBytes(StandardCharsets.UTF_8));
  }

  private static String enc(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
