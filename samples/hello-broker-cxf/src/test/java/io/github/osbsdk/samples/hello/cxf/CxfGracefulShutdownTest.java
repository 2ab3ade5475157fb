package io.github.osbsdk.samples.hello.cxf;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.samples.hello.HelloConfig;
import io.github.osbsdk.samples.hello.reference.GracefulShutdownCheck;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
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

  @Test
  void aProvisionWhoseBodyPausesWhenTheServerClosesIsStillAnswered() throws Exception {
    // Jetty gives every connection a 1 s idle timeout when its connector shuts down, unless
    // told otherwise: a body pausing longer was cut
    GracefulShutdownCheck.provisionBeingReceivedWhenTheServerClosesIsAnswered(
        () -> HelloCxfServer.start(HelloConfig.local("platform", "s3cret",
            Duration.ofMillis(300))),
        HelloCxfServer::baseUri, HelloCxfServer::close, HelloCxfServer.SHUTDOWN_GRACE,
        Duration.ofSeconds(3));
  }

  @Test
  void anIdleKeepAliveConnectionDoesNotHoldTheStopForTheGrace() throws Exception {
    // a platform's HTTP client keeps its connections open between requests
    HelloCxfServer server = HelloCxfServer.start(HelloConfig.local("platform", "s3cret",
        Duration.ofMillis(300)));
    try (Socket socket = new Socket("127.0.0.1", server.baseUri().getPort())) {
      socket.getOutputStream().write(("GET /v2/catalog HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "X-Broker-API-Version: 2.17\r\nAuthorization: Basic "
          + Base64.getEncoder().encodeToString("platform:s3cret".getBytes(StandardCharsets.UTF_8))
          + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      byte[] head = new byte[12];
      assertThat(socket.getInputStream().readNBytes(head, 0, head.length)).isEqualTo(12);
      assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
      long start = System.nanoTime();
      server.close();
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isLessThan(HelloCxfServer.SHUTDOWN_GRACE.dividedBy(2));
    }
  }
}
