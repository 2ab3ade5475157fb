package io.github.osbsdk.samples.hello.reference;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.samples.hello.HelloCatalog;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * SIGTERM during a rolling deploy: a sample's server stops taking connections but lets a request
 * it is already receiving finish, instead of cutting it (the platform would see a reset
 * connection and not know whether the provision happened). Shared by the samples' containers.
 */
public final class GracefulShutdownCheck {
  private GracefulShutdownCheck() {}

  /**
   * Starts a provision, closes the server while its body is still arriving, sends the rest and
   * expects the 201.
   *
   * @param base the server's base URI (basic auth {@code platform}/{@code s3cret})
   * @param close closes the server (as its shutdown hook does)
   * @param grace how long the server lets requests in progress finish
   * @throws Exception when the exchange fails
   */
  public static void provisionBeingReceivedWhenTheServerClosesIsAnswered(URI base,
      Runnable close, Duration grace) throws Exception {
    byte[] body = ("{\"service_id\":\"" + HelloCatalog.SERVICE_ID + "\",\"plan_id\":\""
        + HelloCatalog.SYNC_PLAN_ID + "\",\"context\":{\"platform\":\"ibmcloud\"}}")
        .getBytes(StandardCharsets.UTF_8);
    String head = "PUT /v2/service_instances/" + UUID.randomUUID() + " HTTP/1.1\r\n"
        + "Host: 127.0.0.1\r\nX-Broker-API-Version: 2.17\r\nAuthorization: Basic "
        + Base64.getEncoder().encodeToString("platform:s3cret".getBytes(StandardCharsets.UTF_8))
        + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
        + "\r\nConnection: close\r\n\r\n";
    CompletableFuture<Void> closed;
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout((int) grace.plusSeconds(5).toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(body, 0, 10);
      out.flush();
      Thread.sleep(300); // the request is being handled: its body is still arriving

      closed = CompletableFuture.runAsync(close);
      Thread.sleep(500);
      assertThat(closed).as("close waits for the request in progress").isNotDone();
      out.write(body, 10, body.length - 10);
      out.flush();

      InputStream in = socket.getInputStream();
      String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 201");
    }
    closed.get(grace.toSeconds() + 5, TimeUnit.SECONDS);
  }
}
