package io.github.osbsdk.samples.hello.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.samples.hello.HelloConfig;
import io.github.osbsdk.samples.hello.reference.GracefulShutdownCheck;
import io.github.osbsdk.samples.hello.reference.RawHttp;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM on Spring Boot (Tomcat): a provision still being received is answered, then the broker
 * closes.
 *
 * <p>The shared check closes the server once the server asks for the body ({@code 100 Continue}).
 * That the request is then in progress for Spring Boot's graceful shutdown (its servlet is
 * running) holds because the sample sets Tomcat's {@code continueResponseTiming} to
 * {@code onRead}; with Tomcat's default the check raced the request's way to its servlet.
 */
class SpringGracefulShutdownTest {
  @Test
  void aProvisionBeingReceivedWhenTheServerClosesIsStillAnswered() throws Exception {
    GracefulShutdownCheck.provisionBeingReceivedWhenTheServerClosesIsAnswered(
        () -> HelloSpringServer.start(HelloConfig.local("platform", "s3cret",
            Duration.ofMillis(300))),
        HelloSpringServer::baseUri, HelloSpringServer::close, Duration.ofSeconds(30));
  }

  @Test
  void aProvisionWhoseBodyPausesWhenTheServerClosesIsStillAnswered() throws Exception {
    GracefulShutdownCheck.provisionBeingReceivedWhenTheServerClosesIsAnswered(
        () -> HelloSpringServer.start(HelloConfig.local("platform", "s3cret",
            Duration.ofMillis(300))),
        HelloSpringServer::baseUri, HelloSpringServer::close, Duration.ofSeconds(30),
        Duration.ofSeconds(3));
  }

  @Test
  void theServerAsksForTheBodyOnlyOnceTheBrokerReadsIt() {
    try (HelloSpringServer server = HelloSpringServer.start(HelloConfig.local("platform",
        "s3cret", Duration.ofMillis(300)))) {
      // no credentials: the broker refuses the provision without reading its body, so the
      // client is never asked for it (with Tomcat's default, 100 Continue came first)
      RawHttp.Answer answer = new RawHttp(server.baseUri()).send(
          "PUT /v2/service_instances/" + UUID.randomUUID() + " HTTP/1.1",
          List.of("X-Broker-API-Version: 2.17", "Content-Type: application/json",
              "Content-Length: 2", "Expect: 100-continue"), null);
      assertThat(answer.status()).as(answer.raw()).isEqualTo(401);
    }
  }
}
