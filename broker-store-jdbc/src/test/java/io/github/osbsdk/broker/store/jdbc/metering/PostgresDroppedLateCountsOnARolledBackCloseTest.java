package io.github.osbsdk.broker.store.jdbc.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import io.github.osbsdk.broker.metering.Aggregation;
import io.github.osbsdk.broker.metering.MeterCount;
import io.github.osbsdk.broker.metering.UsageOutbox;
import io.github.osbsdk.broker.metering.UsageRecord;
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
import java.util.function.Function;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A close that drops late counts and then rolls back (its commit fails) dropped nothing: the
 * counts are still there, and the next close drops them. They are counted in
 * {@code droppedLateCounts} and logged once, by the close that committed.
 */
class PostgresDroppedLateCountsOnARolledBackCloseTest {
  private static final String CRN = "crn:v1:bluemix:public:hello:us-south:a/acc:inst-1::";
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private static final Instant END = T0.plus(Duration.ofHours(1));
  private final AtomicBoolean failNextCommit = new AtomicBoolean();
  private UsageOutbox outbox;

  @BeforeEach
  void createOutbox() {
    TestDatabase.truncateUsage();
    outbox = PostgresUsageOutbox.create(failingCommits(TestDatabase.replicaA()));
  }

  /** The pool, whose next commit fails once armed (a deadlock: rolled back, nothing applied). */
  private DataSource failingCommits(DataSource pool) {
    return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {DataSource.class}, (p, m, args) -> {
          Object r = call(pool, m, args);
          return r instanceof Connection c ? connection(c) : r;
        });
  }

  private Connection connection(Connection c) {
    return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {Connection.class}, (p, m, args) -> {
          if (m.getName().equals("commit") && failNextCommit.getAndSet(false)) {
            throw new SQLException("deadlock detected (injected)", "40P01");
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

  private static Function<List<MeterCount>, UsageRecord> asTheMeterDoes() {
    return counts -> UsageRecord.builder(counts.get(0).resourceInstanceId(), "metered")
        .window(counts.get(0).windowStart(), counts.get(0).windowEnd())
        .measure("API_CALL", counts.stream().mapToDouble(MeterCount::value).sum()).build();
  }

  /** A count an older version (no end check, V7) merged into a window after the end. */
  private static void mergedAfterTheEndByAnOlderVersion(int hours, double value) {
    Instant start = T0.plus(Duration.ofHours(hours));
    TestDatabase.sql("INSERT INTO osb_usage_count (resource_instance_id, plan_id, measure,"
        + " aggregation, window_start, window_end, value) VALUES ('" + CRN + "', 'metered',"
        + " 'API_CALL', '" + Aggregation.SUM + "', '" + start + "', '"
        + start.plus(Duration.ofHours(1)) + "', " + value + ")");
  }

  @Test
  void countsDroppedByACloseThatRolledBackAreCountedAndLoggedOnceByTheNextClose() {
    // before: the rolled-back close had already added its drops to droppedLateCounts and logged
    // them, and the next close dropped the same counts again: 4 counted, each WARN twice
    outbox.endInstance(CRN, END, asTheMeterDoes());
    mergedAfterTheEndByAnOlderVersion(1, 4);
    mergedAfterTheEndByAnOlderVersion(2, 5);
    Instant cutoff = T0.plus(Duration.ofHours(3));
    try (StderrCapture log = new StderrCapture()) {
      failNextCommit.set(true);
      assertThatThrownBy(() -> outbox.closeWindows(cutoff, asTheMeterDoes()))
          .isInstanceOf(RuntimeException.class);
      assertThat(outbox.openCounts()).hasSize(2); // the rollback kept them
      assertThat(outbox.droppedLateCounts()).isZero();
      assertThat(outbox.closeWindows(cutoff, asTheMeterDoes())).isZero();
      assertThat(outbox.openCounts()).isEmpty();
      assertThat(outbox.droppedLateCounts()).isEqualTo(2);
      assertThat(log.lines()).filteredOn(l -> l.contains("usage counted after the metering"
          + " of its instance ended is dropped")).hasSize(2);
    }
  }

  private static UsageRecord firstHour(String consumer, double calls) {
    return UsageRecord.builder(CRN, "metered").window(T0, END).measure("API_CALL", calls)
        .consumerId(consumer).build();
  }

  @Test
  void aCountWhoseLateKeyWouldBeTooLongIsCountedAndLoggedOnceAfterARolledBackClose() {
    // before: counted (and logged) by the rolled-back close, then again by the next one
    String shortest = firstHour("c", 3).key();
    String consumer = "c".repeat(1 + UsageRecord.MAX_KEY_BYTES - 3 - shortest.length());
    // its key is 3 bytes under the most a key may have; its first late key ("-late-1") is over
    UsageRecord delivered = firstHour(consumer, 3);
    assertThat(delivered.key()).hasSize(UsageRecord.MAX_KEY_BYTES - 3);
    outbox.append(List.of(delivered));
    Instant later = T0.plus(Duration.ofDays(1));
    outbox.claim("sender", 10, later, Duration.ofMinutes(5));
    assertThat(outbox.markDelivered("sender", List.of(delivered.key()))).isOne();
    assertThat(outbox.mergeOpenCounts(List.of(new MeterCount(CRN, "metered", "API_CALL",
        Aggregation.SUM, T0, END, 4, T0)))).isEmpty();
    Function<List<MeterCount>, UsageRecord> withTheConsumer = counts -> firstHour(consumer,
        counts.stream().mapToDouble(MeterCount::value).sum());
    try (StderrCapture log = new StderrCapture()) {
      failNextCommit.set(true);
      assertThatThrownBy(() -> outbox.closeWindows(END, withTheConsumer))
          .isInstanceOf(RuntimeException.class);
      assertThat(outbox.openCounts()).hasSize(1);
      assertThat(outbox.droppedLateCounts()).isZero();
      assertThat(outbox.closeWindows(END, withTheConsumer)).isZero();
      assertThat(outbox.openCounts()).isEmpty();
      assertThat(outbox.droppedLateCounts()).isOne();
      assertThat(log.lines()).filteredOn(l -> l.contains("late usage is dropped")).hasSize(1);
    }
  }
}
