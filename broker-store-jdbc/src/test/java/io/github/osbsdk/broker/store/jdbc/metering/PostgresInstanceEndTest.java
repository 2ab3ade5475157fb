package io.github.osbsdk.broker.store.jdbc.metering;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.metering.InstanceEndContract;
import io.github.osbsdk.broker.metering.MeterCount;
import io.github.osbsdk.broker.metering.UsageOutbox;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The instance-end contract on PostgreSQL, plus two replicas sharing the end. */
class PostgresInstanceEndTest extends InstanceEndContract {
  @Override
  protected UsageOutbox newOutbox() {
    TestDatabase.truncateUsage();
    return PostgresUsageOutbox.create(TestDatabase.replicaA());
  }

  @Override
  protected void mergeAsAnOlderVersion(MeterCount c) {
    // the merge of a version before V7 and V8: no end check, no first_at
    TestDatabase.sql("INSERT INTO osb_usage_count (resource_instance_id, plan_id, measure,"
        + " aggregation, window_start, window_end, value) VALUES ('" + c.resourceInstanceId()
        + "', '" + c.planId() + "', '" + c.measure() + "', '" + c.aggregation() + "', '"
        + c.windowStart() + "', '" + c.windowEnd() + "', " + c.value() + ")");
  }

  @Test
  void anEndOnOneReplicaClosesTheMergedCountsOfBothAndRefusesTheOthersLaterCounts() {
    UsageOutbox replicaB = PostgresUsageOutbox.create(TestDatabase.replicaB());
    outbox.mergeOpenCounts(List.of(count(CRN, 0, 2)));
    replicaB.mergeOpenCounts(List.of(count(CRN, 0, 3)));
    Instant end = T0.plusSeconds(90);
    assertThat(outbox.endInstance(CRN, end, endingAt(end))).isOne();
    MeterCount late = count(CRN, 0, 7);
    assertThat(replicaB.mergeOpenCounts(List.of(late))).containsExactly(late);
    assertThat(replicaB.endedAt(CRN)).contains(end);
    assertThat(replicaB.openCounts()).isEmpty();
    assertThat(replicaB.claim("b", 10, T0.plus(Duration.ofDays(1)), Duration.ofMinutes(1)))
        .singleElement().satisfies(c -> {
          assertThat(c.record().end()).isEqualTo(end);
          assertThat(c.record().quantity("API_CALL")).isEqualTo(5.0);
        });
  }

  @Test
  void anOlderVersionsLateCountInTheWindowTheEndClosedIsMergedIntoItsUnsentRecord() {
    // before: the late count's record had the end's record's key, the insert did nothing and
    // the count was deleted: 4 calls lost without a word
    Instant end = T0.plusSeconds(90);
    outbox.mergeOpenCounts(List.of(count(CRN, 0, 2)));
    assertThat(outbox.endInstance(CRN, end, endingAt(end))).isOne();
    mergeAsAnOlderVersion(count(CRN, 0, 4));
    assertThat(outbox.closeWindows(T0.plus(Duration.ofHours(1)), asTheMeterDoes())).isZero();
    assertThat(outbox.claim("me", 10, T0.plus(Duration.ofDays(1)), Duration.ofMinutes(1)))
        .singleElement().satisfies(c -> {
          assertThat(c.record().start()).isEqualTo(T0);
          assertThat(c.record().end()).isEqualTo(end);
          assertThat(c.record().quantity("API_CALL")).isEqualTo(6.0);
        });
    assertThat(outbox.openCounts()).isEmpty();
  }

  @Test
  void anOlderVersionsLateCountInTheWindowOfARecordBeingSentGetsALateKey() {
    // before: dropped with a warning, never billed
    Instant end = T0.plusSeconds(90);
    outbox.mergeOpenCounts(List.of(count(CRN, 0, 2)));
    outbox.endInstance(CRN, end, endingAt(end));
    String key = outbox.claim("me", 10, T0.plus(Duration.ofDays(1)), Duration.ofMinutes(5))
        .get(0).key(); // sent now: IBM may have it, a merge would go unbilled (409) or twice
    mergeAsAnOlderVersion(count(CRN, 0, 4));
    assertThat(outbox.closeWindows(T0.plus(Duration.ofHours(1)), asTheMeterDoes())).isOne();
    assertThat(outbox.openCounts()).isEmpty();
    assertThat(TestDatabase.strings("SELECT quantities[1] FROM osb_usage_record WHERE key = '"
        + key.replace("'", "''") + "'")).containsExactly("2");
    assertThat(outbox.claim("other", 10, T0.plus(Duration.ofDays(1)), Duration.ofMinutes(5)))
        .singleElement().satisfies(c -> {
          assertThat(c.record().consumerId()).isEqualTo("late-1");
          assertThat(c.record().end()).isEqualTo(end);
          assertThat(c.record().quantity("API_CALL")).isEqualTo(4.0);
        });
    assertThat(outbox.droppedLateCounts()).isZero();
  }

  @Test
  void anOlderVersionsLateCountInTheWindowOfADeliveredEndRecordIsBilledUnderALateKey() {
    // before: appended under the delivered record's key, which IBM answers 409: never billed
    Instant end = T0.plusSeconds(90);
    outbox.mergeOpenCounts(List.of(count(CRN, 0, 2)));
    outbox.endInstance(CRN, end, endingAt(end));
    String key = outbox.claim("me", 10, T0.plus(Duration.ofDays(1)), Duration.ofMinutes(5))
        .get(0).key();
    assertThat(outbox.markDelivered("me", List.of(key))).isOne();
    mergeAsAnOlderVersion(count(CRN, 0, 4));
    assertThat(outbox.closeWindows(T0.plus(Duration.ofHours(1)), asTheMeterDoes())).isOne();
    assertThat(outbox.claim("me", 10, T0.plus(Duration.ofDays(1)), Duration.ofMinutes(5)))
        .singleElement().satisfies(c -> {
          assertThat(c.key()).isNotEqualTo(key);
          assertThat(c.record().consumerId()).isEqualTo("late-1");
          assertThat(c.record().start()).isEqualTo(T0);
          assertThat(c.record().end()).isEqualTo(end);
          assertThat(c.record().quantity("API_CALL")).isEqualTo(4.0);
        });
  }
}
