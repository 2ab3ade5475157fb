package io.github.osbsdk.samples.hello.resteasy;

import io.github.osbsdk.samples.hello.HelloConfig;
import io.github.osbsdk.samples.hello.reference.GracefulShutdownCheck;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM on RESTEasy (Undertow): a provision still being received is answered, then the broker
 * closes.
 */
class ResteasyGracefulShutdownTest {
  @Test
  void aProvisionBeingReceivedWhenTheServerClosesIsStillAnswered() throws Exception {
    GracefulShutdownCheck.provisionBeingReceivedWhenTheServerClosesIsAnswered(
        () -> HelloResteasyServer.start(HelloConfig.local("platform", "s3cret",
            Duration.ofMillis(300))),
        HelloResteasyServer::baseUri, HelloResteasyServer::close,
        HelloResteasyServer.SHUTDOWN_GRACE);
  }

  @Test
  void aProvisionWhoseBodyPausesWhenTheServerClosesIsStillAnswered() throws Exception {
    GracefulShutdownCheck.provisionBeingReceivedWhenTheServerClosesIsAnswered(
        () -> HelloResteasyServer.start(HelloConfig.local("platform", "s3cret",
            Duration.ofMillis(300))),
        HelloResteasyServer::baseUri, HelloResteasyServer::close,
        HelloResteasyServer.SHUTDOWN_GRACE, Duration.ofSeconds(3));
  }
}
