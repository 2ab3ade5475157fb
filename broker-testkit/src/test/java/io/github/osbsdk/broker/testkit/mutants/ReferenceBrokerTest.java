package io.github.osbsdk.broker.testkit.mutants;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Smoke tests of the correct reference broker, independent of the conformance suite. */
class ReferenceBrokerTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SVC = RefCatalog.DB_SERVICE;
  private ReferenceBroker broker;

  @BeforeEach
  void start() {
    broker = ReferenceBroker.start(MutationSet.none(), Duration.ofMillis(400));
  }

  @AfterEach
  void stop() {
    broker.close();
  }

  private HttpResponse<String> call(String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(broker.url() + path))
        .header("X-Broker-API-Version", "2.17")
        .header("X-Broker-API-Request-Identity", "req-1")
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
            (ReferenceBroker.USERNAME + ":" + ReferenceBroker.PASSWORD)
                .getBytes(StandardCharsets.UTF_8)))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r) throws IOException {
    return JSON.readTree(r.body());
  }

  private static String provision(String plan, String params) {
    return "{\"service_id\":\"" + SVC + "\",\"plan_id\":\"" + plan + "\",\"parameters\":" + params
        + ",\"context\":{\"platform\":\"ibmcloud\"}}";
  }

  private void awaitStatus(String path, int status, String state) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    HttpResponse<String> r;
    do {
      Thread.sleep(20);
      r = call("GET", path, null);
    } while (System.nanoTime() < end && !(r.statusCode() == status
        && (state == null || state.equals(json(r).path("state").asText()))));
    assertThat(r.statusCode()).isEqualTo(status);
  }

  @Test
  void syncInstanceLifecycleFollowsTheSpec() throws Exception {
    String p = "/v2/service_instances/i1";
    assertThat(call("GET", "/v2/catalog", null).statusCode()).isEqualTo(200);
    HttpResponse<String> created = call("PUT", p, provision(RefCatalog.SYNC_PLAN, "{\"size\":2}"));
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.headers().firstValue("X-Broker-API-Request-Identity")).hasValue("req-1");
    assertThat(call("PUT", p, provision(RefCatalog.SYNC_PLAN, "{\"size\":2}")).statusCode())
        .isEqualTo(200);
    assertThat(call("PUT", p, provision(RefCatalog.SYNC_PLAN, "{\"size\":3}")).statusCode())
        .isEqualTo(409);
    assertThat(call("PUT", "/v2/service_instances/i2",
        provision(RefCatalog.SYNC_PLAN, "{\"size\":\"big\"}")).statusCode()).isEqualTo(400);
    assertThat(json(call("GET", p, null)).get("plan_id").asText()).isEqualTo(RefCatalog.SYNC_PLAN);
    assertThat(call("PATCH", p, "{\"service_id\":\"" + SVC + "\",\"plan_id\":\""
        + RefCatalog.FIXED_PLAN + "\"}").statusCode()).isEqualTo(200);
    assertThat(call("PATCH", p, "{\"service_id\":\"" + SVC + "\",\"plan_id\":\""
        + RefCatalog.SYNC_PLAN + "\"}").statusCode()).isEqualTo(422);
    String q = "?service_id=" + SVC + "&plan_id=" + RefCatalog.FIXED_PLAN;
    assertThat(call("DELETE", p + q, null).statusCode()).isEqualTo(200);
    assertThat(call("DELETE", p + q, null).statusCode()).isEqualTo(410);
  }

  @Test
  void asyncCrnInstanceRoundTripsItsOperation() throws Exception {
    String crn = "crn:v1:bluemix:public:ref-db:us-south:a/acct1:9f0e::";
    String p = "/v2/service_instances/" + URLEncoder.encode(crn, StandardCharsets.UTF_8);
    assertThat(call("PUT", p, provision(RefCatalog.ASYNC_PLAN, "{}")).statusCode()).isEqualTo(422);
    HttpResponse<String> accepted = call("PUT", p + "?accepts_incomplete=true",
        provision(RefCatalog.ASYNC_PLAN, "{}"));
    assertThat(accepted.statusCode()).isEqualTo(202);
    String op = json(accepted).get("operation").asText();
    String lastOp =
        p + "/last_operation?operation=" + URLEncoder.encode(op, StandardCharsets.UTF_8);
    assertThat(call("GET", p, null).statusCode()).isEqualTo(404);
    assertThat(json(call("GET", lastOp, null)).get("state").asText()).isEqualTo("in progress");
    awaitStatus(lastOp, 200, "succeeded");
    String b = p + "/service_bindings/" + URLEncoder.encode(crn + "key1", StandardCharsets.UTF_8);
    String bind = "{\"service_id\":\"" + SVC + "\",\"plan_id\":\"" + RefCatalog.ASYNC_PLAN
        + "\",\"bind_resource\":{\"app_guid\":\"app-1\"}}";
    HttpResponse<String> bound = call("PUT", b + "?accepts_incomplete=true", bind);
    assertThat(bound.statusCode()).isEqualTo(202);
    assertThat(json(bound).has("credentials")).isFalse();
    awaitStatus(b + "/last_operation", 200, "succeeded");
    assertThat(json(call("GET", b, null)).get("credentials").isObject()).isTrue();
    String bm = "/bluemix_v1/service_instances/" + URLEncoder.encode(crn, StandardCharsets.UTF_8);
    assertThat(call("PUT", bm, "{\"enabled\":false}").statusCode()).isEqualTo(200);
    assertThat(call("PUT", p + "/service_bindings/k2", bind).statusCode()).isEqualTo(422);
    assertThat(json(call("GET", bm, null)).get("enabled").asBoolean()).isFalse();
    String q = "?accepts_incomplete=true&service_id=" + SVC + "&plan_id=" + RefCatalog.ASYNC_PLAN;
    HttpResponse<String> deleting = call("DELETE", p + q, null);
    assertThat(deleting.statusCode()).isEqualTo(202);
    awaitStatus(p + "/last_operation", 410, null);
  }
}
