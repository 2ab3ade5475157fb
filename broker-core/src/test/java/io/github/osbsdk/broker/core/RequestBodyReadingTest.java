package io.github.osbsdk.broker.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** How the SDK reads bodies off the wire, independent of the client's HTTP quirks. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestBodyReadingTest {
  private final TestServer server = TestServer.start(new TestServiceBroker());

  @AfterAll
  void stop() {
    server.close();
  }

  private static String basic() {
    return "Basic " + Base64.getEncoder().encodeToString(
        (TestServer.USER + ":" + TestServer.PASSWORD).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void provisionFromAClientThatOffersAnH2cUpgradeIsCreated() throws Exception {
    // The JDK client's default (HTTP/2) sends "Upgrade: h2c" on plain http; the body must still
    // be read by its Content-Length instead of waiting for an end of stream.
    HttpClient h2 = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest request = HttpRequest.newBuilder(
            URI.create(server.base + "/v2/service_instances/" + UUID.randomUUID()))
        .timeout(Duration.ofSeconds(20))
        .header("X-Broker-API-Version", "2.17")
        .header("Authorization", basic())
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(ProvisionTest.body("plan-sync", "{}")))
        .build();
    HttpResponse<String> r = h2.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }

  /** A chunked PUT that also declares a Content-Length (closing the connection after it). */
  private String chunkedWithContentLength(String body, int contentLength) {
    return server.raw("PUT /v2/service_instances/" + UUID.randomUUID() + " HTTP/1.1\r\n"
        + "Host: x\r\nX-Broker-API-Version: 2.17\r\nAuthorization: " + basic() + "\r\n"
        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
        + "Content-Length: " + contentLength + "\r\nConnection: close\r\n\r\n"
        + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n");
  }

  @Test
  void chunkedBodyIsReadByItsChunksWhateverContentLengthItAlsoDeclares() {
    // RFC 9112: Transfer-Encoding overrides Content-Length; Grizzly passes both headers on, and
    // the SDK read the first Content-Length bytes of the chunked body: another body than sent
    String body = ProvisionTest.body("plan-sync", "{}");
    assertThat(chunkedWithContentLength(body, 5)).startsWith("HTTP/1.1 201");
    // a declared length that ends the first of two objects must not hide the second
    assertThat(chunkedWithContentLength(body + "{\"plan_id\":\"other\"}", body.length()))
        .startsWith("HTTP/1.1 400").contains("not valid JSON");
  }
}
