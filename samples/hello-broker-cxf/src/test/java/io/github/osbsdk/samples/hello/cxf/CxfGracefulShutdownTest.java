package io.github.osbsdk.samples.hello.cxf;

import io.github.osbsdk.samples.hello.HelloConfig;
import io.github.osbsdk.samples.hello.reference.GracefulShutdownCheck;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** SIGTERM on CXF (Jetty): a provision still being received is answered, then the broker closes. */
class CxfGracefulShutdownTest {
  @Test
  void aProvisionBeingReceivedWhenTheServerClosesIsStillAnswered() throws Exception {
    GracefulShutdownCheck.provisionBeingReceivedWhenTheServerClosesIsAnswered(
        () -> HelloCxfServer.start(HelloConfig.local("platform", "s3cret",
            Duration.ofMillis(300))),
        HelloCxfServer::baseUri, HelloCxfServer::close, HelloCxfServer.SHUTDOWN_GRACE);
  }
}
