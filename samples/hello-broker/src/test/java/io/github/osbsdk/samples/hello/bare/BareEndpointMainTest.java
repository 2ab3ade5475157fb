package io.github.osbsdk.samples.hello.bare;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.samples.hello.HelloBrokerMain;
import io.github.osbsdk.samples.hello.HelloBrokerMain.Launched;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.glassfish.grizzly.http.server.HttpServer;
import org.junit.jupiter.api.Test;

/**
 * The benchmark baseline reads {@code PORT} and {@code HOST} as the sample does: a malformed
 * value stops the start with one line naming the variable, never a stack trace.
 */
class BareEndpointMainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private Launched<HttpServer> start(Map<String, String> env) {
    return BareEndpointMain.start(env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private void assertRefused(Launched<HttpServer> launched, String message) {
    String text = err.toString(StandardCharsets.UTF_8);
    assertThat(launched.server()).isNull();
    assertThat(launched.exitStatus()).isEqualTo(HelloBrokerMain.BAD_CONFIGURATION);
    assertThat(text).startsWith("bare-endpoint: configuration refused: " + message);
    assertThat(text.strip()).doesNotContain("\n").doesNotContain("\tat ");
  }

  @Test
  void aPortThatIsNoNumberIsRefusedWithTheSamplesMessage() {
    assertRefused(start(Map.of("PORT", "80a")),
        "PORT must be a whole number, not a value of 3 characters (not shown)");
  }

  @Test
  void aPortOutOfRangeIsRefusedWithTheSamplesMessage() {
    assertRefused(start(Map.of("PORT", "70000")), "PORT must be 0 to 65535, not 70000");
  }

  @Test
  void aHostThatIsNoAddressIsRefusedNamingTheVariable() {
    assertRefused(start(Map.of("HOST", "a b", "PORT", "0")), "HOST");
  }

  @Test
  void aValidPortStartsTheBaselineAndSaysWhereItListens() throws Exception {
    Launched<HttpServer> launched = start(Map.of("HOST", "127.0.0.1", "PORT", "0"));
    assertThat(launched.exitStatus()).isZero();
    HttpServer server = launched.server();
    try {
      int port = BareEndpointMain.port(server);
      assertThat(out.toString(StandardCharsets.UTF_8))
          .isEqualTo("bare endpoint listening on http://127.0.0.1:" + port
              + System.lineSeparator());
      HttpResponse<String> catalog = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/catalog")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(catalog.statusCode()).isEqualTo(200);
      assertThat(catalog.body()).contains("\"services\"");
      assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    } finally {
      server.shutdownNow();
    }
  }
}
