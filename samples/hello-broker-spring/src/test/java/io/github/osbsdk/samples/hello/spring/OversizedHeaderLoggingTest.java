package io.github.osbsdk.samples.hello.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.samples.hello.HelloConfig;
import io.github.osbsdk.samples.hello.reference.ConsoleCapture;
import io.github.osbsdk.samples.hello.reference.RawHttp;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Found by a new-user audit: a 20 KB header got its JSON 431, but Tomcat logged
 * {@code IllegalArgumentException: Request header is too large} with a full stack trace at
 * INFO, where the other containers log nothing. Tomcat logs it for the first such request of
 * each of its request processors, so each test starts a server of its own.
 */
class OversizedHeaderLoggingTest {
  @Test
  void headerSectionTooLargeIsAnsweredWithoutAStackTraceInTheLog() {
    HelloSpringServer server = HelloSpringServer.start(HelloConfig.local("platform", "s3cret",
        Duration.ofMillis(200)));
    try (ConsoleCapture console = new ConsoleCapture()) {
      RawHttp.Answer answer = new RawHttp(server.baseUri()).send("GET /v2/catalog HTTP/1.1",
          List.of("X-Broker-API-Version: 2.17", "X-Padding: " + "x".repeat(20 * 1024)), null);

      assertThat(answer.status()).as(answer.raw()).isEqualTo(431);
      assertThat(answer.contentType()).startsWith("application/json");
      assertThat(console.text()).doesNotContain("Request header is too large")
          .doesNotContain("Exception").doesNotContain("\tat ");
    } finally {
      server.close();
    }
  }

  @Test
  void rawSpaceInTheTargetIsAnsweredWithoutAStackTraceInTheLog() {
    HelloSpringServer server = HelloSpringServer.start(HelloConfig.local("platform", "s3cret",
        Duration.ofMillis(200)));
    try (ConsoleCapture console = new ConsoleCapture()) {
      RawHttp.Answer answer = new RawHttp(server.baseUri())
          .send("GET /v2/service_instances/a b HTTP/1.1", List.of(), null);

      assertThat(answer.status()).as(answer.raw()).isEqualTo(400);
      assertThat(console.text()).doesNotContain("Exception").doesNotContain("\tat ");
    } finally {
      server.close();
    }
  }
}
