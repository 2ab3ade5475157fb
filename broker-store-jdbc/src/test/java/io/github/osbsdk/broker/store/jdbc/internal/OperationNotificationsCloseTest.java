package io.github.osbsdk.broker.store.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Closing the listener of finished operations: prompt, and no thread left behind. */
class OperationNotificationsCloseTest {
  private static final String CHANNEL = "osb_operation_close_test";
  private static final String THREAD = "osb-operation-notifications";

  @Test
  void closeWhileTheProbeWaitsForAPooledConnectionReturnsAtOnceAndEndsTheListener()
      throws Exception {
    // one connection, lent for up to 30 s: the listener holds it, its probe waits for another
    try (HikariDataSource one = pool(1, 30_000)) {
      Set<Thread> before = listenerThreads();
      OperationNotifications listener = listener(one, copies());
      listener.ensureListening();
      awaitProbeWaiting(one);

      closesPromptlyLeavingNothing(listener, one, before);
    }
  }

  @Test
  void closeOfAListeningListenerReturnsPromptlyAndGivesItsConnectionBack() throws Exception {
    try (HikariDataSource two = pool(2, 5_000)) {
      Set<Thread> before = listenerThreads();
      RunningOperations copies = copies();
      OperationNotifications listener = listener(two, copies);
      listener.ensureListening();
      long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!copies.listening()) {
        assertThat(System.nanoTime() - end).as("listening").isNegative();
        Thread.sleep(5);
      }

      closesPromptlyLeavingNothing(listener, two, before);
    }
  }

  /**
   * Closes the listener and checks that the close took less than 500 ms, that no listener
   * thread but those alive {@code before} is left, and that the pool lends no connection.
   */
  private static void closesPromptlyLeavingNothing(OperationNotifications listener,
      HikariDataSource pool, Set<Thread> before) {
    long start = System.nanoTime();
    listener.close();
    long tookMillis = (System.nanoTime() - start) / 1_000_000;

    assertThat(tookMillis).as("close, in ms").isLessThan(500);
    Set<Thread> left = listenerThreads();
    left.removeAll(before);
    assertThat(left).as("listener threads left once closed").isEmpty();
    assertThat(pool.getHikariPoolMXBean().getActiveConnections()).as("connections lent")
        .isZero();
  }

  private static OperationNotifications listener(HikariDataSource pool,
      RunningOperations copies) {
    return new OperationNotifications(pool, CHANNEL, copies, Duration.ofSeconds(30),
        System::nanoTime);
  }

  private static RunningOperations copies() {
    return new RunningOperations(10, Duration.ofSeconds(60), OperationNotifications.MAX_SILENCE,
        System::nanoTime);
  }

  /** Waits until the listener holds the pool's one connection and another borrower waits. */
  private static void awaitProbeWaiting(HikariDataSource pool) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (pool.getHikariPoolMXBean() == null
        || pool.getHikariPoolMXBean().getThreadsAwaitingConnection() == 0) {
      assertThat(System.nanoTime() - end).as("the probe waiting for a connection").isNegative();
      Thread.sleep(5);
    }
  }

  private static Set<Thread> listenerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals(THREAD) && t.isAlive()).collect(Collectors.toSet());
  }

  private static HikariDataSource pool(int size, long timeoutMillis) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(TestDatabase.server().getJdbcUrl("postgres", "postgres"));
    config.setUsername("postgres");
    config.setPoolName("close-test-" + size);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(timeoutMillis);
    return new HikariDataSource(config);
  }
}
