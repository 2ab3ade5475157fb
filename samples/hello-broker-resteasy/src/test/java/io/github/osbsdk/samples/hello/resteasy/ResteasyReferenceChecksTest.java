package io.github.osbsdk.samples.hello.resteasy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.osbsdk.samples.hello.HelloCatalog;
import io.github.osbsdk.samples.hello.HelloConfig;
import io.github.osbsdk.samples.hello.reference.ContainerReferenceChecks;
import io.github.osbsdk.samples.hello.reference.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The container reference checks against hello-kv on RESTEasy + Undertow, and more raw-space
 * requests: Undertow's parser refuses them before any handler runs, and
 * {@link JsonBadRequestConduit} turns its fixed bodiless 400 into an OSB error body in JSON, also
 * on a keep-alive connection after earlier responses.
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
  void unparsableAcceptHeaderGets400WithAJsonOsbErrorBody() throws Exception {
    // RESTEasy refuses it with sendError before the SDK's filters: the error page answers
    RawHttp.Answer a = raw().send("GET /v2/catalog HTTP/1.1",
        List.of("X-Broker-API-Version: 2.17", AUTHORIZATION, "Accept: ;;;"), null);
    assertThat(a.status()).as(a.raw()).isEqualTo(400);
    assertThat(a.contentType()).as(a.raw()).startsWith("application/json");
    assertThat(a.body()).as(a.raw()).doesNotContain("\"error\"")
        .doesNotContainIgnoringCase("<html");
  }

  @Test
  void errorPageCalledDirectlyIsNotFound() throws Exception {
    RawHttp.Answer a = raw().send("GET /osb-error HTTP/1.1", List.of(), null);
    assertThat(a.status()).as(a.raw()).isEqualTo(404);
    assertThat(a.contentType()).as(a.raw()).startsWith("application/json");
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

  @Test
  void unparseableRequestAfterAResponseOnTheSameConnectionGets400WithAJsonOsbErrorBody()
      throws Exception {
    try (Socket socket = keepAliveSocket()) {
      // the SDK's 401 first, the connection kept open
      send(socket, "GET /v2/catalog HTTP/1.1", List.of("X-Broker-API-Version: 2.17"));
      RawHttp.Answer refused = readResponse(socket, true);
      assertThat(refused.status()).as(refused.raw()).isEqualTo(401);
      assertThat(refused.headers()).as(refused.raw()).containsEntry("connection", "keep-alive");
      assertThat(refused.body()).as(refused.raw()).contains("\"description\"");

      send(socket, "GET /v2/catalog x HTTP/1.1",
          List.of("X-Broker-API-Version: 2.17", AUTHORIZATION));
      assertJsonBadRequest(readResponse(socket, true));
      assertThat(socket.getInputStream().read()).as("closed after the 400").isEqualTo(-1);
    }
  }

  @Test
  void unparseableRequestAfterAHeadResponseGets400WithAJsonOsbErrorBody() throws Exception {
    try (Socket socket = keepAliveSocket()) {
      // a response whose Content-Length announces a body that never comes
      send(socket, "HEAD /v2/catalog HTTP/1.1",
          List.of("X-Broker-API-Version: 2.17", AUTHORIZATION));
      RawHttp.Answer head = readResponse(socket, false);
      assertThat(head.status()).as(head.raw()).isEqualTo(200);
      assertThat(Integer.parseInt(head.headers().get("content-length"))).isPositive();

      send(socket, "GET /v2/service_instances/a b HTTP/1.1",
          List.of("X-Broker-API-Version: 2.17", AUTHORIZATION));
      assertJsonBadRequest(readResponse(socket, true));
      assertThat(socket.getInputStream().read()).as("closed after the 400").isEqualTo(-1);
    }
  }

  private static Socket keepAliveSocket() throws Exception {
    Socket socket = new Socket(server.baseUri().getHost(), server.baseUri().getPort());
    socket.setSoTimeout(10_000);
    return socket;
  }

  /** Sends a request head without body, the connection left open. */
  private static void send(Socket socket, String requestLine, List<String> headers)
      throws Exception {
    StringBuilder head = new StringBuilder(requestLine).append("\r\nHost: ")
        .append(server.baseUri().getHost()).append(':').append(server.baseUri().getPort())
        .append("\r\n");
    headers.forEach(h -> head.append(h).append("\r\n"));
    OutputStream out = socket.getOutputStream();
    out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /**
   * Reads one response: its head up to the blank line, then (if {@code withBody}) exactly as many
   * body bytes as its {@code Content-Length} says, nothing beyond.
   */
  private static RawHttp.Answer readResponse(Socket socket, boolean withBody) throws Exception {
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      assertThat(b).as("response head so far: %s", head).isNotEqualTo(-1);
      head.write(b);
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    String[] lines = text.substring(0, text.length() - 4).split("\r\n");
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim());
    }
    byte[] body = withBody ? in.readNBytes(Integer.parseInt(headers.get("content-length")))
        : new byte[0];
    String bodyText = new String(body, StandardCharsets.UTF_8);
    return new RawHttp.Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, bodyText,
        text + bodyText);
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
    assertThat(json.has("error")).as(a.raw()).isFalse();
    assertThat(json.path("description").asText()).as(a.raw()).contains("raw space");
    assertThat(a.body()).doesNotContainIgnoringCase("<html");
  }

  @Override
  protected URI baseUri() {
    return server.baseUri();
  }
}
