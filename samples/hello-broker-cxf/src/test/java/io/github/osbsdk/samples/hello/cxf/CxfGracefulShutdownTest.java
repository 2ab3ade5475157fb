package io.github.osbsdk.samples.hello.cxf;

import io.github.osbsdk.samples.hello.HelloConfig;
import io.github.osbsdk.samples.hello.reference.GracefulShutdownCheck;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** SIGTERM on CXF (Jetty): a provision still being received is answered. */
class CxfGracefulShutdownTest {
  @Test
  void aProvisionBeingReceivedWhenTheServerClosesIsStillAnswered() throws Exception {
    HelloCxfServer server = HelloCxfServer.start(HelloConfig.local("platform", "s3cret",
        Duration.ofMillis(300)));
    GracefulShutdownCheck.provisionBeingReceivedWhenTheServerClosesIsAnswered(server.baseUri(),
        server::close, HelloCxfServer.SHUTDOWN_GRACE);
  }
}
