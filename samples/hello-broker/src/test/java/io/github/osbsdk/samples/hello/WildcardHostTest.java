package io.github.osbsdk.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A sample started on a wildcard {@code HOST} (every interface, IPv4 or IPv6) names
 * {@code localhost} in its base URI, as in the URLs it hands out ({@link HelloConfig#publicUrl}):
 * no client can reach a wildcard address, and {@code ::} unbracketed is no URI host at all.
 */
class WildcardHostTest {
  private static HelloConfig on(String host) {
    return HelloConfig.fromEnvironment(Map.of("HOST", host, "PORT", "0", "BROKER_AUTH", "basic",
        "BROKER_PASSWORD", "pw"));
  }

  private static void startsAndAnswersOnLocalhost(String host) {
    try (HelloServer server = HelloServer.start(on(host))) {
      assertThat(server.baseUri().getHost()).as(server.baseUri().toString())
          .isEqualTo("localhost");
      assertThat(server.baseUri().getPort()).isPositive();
      HttpResponse<String> catalog = new OsbHttp(server.baseUri(), "broker", "pw")
          .osb("GET", "/v2/catalog", null);
      assertThat(catalog.statusCode()).as(catalog.body()).isEqualTo(200);
    }
  }

  @Test
  void anIpv6WildcardHostStartsAndAnswersOnLocalhost() {
    startsAndAnswersOnLocalhost("::");
  }

  @Test
  void aBracketedIpv6WildcardHostStartsAndAnswersOnLocalhost() {
    startsAndAnswersOnLocalhost("[::]");
  }

  @Test
  void anIpv4WildcardHostStartsAndAnswersOnLocalhost() {
    startsAndAnswersOnLocalhost("0.0.0.0");
  }
}
