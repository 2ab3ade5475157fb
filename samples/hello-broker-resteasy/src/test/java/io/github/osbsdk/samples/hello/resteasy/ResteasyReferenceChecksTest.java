package io.github.osbsdk.samples.hello.resteasy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.osbsdk.samples.hello.HelloCatalog;
import io.github.osbsdk.samples.hello.HelloConfig;
import io.github.osbsdk.samples.hello.reference.ContainerReferenceChecks;
import io.github.osbsdk.samples.hello.reference.RawHttp;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The container reference checks against hello-kv on RESTEasy + Undertow, and more raw-space
 * requests: Undertow's parser refuses them before any handler runs, and
 * {@link JsonBadRequestConduit} turns its fixed bodiless 400 into an OSB error body in JSON.
 */
class ResteasyReferenceChecksTest extends ContainerReferenceChecks {
  private static final String AUTHORIZATION = "Authorization: Basic " + Base64.getEncoder()
      .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
  private static HelloResteasyServer server;

  @BeforeAll
  static void start() {
    server = HelloResteasyServer.start(HelloConfig.local(USER, PASSWORD, Duration.ofMillis(200)));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void rawSpaceInAGetTargetGets400WithAJsonOsbErrorBody() throws Exception {
    List<String> headers = List.of("X-Broker-API-Version: 2.17", AUTHORIZATION);
    assertJsonBadRequest(raw().send("GET /v2/service_instances/a b HTTP/1.1", headers, null));
    assertJsonBadRequest(raw().send("GET /v2/catalog x HTTP/1.1", headers, null));
    // no headers at all but Host
    assertJsonBadRequest(raw().sendBytes("GET /v2/service_instances/a b HTTP/1.1\r\nHost: x\r\n\r\n"
        .getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void rawSpaceInAPutTargetGets400WithAJsonOsbErrorBody() throws Exception {
    String body = "{\"service_id\":\"" + HelloCatalog.SERVICE_ID + "\",\"plan_id\":\""
        + HelloCatalog.SYNC_PLAN_ID + "\"}";
    assertJsonBadRequest(raw().send("PUT /v2/service_instances/a b HTTP/1.1",
        List.of("X-Broker-API-Version: 2.17", AUTHORIZATION, "Content-Type: application/json"),
        body));
  }

  /** Status 400, JSON with an exact length, the connection closed, an OSB error body. */
  private static void assertJsonBadRequest(RawHttp.Answer a) throws Exception {
    assertThat(a.status()).as(a.raw()).isEqualTo(400);
    assertThat(a.contentType()).as(a.raw()).isEqualTo("application/json");
    assertThat(a.headers()).as(a.raw())
        .containsEntry("content-length",
            String.valueOf(a.body().getBytes(StandardCharsets.UTF_8).length))
        .containsEntry("connection", "close");
    JsonNode json = new ObjectMapper().readTree(a.body());
    assertThat(json.path("error").asText()).as(a.raw()).isEqualTo("BadRequest");
    assertThat(json.path("description").asText()).as(a.raw()).contains("raw space");
    assertThat(a.body()).doesNotContainIgnoringCase("<html");
  }

  @Override
  protected URI baseUri() {
    return server.baseUri();
  }
}
