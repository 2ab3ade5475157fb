package io.github.osbsdk.broker.store.jdbc.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.store.jdbc.TestDatabase;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hourly prune of ended instances after a prune that failed (the database down, or the
 * close's commit lost), on the real embedded PostgreSQL: it is tried again a minute later, not
 * an hour later, and after a prune that succeeded it waits the hour (found in review: the turn
 * was spent before the prune ran, so a failed one waited a whole hour).
 */
class PostgresPruneAfterAFailureTest {
  private final AtomicBoolean down = new AtomicBoolean();
  private final AtomicBoolean failNextCommit = new AtomicBoolean();
  /** The prune's clock of nanoseconds, moved by the test. */
  private final AtomicLong nanos = new AtomicLong();
  private PostgresUsageOutbox outbox;

  @BeforeEach
  void createOutbox() {
    TestDatabase.truncateUsage();
    outbox = PostgresUsageOutbox.withPruneClock(failing(TestDatabase.replicaA()), nanos::get);
  }

  /** The pool: no connection while {@link #down}; the next commit fails once armed. */
  private DataSource failing(DataSource pool) {
    return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {DataSource.class}, (p, m, args) -> {
          if (m.getName().equals("getConnection") && down.get()) {
            throw new SQLException("connection refused (injected)", "08001");
          }
          Object r = call(pool, m, args);
          return r instanceof Connection c ? connection(c) : r;
        });
  }

  private Connection connection(Connection c) {
    return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {Connection.class}, (p, m, args) -> {
          if (m.getName().equals("commit") && failNextCommit.getAndSet(false)) {
            throw new SQLException("connection lost at commit (injected)", "08006");
          }
          return call(c, m, args);
        });
  }

  private static Object call(Object target, Method m, Object[] args) throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** An instance that ended long before the retention, nothing of it left: prunable. */
  private static void endedLongAgo(String instance) {
    TestDatabase.sql("INSERT INTO osb_usage_instance_end (resource_instance_id, ended_at)"
        + " VALUES ('" + instance + "', now() - interval '10 days')");
  }

  private static List<String> ends() {
    return TestDatabase.strings("SELECT resource_instance_id FROM osb_usage_instance_end");
  }

  private void later(Duration by) {
    nanos.addAndGet(by.toNanos());
  }

  private void close() {
    outbox.closeWindows(Instant.now(), counts -> {
      throw new AssertionError("no window is open");
    });
  }

  @Test
  void theSendersPruneFailedWhileTheDatabaseWasDownIsTriedAgainAMinuteLater() {
    endedLongAgo("first");
    down.set(true);
    assertThatThrownBy(() -> outbox.pruneIfDue(Instant.now()))
        .isInstanceOf(RuntimeException.class);
    down.set(false);

    later(Duration.ofSeconds(61));
    outbox.pruneIfDue(Instant.now());

    // before: nothing pruned for an hour after the failure
    assertThat(ends()).as("ends left a minute after the failed prune").isEmpty();

    endedLongAgo("second");
    later(Duration.ofMinutes(30));
    outbox.pruneIfDue(Instant.now());
    assertThat(ends()).as("half an hour after a prune that succeeded").containsExactly("second");
    later(Duration.ofMinutes(31));
    outbox.pruneIfDue(Instant.now());
    assertThat(ends()).as("an hour after it").isEmpty();
  }

  @Test
  void aCloseWhosePruneWasRolledBackPrunesAgainAMinuteLater() {
    endedLongAgo("first");
    failNextCommit.set(true);
    assertThatThrownBy(this::close).isInstanceOf(RuntimeException.class);
    assertThat(ends()).as("rolled back with the close").containsExactly("first");

    later(Duration.ofSeconds(30));
    close();
    assertThat(ends()).as("half a minute after the failure").containsExactly("first");

    later(Duration.ofSeconds(31));
    close();

    // before: nothing pruned for an hour after the rolled-back close
    assertThat(ends()).as("ends left a minute after the failure").isEmpty();

    endedLongAgo("second");
    later(Duration.ofMinutes(30));
    close();
    assertThat(ends()).as("half an hour after a prune that succeeded").containsExactly("second");
  }
}
