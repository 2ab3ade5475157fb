package io.github.osbsdk.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM during a rolling deploy: the sample stops taking connections but lets a request it is
 * already receiving finish, instead of cutting it (the platform would see a reset connection and
 * not know whether the provision happened).
 */
class GracefulShutdownTest {
  @Test
  void aProvisionBeingReceivedWhenTheServerClosesIsStillAnswered() throws Exception {
    HelloServer server = HelloServer.start(HelloConfig.local("platform", "s3cret",
        Duration.ofMillis(300)));
    byte[] body = ("{\"service_id\":\"" + HelloCatalog.SERVICE_ID + "\",\"plan_id\":\""
        + HelloCatalog.SYNC_PLAN_ID + "\",\"context\":{\"platform\":\"ibmcloud\"}}")
        .getBytes(StandardCharsets.UTF_8);
    String head = "PUT /v2/service_instances/" + UUID.randomUUID() + " HTTP/1.1\r\n"
        + "Host: 127.0.0.1\r\nX-Broker-API-Version: 2.17\r\nAuthorization: Basic "
        + Base64.getEncoder().encodeToString("platform:s3cret".getBytes(StandardCharsets.UTF_8))
        + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
        + "\r\nConnection: close\r\n\r\n";
    CompletableFuture<Void> closed;
    try (Socket socket = new Socket(server.baseUri().getHost(), server.baseUri().getPort())) {
      socket.setSoTimeout(15_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(body, 0, 10);
      out.flush();
      Thread.sleep(300); // the request is being handled: its body is still arriving

      closed = CompletableFuture.runAsync(server::close);
      Thread.sleep(500);
      assertThat(closed).as("close waits for the request in progress").isNotDone();
      out.write(body, 10, body.length - 10);
      out.flush();

      InputStream in = socket.getInputStream();
      String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 201");
    }
    closed.get(HelloServer.SHUTDOWN_GRACE.toSeconds() + 5, TimeUnit.SECONDS);
  }
}
