package io.github.osbsdk.samples.hello.spring;

import io.github.osbsdk.samples.hello.HelloConfig;
import io.github.osbsdk.samples.hello.reference.GracefulShutdownCheck;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM on Spring Boot (Tomcat): a provision still being received is answered, then the broker
 * closes.
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
}
