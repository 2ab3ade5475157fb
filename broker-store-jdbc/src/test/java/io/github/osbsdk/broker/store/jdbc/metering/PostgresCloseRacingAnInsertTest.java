package io.github.osbsdk.broker.store.jdbc.metering;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.metering.Aggregation;
import io.github.osbsdk.broker.metering.ClaimedUsage;
import io.github.osbsdk.broker.metering.MeterCount;
import io.github.osbsdk.broker.metering.UsageOutbox;
import io.github.osbsdk.broker.metering.UsageRecord;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A close builds a window's record while another replica (an earlier version's report during a
 * rolling update) inserts a record of the same window, committed while the close's insert waits
 * on it: the close's counts are added into that record, not lost. The other replica is played by
 * its own SQL on replica B.
 */
class PostgresCloseRacingAnInsertTest {
  private static final String CRN = "crn:v1:bluemix:public:hello:us-south:a/acc:inst-1::";
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private static final Instant T1 = T0.plus(Duration.ofHours(1));
  private static final Instant LATER = T0.plus(Duration.ofDays(1));
  private UsageOutbox outbox;

  @BeforeEach
  void createOutbox() {
    TestDatabase.truncateUsage();
    outbox = PostgresUsageOutbox.create(TestDatabase.replicaA());
  }

  /** The window's record, without region (the current key) or naming the CRN's (earlier). */
  private static UsageRecord theWindowsRecord(String region, double calls) {
    return UsageRecord.builder(CRN, "metered").region(region).window(T0, T1)
        .measure("API_CALL", calls).build();
  }

  /** An earlier version's insert of a record under its own key, as its report does. */
  private static String insertOf(UsageRecord r) {
    return "INSERT INTO osb_usage_record (key, resource_instance_id, plan_id, region, start_at,"
        + " end_at, measures, quantities, state) VALUES ('" + r.key() + "', '" + CRN
        + "', 'metered', " + (r.region() == null ? "NULL" : "'" + r.region() + "'") + ", '"
        + T0 + "', '" + T1 + "', '{API_CALL}', '{3}', 'PENDING') ON CONFLICT (key) DO NOTHING";
  }

  private static Function<List<MeterCount>, UsageRecord> asTheMeterDoes() {
    return counts -> theWindowsRecord(null,
        counts.stream().mapToDouble(MeterCount::value).sum());
  }

  private void countFourCalls() {
    assertThat(outbox.mergeOpenCounts(List.of(new MeterCount(CRN, "metered", "API_CALL",
        Aggregation.SUM, T0, T1, 4, T0)))).isEmpty();
  }

  @Test
  void aCloseWhoseInsertWaitsOnAnInsertOfTheSameKeyAddsItsCountsIntoThatRecord()
      throws Exception {
    closeRacing(theWindowsRecord(null, 3));
  }

  @Test
  void aCloseWhoseInsertWaitsOnAnInsertUnderTheEarlierKeyAddsItsCountsIntoThatRecord()
      throws Exception {
    closeRacing(theWindowsRecord("us-south", 3));
  }

  private void closeRacing(UsageRecord other) throws Exception {
    // before: the close's insert waited, then skipped its record (ON CONFLICT DO NOTHING): the
    // close's 4 calls were deleted with the window's counts and never billed
    countFourCalls();
    try (Connection earlier = TestDatabase.replicaB().getConnection();
        Statement st = earlier.createStatement()) {
      earlier.setAutoCommit(false);
      assertThat(st.executeUpdate(insertOf(other))).isOne();
      CompletableFuture<Integer> close =
          CompletableFuture.supplyAsync(() -> outbox.closeWindows(T1, asTheMeterDoes()));
      awaitBlocked(close);
      earlier.commit();
      assertThat(close.get(30, TimeUnit.SECONDS)).isZero();
    }
    assertThat(outbox.claim("sender", 10, LATER, Duration.ofMinutes(5))).singleElement()
        .satisfies(c -> {
          assertThat(c.key()).isEqualTo(other.key());
          assertThat(c.record().quantity("API_CALL")).isEqualTo(7.0);
        });
    assertThat(outbox.openCounts()).isEmpty();
    assertThat(outbox.droppedLateCounts()).isZero();
  }

  /** Waits until the close waits for a lock the other insert holds. */
  private static void awaitBlocked(CompletableFuture<Integer> close) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (TestDatabase.count(TestDatabase.replicaA(), "SELECT count(*) FROM pg_stat_activity"
        + " WHERE cardinality(pg_blocking_pids(pid)) > 0") == 0) {
      assertThat(close).as("the close, which must wait for the other insert").isNotDone();
      assertThat(System.nanoTime() - end).as("the close blocked").isNegative();
      Thread.sleep(10);
    }
  }
}
