package io.github.osbsdk.broker.store.jdbc.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.metering.Aggregation;
import io.github.osbsdk.broker.metering.ClaimedUsage;
import io.github.osbsdk.broker.metering.MeterCount;
import io.github.osbsdk.broker.metering.RejectedUsage;
import io.github.osbsdk.broker.metering.UsageRecord;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pruning of {@code osb_usage_instance_end} on the real embedded PostgreSQL: the row of an
 * instance that ended over the retention ago and whose usage is all reported goes, with a
 * window close; the others stay, and while a row stays a late count of its instance is refused.
 */
class PostgresInstanceEndPruneTest {
  private static final Instant LONG_AGO = Instant.parse("2026-01-01T10:00:00Z");
  private PostgresUsageOutbox outbox;

  @BeforeEach
  void emptyOutbox() {
    TestDatabase.truncateUsage();
    outbox = PostgresUsageOutbox.create(TestDatabase.replicaA());
  }

  private static String crn(String name) {
    return "crn:v1:bluemix:public:hello:us-south:a/acc:" + name + "::";
  }

  private static MeterCount count(String instance, Instant windowStart, double value) {
    return new MeterCount(instance, "metered", "API_CALL", Aggregation.SUM, windowStart,
        windowStart.plus(Duration.ofHours(1)), value);
  }

  /** Builds the record of a window as the meter does at an instance's end. */
  private static Function<List<MeterCount>, UsageRecord> endingAt(Instant end) {
    return counts -> {
      MeterCount c = counts.get(0);
      Instant windowEnd = c.windowEnd().isAfter(end) ? end : c.windowEnd();
      return UsageRecord.builder(c.resourceInstanceId(), "metered")
          .window(c.windowStart(), windowEnd)
          .measure("API_CALL", counts.stream().mapToDouble(MeterCount::value).sum()).build();
    };
  }

  /** Counts in the instance's window, then ends it 90 s into the window: one record queued. */
  private void countAndEnd(String instance, Instant windowStart) {
    outbox.mergeOpenCounts(List.of(count(instance, windowStart, 2)));
    Instant end = windowStart.plusSeconds(90);
    assertThat(outbox.endInstance(instance, end, endingAt(end))).isOne();
  }

  /**
   * Claims the record of an instance (putting the others back, due at once). A claim skips
   * rows another transaction holds locked ({@code SKIP LOCKED}): one of the module's clean-clone
   * runs found the record missing from a first claim, so the claim is tried again for a while
   * before the test gives up (what is asserted is the pruning, not the first claim).
   */
  private ClaimedUsage claim(String instance) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      List<ClaimedUsage> all = outbox.claim("sender", 100, Instant.now(), Duration.ofMinutes(1));
      // a next attempt is shifted by how far the database's clock was ahead at the claim, the
      // claim's own latency included: "now" would be due only that much later (on a loaded
      // machine after the next claim), so the others are put back a minute in the past
      outbox.release("sender", all.stream()
          .filter(c -> !c.record().resourceInstanceId().equals(instance))
          .map(ClaimedUsage::key).toList(), Instant.now().minus(Duration.ofMinutes(1)));
      Optional<ClaimedUsage> mine = all.stream()
          .filter(c -> c.record().resourceInstanceId().equals(instance)).findFirst();
      if (mine.isPresent() || System.nanoTime() > deadline) {
        return mine.orElseThrow(() -> new AssertionError("no record of " + instance
            + " claimed in 10 s; claimed: " + all.stream().map(ClaimedUsage::key).toList()));
      }
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
  }

  private void deliver(String instance) {
    assertThat(outbox.markDelivered("sender", List.of(claim(instance).key()))).isOne();
  }

  @Test
  void aWindowCloseDeletesTheEndOfAnInstanceLongEndedAndAllReportedAndKeepsTheOthers() {
    String delivered = crn("delivered");
    String rejected = crn("rejected");
    String pending = crn("pending");
    String recent = crn("recent");
    countAndEnd(delivered, LONG_AGO);
    countAndEnd(rejected, LONG_AGO);
    countAndEnd(pending, LONG_AGO);
    Instant recentWindow = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));
    countAndEnd(recent, recentWindow); // ended within the retention (3 days)
    deliver(delivered);
    ClaimedUsage refused = claim(rejected);
    assertThat(outbox.markRejected("sender", new RejectedUsage(refused.key(), refused.record(),
        400, "bad", "outside the instance's life", Instant.now()))).isTrue();
    deliver(recent);

    // a fresh outbox prunes at its first close, then at most hourly
    outbox.closeWindows(Instant.now(), endingAt(Instant.now()));

    // before: every end stayed for good, one row per instance ever deprovisioned
    assertThat(TestDatabase.strings("SELECT resource_instance_id FROM osb_usage_instance_end"
        + " ORDER BY 1")).containsExactlyInAnyOrder(pending, recent);
    assertThat(outbox.endedAt(delivered)).isEmpty();
    assertThat(outbox.endedAt(rejected)).isEmpty();
    assertThat(outbox.depth()).isOne(); // the pending record is untouched

    deliver(pending);
    outbox.closeWindows(Instant.now(), endingAt(Instant.now()));
    assertThat(outbox.endedAt(pending)).as("not before the next hourly prune").isPresent();
    assertThat(outbox.pruneInstanceEnds()).isOne();
    assertThat(outbox.endedAt(pending)).isEmpty();
    assertThat(outbox.endedAt(recent)).isPresent();
  }

  @Test
  void anEndWithOpenCountsOfItsInstanceStays() {
    String instance = crn("late-merged");
    outbox.endInstance(instance, LONG_AGO.plusSeconds(90), endingAt(LONG_AGO.plusSeconds(90)));
    // a count an older version merged after the end (it knows no ends): still to be dropped
    TestDatabase.sql("INSERT INTO osb_usage_count (resource_instance_id, plan_id, measure,"
        + " aggregation, window_start, window_end, value) VALUES ('" + instance + "', 'metered',"
        + " 'API_CALL', 'SUM', '" + LONG_AGO.plus(Duration.ofHours(1)) + "', '"
        + LONG_AGO.plus(Duration.ofHours(2)) + "', 5)");
    assertThat(outbox.pruneInstanceEnds()).isZero();
    assertThat(outbox.endedAt(instance)).isPresent();
  }

  @Test
  void aLateCountOfAnInstanceAllReportedIsStillRefusedWithinTheRetention() {
    String instance = crn("late");
    Instant window = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));
    countAndEnd(instance, window);
    deliver(instance);
    assertThat(outbox.pruneInstanceEnds()).isZero();
    // a replica that held it in memory while the database was unreachable: dropped, not billed
    MeterCount late = count(instance, window.plus(Duration.ofHours(1)), 7);
    assertThat(outbox.mergeOpenCounts(List.of(late))).containsExactly(late);
    assertThat(outbox.openCounts()).isEmpty();
    assertThat(outbox.depth()).isZero();
  }

  @Test
  void theRetentionIsAtLeastAnHour() {
    assertThatThrownBy(() -> PostgresUsageOutbox.builder(TestDatabase.replicaA())
        .instanceEndRetention(Duration.ofMinutes(59)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 h");
  }
}
