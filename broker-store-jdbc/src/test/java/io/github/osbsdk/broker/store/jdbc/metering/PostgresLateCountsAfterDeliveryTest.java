package io.github.osbsdk.broker.store.jdbc.metering;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import io.github.osbsdk.broker.metering.Aggregation;
import io.github.osbsdk.broker.metering.MeterCount;
import io.github.osbsdk.broker.metering.UsageOutbox;
import io.github.osbsdk.broker.metering.UsageRecord;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An older version's late counts in the window an instance's end cut, once the end's record was
 * delivered (IBM answered 201, the row is gone): LateCounts finds no row and appends a record
 * under the very key IBM accepted, which IBM answers 409 ("done"): the counts are lost without
 * the warning LateCounts gives when the record is still in the outbox. They must either be
 * dropped with that warning or billed under a key IBM has not seen.
 */
class PostgresLateCountsAfterDeliveryTest {
  private static final String CRN = "crn:v1:bluemix:public:hello:us-south:a/acc:inst-1::";
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private UsageOutbox outbox;

  @BeforeEach
  void createOutbox() {
    TestDatabase.truncateUsage();
    outbox = PostgresUsageOutbox.create(TestDatabase.replicaA());
  }

  private static MeterCount count(double value) {
    return new MeterCount(CRN, "metered", "API_CALL", Aggregation.SUM, T0,
        T0.plus(Duration.ofHours(1)), value);
  }

  private static Function<List<MeterCount>, UsageRecord> asTheMeterDoes() {
    return counts -> UsageRecord.builder(counts.get(0).resourceInstanceId(), "metered")
        .window(counts.get(0).windowStart(), counts.get(0).windowEnd())
        .measure("API_CALL", counts.stream().mapToDouble(MeterCount::value).sum()).build();
  }

  private static Function<List<MeterCount>, UsageRecord> endingAt(Instant end) {
    return counts -> UsageRecord.builder(counts.get(0).resourceInstanceId(), "metered")
        .window(counts.get(0).windowStart(), end)
        .measure("API_CALL", counts.stream().mapToDouble(MeterCount::value).sum()).build();
  }

  private static void mergeAsAnOlderVersion(MeterCount c) {
    TestDatabase.sql("INSERT INTO osb_usage_count (resource_instance_id, plan_id, measure,"
        + " aggregation, window_start, window_end, value) VALUES ('" + c.resourceInstanceId()
        + "', '" + c.planId() + "', '" + c.measure() + "', '" + c.aggregation() + "', '"
        + c.windowStart() + "', '" + c.windowEnd() + "', " + c.value() + ")");
  }

  @Test
  void aLateCountInTheWindowOfADeliveredEndRecordIsNotRequeuedUnderTheKeyIbmAccepted() {
    Instant end = T0.plusSeconds(90);
    outbox.mergeOpenCounts(List.of(count(2)));
    outbox.endInstance(CRN, end, endingAt(end));
    String key = outbox.claim("me", 10, T0.plus(Duration.ofDays(1)), Duration.ofMinutes(5))
        .get(0).key();
    assertThat(outbox.markDelivered("me", List.of(key))).isOne(); // IBM answered 201
    mergeAsAnOlderVersion(count(4));
    try (StderrCapture log = new StderrCapture()) {
      outbox.closeWindows(T0.plus(Duration.ofHours(1)), asTheMeterDoes());
      boolean warned = log.lines().stream().anyMatch(l -> l.contains("WARN")
          && l.contains("dropped") && l.contains("value=4.0"));
      List<String> requeued = TestDatabase.strings("SELECT key FROM osb_usage_record WHERE"
          + " key = '" + key.replace("'", "''") + "'");
      assertThat(warned || requeued.isEmpty())
          .as("dropped with a warning, or billed under another key; requeued under %s: %s",
              key, requeued)
          .isTrue();
    }
  }
}
