package io.github.osbsdk.samples.hello;

import io.github.osbsdk.samples.hello.reference.GracefulShutdownCheck;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** SIGTERM on Grizzly: a provision still being received is answered. */
class GracefulShutdownTest {
  @Test
  void aProvisionBeingReceivedWhenTheServerClosesIsStillAnswered() throws Exception {
    HelloServer server = HelloServer.start(HelloConfig.local("platform", "s3cret",
        Duration.ofMillis(300)));
    GracefulShutdownCheck.provisionBeingReceivedWhenTheServerClosesIsAnswered(server.baseUri(),
        server::close, HelloServer.SHUTDOWN_GRACE);
  }
}
