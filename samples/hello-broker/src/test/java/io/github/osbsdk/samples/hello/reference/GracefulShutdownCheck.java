package io.github.osbsdk.samples.hello.reference;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.samples.hello.HelloCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * SIGTERM during a rolling deploy: a sample's server stops taking connections but lets a request
 * it is already receiving finish, instead of cutting it (the platform would see a reset
 * connection and not know whether the provision happened); then it closes its broker, which
 * gives this replica's leases up so another replica takes its operations over at once. Shared by
 * the samples' containers.
 *
 * <p>Every wait is on a condition, none on a fixed time: the request is known to be in the
 * server's hands when the server asks for its body ({@code 100 Continue}), the close is known to
 * have begun when a new connection is refused.
 */
public final class GracefulShutdownCheck {
  /** The broker's operation maintenance thread, which {@code Broker.close()} ends. */
  private static final String BROKER_THREAD = "osb-operations-";

  private GracefulShutdownCheck() {}

  /**
   * Starts the server, starts a provision and, while the server waits for its body, closes the
   * server: new connections are refused, the close waits with the broker still running, the rest
   * of the body gets the 201, and once the close returns the broker is closed too.
   *
   * @param <S> the server's type
   * @param start starts the server (basic auth {@code platform}/{@code s3cret})
   * @param baseUri the server's base URI
   * @param close closes the server (as its shutdown hook does)
   * @param grace how long the server lets requests in progress finish
   * @throws Exception when the exchange fails
   */
  public static <S> void provisionBeingReceivedWhenTheServerClosesIsAnswered(Supplier<S> start,
      Function<S, URI> baseUri, Consumer<S> close, Duration grace) throws Exception {
    provisionBeingReceivedWhenTheServerClosesIsAnswered(start, baseUri, close, grace,
        Duration.ZERO);
  }

  /**
   * As {@link #provisionBeingReceivedWhenTheServerClosesIsAnswered(Supplier, Function, Consumer,
   * Duration)}, with the client pausing in the middle of the body after the close began (a slow
   * client or network): a pause shorter than the grace must not cut the request either.
   *
   * @param <S> the server's type
   * @param start starts the server (basic auth {@code platform}/{@code s3cret})
   * @param baseUri the server's base URI
   * @param close closes the server (as its shutdown hook does)
   * @param grace how long the server lets requests in progress finish
   * @param pause how long the client waits, once the close began, before it sends the rest
   * @throws Exception when the exchange fails
   */
  public static <S> void provisionBeingReceivedWhenTheServerClosesIsAnswered(Supplier<S> start,
      Function<S, URI> baseUri, Consumer<S> close, Duration grace, Duration pause)
      throws Exception {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    S server = start.get();
    List<Thread> broker = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(BROKER_THREAD) && !before.contains(t)).toList();
    assertThat(broker).as("the broker's operation maintenance runs").isNotEmpty();
    URI base = baseUri.apply(server);

    byte[] body = ("{\"service_id\":\"" + HelloCatalog.SERVICE_ID + "\",\"plan_id\":\""
        + HelloCatalog.SYNC_PLAN_ID + "\",\"context\":{\"platform\":\"ibmcloud\"}}")
        .getBytes(StandardCharsets.UTF_8);
    String head = "PUT /v2/service_instances/" + UUID.randomUUID() + " HTTP/1.1\r\n"
        + "Host: 127.0.0.1\r\nX-Broker-API-Version: 2.17\r\nAuthorization: Basic "
        + Base64.getEncoder().encodeToString("platform:s3cret".getBytes(StandardCharsets.UTF_8))
        + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
        + "\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n";
    CompletableFuture<Void> closed;
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout((int) grace.plusSeconds(5).toMillis());
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertThat(readHead(in)).as("the server asks for the body").startsWith("HTTP/1.1 100");
      out.write(body, 0, 10);
      out.flush();

      closed = CompletableFuture.runAsync(() -> close.accept(server));
      awaitRefused(base, grace);
      assertThat(closed).as("close waits for the request in progress").isNotDone();
      assertThat(broker).as("the broker runs until the requests in progress are answered")
          .allMatch(Thread::isAlive);
      // the pause is the client's behaviour under test, not a wait for the server
      Thread.sleep(pause.toMillis());
      out.write(body, 10, body.length - 10);
      out.flush();

      String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 201");
    }
    closed.get(grace.toSeconds() + 5, TimeUnit.SECONDS);
    for (Thread t : broker) {
      t.join(grace.toMillis());
    }
    assertThat(broker).as("the server's close closes its broker").noneMatch(Thread::isAlive);
  }

  /** Reads a response head (up to its blank line). */
  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.append((char) b);
    }
    return head.toString();
  }

  /** Waits until the server refuses new connections: its close has begun. */
  private static void awaitRefused(URI base, Duration grace) throws InterruptedException {
    long deadline = System.nanoTime() + grace.toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket probe = new Socket()) {
        try {
          probe.connect(new InetSocketAddress(base.getHost(), base.getPort()));
        } catch (ConnectException e) {
          return;
        } catch (SocketException e) {
          // a reset while connecting: the server closed its listening socket while this probe
          // waited in its backlog (seen on a loaded machine); the close has begun all the same
          if (String.valueOf(e.getMessage()).contains("Connection reset")) {
            return;
          }
          throw e;
        }
      } catch (IOException e) {
        throw new AssertionError("probing " + base + " failed", e);
      }
      Thread.sleep(10);
    }
    throw new AssertionError("the server still takes connections " + grace + " after close");
  }
}
