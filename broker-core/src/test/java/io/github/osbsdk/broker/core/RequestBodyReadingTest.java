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
}
