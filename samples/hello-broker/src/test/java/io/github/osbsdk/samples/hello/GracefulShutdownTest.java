package io.github.osbsdk.samples.hello;

import io.github.osbsdk.samples.hello.reference.GracefulShutdownCheck;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** SIGTERM on Grizzly: a provision still being received is answered, then the broker closes. */
class GracefulShutdownTest {
  @Test
  void aProvisionBeingReceivedWhenTheServerClosesIsStillAnswered() throws Exception {
    GracefulShutdownCheck.provisionBeingReceivedWhenTheServerClosesIsAnswered(
        () -> HelloServer.start(HelloConfig.local("platform", "s3cret", Duration.ofMillis(300))),
        HelloServer::baseUri, HelloServer::close, HelloServer.SHUTDOWN_GRACE);
  }

  @Test
  void aProvisionWhoseBodyPausesWhenTheServerClosesIsStillAnswered() throws Exception {
    GracefulShutdownCheck.provisionBeingReceivedWhenTheServerClosesIsAnswered(
        () -> HelloServer.start(HelloConfig.local("platform", "s3cret", Duration.ofMillis(300))),
        HelloServer::baseUri, HelloServer::close, HelloServer.SHUTDOWN_GRACE,
        Duration.ofSeconds(3));
  }
}
