package io.github.osbsdk.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A start that fails because a port is taken closes what it opened before (the other listener,
 * broker, metering, state), so the process holds no port or thread of the failed start, and
 * throws the bind failure itself.
 */
class FailedStartClosesWhatItOpenedTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 50, LOOPBACK)) {
      return s.getLocalPort();
    }
  }

  /** A start on a port of the test's choosing. */
  @FunctionalInterface
  private interface StartOn {
    HelloServer start(int port);
  }

  /**
   * Makes a start that is to fail (on the other, taken port) with a free port for the listener
   * that is to start, and returns what it threw. The port is probed, then bound by the start: a
   * start that fails on that port instead (another process bound it in between) is made again
   * on another free port, so the race makes no failure of the test.
   */
  private static Throwable failedStartOnAFreePort(String listener, StartOn start)
      throws IOException {
    Throwable failure = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      int port = freePort();
      failure = catchThrowable(() -> start.start(port).close());
      if (failure == null || !String.valueOf(failure.getMessage())
          .equals("cannot start the " + listener + " on 127.0.0.1:" + port)) {
        return failure;
      }
    }
    return failure;
  }

  private static HelloConfig config(int port) {
    return HelloConfig.fromEnvironment(Map.of("HOST", "127.0.0.1", "PORT",
        String.valueOf(port), "BROKER_AUTH", "basic", "BROKER_PASSWORD", "pw"));
  }

  private static HelloMetrics metricsOn(int port) {
    return HelloMetrics.fromEnvironment(Map.of("BROKER_METRICS", "true", "METRICS_PORT",
        String.valueOf(port), "METRICS_HOST", "127.0.0.1"));
  }

  private static Set<Thread> threads() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
        .collect(Collectors.toSet());
  }

  /**
   * Waits up to 10 s for the threads started since {@code before} to end; returns the rest.
   */
  private static Set<String> threadsLeftSince(Set<Thread> before) throws InterruptedException {
    Set<String> left = Set.of();
    for (int i = 0; i < 100; i++) {
      left = threads().stream().filter(t -> !before.contains(t))
          // the JDK's HttpClient selector ends only once its client is garbage collected
          .filter(t -> !t.getName().startsWith("ForkJoinPool")
              && !t.getName().matches("HttpClient-\\d+-SelectorManager"))
          .map(Thread::getName).collect(Collectors.toSet());
      if (left.isEmpty()) {
        break;
      }
      Thread.sleep(100);
    }
    return left;
  }

  /** Starts and stops once, so what the JVM keeps for good (simulators) is there already. */
  private static void warmUp() throws IOException {
    HelloServer.start(config(0), metricsOn(0)).close();
  }

  @Test
  void aTakenBrokerPortClosesTheStartedMetricsListener() throws Exception {
    warmUp();
    try (ServerSocket taken = new ServerSocket(0, 50, LOOPBACK)) {
      Set<Thread> before = threads();
      int[] metricsPort = new int[1];
      Throwable failure = failedStartOnAFreePort("metrics listener", port -> {
        metricsPort[0] = port;
        return HelloServer.start(config(taken.getLocalPort()), metricsOn(port));
      });
      assertThat(failure)
          .isInstanceOf(UncheckedIOException.class)
          .hasMessage("cannot start the server on 127.0.0.1:" + taken.getLocalPort())
          .satisfies(e -> assertThat(e.getSuppressed()).isEmpty());
      try (ServerSocket again = new ServerSocket(metricsPort[0], 50, LOOPBACK)) {
        assertThat(again.getLocalPort()).isEqualTo(metricsPort[0]);
      }
      assertThat(threadsLeftSince(before)).isEmpty();
    }
  }

  @Test
  void aTakenMetricsPortClosesBrokerMeteringAndState() throws Exception {
    warmUp();
    try (ServerSocket taken = new ServerSocket(0, 50, LOOPBACK)) {
      Set<Thread> before = threads();
      int[] brokerPort = new int[1];
      Throwable failure = failedStartOnAFreePort("server", port -> {
        brokerPort[0] = port;
        return HelloServer.start(config(port), metricsOn(taken.getLocalPort()));
      });
      assertThat(failure)
          .isInstanceOf(UncheckedIOException.class)
          .hasMessage("cannot start the metrics listener on 127.0.0.1:" + taken.getLocalPort())
          .satisfies(e -> assertThat(e.getSuppressed()).isEmpty());
      try (ServerSocket again = new ServerSocket(brokerPort[0], 50, LOOPBACK)) {
        assertThat(again.getLocalPort()).isEqualTo(brokerPort[0]);
      }
      assertThat(threadsLeftSince(before)).isEmpty();
    }
  }
}
