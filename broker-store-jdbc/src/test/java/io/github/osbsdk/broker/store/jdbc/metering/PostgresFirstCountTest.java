package io.github.osbsdk.broker.store.jdbc.metering;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.metering.Aggregation;
import io.github.osbsdk.broker.metering.ClaimedUsage;
import io.github.osbsdk.broker.metering.MeterCount;
import io.github.osbsdk.broker.metering.UsageOutbox;
import io.github.osbsdk.broker.metering.internal.MeterRecords;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The first count's time of an open window in PostgreSQL (column {@code first_at}, migration
 * V8): replicas merging into one window keep the earliest, and the window's one record starts
 * then; a row without it (written before V8) makes a record from the window's start.
 */
class PostgresFirstCountTest {
  private static final String CRN = "crn:v1:bluemix:public:hello:us-south:a/acc:inst-1::";
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private static final Instant T1 = T0.plus(Duration.ofHours(1));

  private UsageOutbox replicaA;
  private UsageOutbox replicaB;

  @BeforeEach
  void outboxes() {
    TestDatabase.truncateUsage();
    replicaA = PostgresUsageOutbox.create(TestDatabase.replicaA());
    replicaB = PostgresUsageOutbox.create(TestDatabase.replicaB());
  }

  private static MeterCount count(String measure, double value, Instant firstAt) {
    return new MeterCount(CRN, "metered", measure, Aggregation.SUM, T0, T1, value, firstAt);
  }

  private List<ClaimedUsage> closeAndClaim() {
    assertThat(replicaA.closeWindows(T1, new MeterRecords(null, null))).isOne();
    return replicaB.claim("b", 10, T1.plusSeconds(1), Duration.ofMinutes(1));
  }

  @Test
  void twoReplicasCountingOneWindowMakeOneRecordStartingAtTheEarlierFirstCount() {
    Instant early = T0.plus(Duration.ofMinutes(20)).plusNanos(654_321);
    Instant late = T0.plus(Duration.ofMinutes(40));
    replicaA.mergeOpenCounts(List.of(count("API_CALL", 2, late)));
    replicaB.mergeOpenCounts(List.of(count("API_CALL", 3, early))); // earlier, merged later
    replicaA.mergeOpenCounts(List.of(count("API_CALL", 1, late.plusSeconds(1))));
    assertThat(replicaB.openCounts()).singleElement()
        .satisfies(c -> assertThat(c.firstAt()).isEqualTo(early.truncatedTo(ChronoUnit.MICROS)));
    assertThat(closeAndClaim()).singleElement().satisfies(c -> {
      // truncated to the millisecond, as IBM takes it
      assertThat(c.record().start()).isEqualTo(T0.plus(Duration.ofMinutes(20)));
      assertThat(c.record().end()).isEqualTo(T1);
      assertThat(c.record().quantity("API_CALL")).isEqualTo(6.0);
    });
  }

  private static void mergeAsAnOlderVersion(double value) {
    // the merge of a version before V8: no first_at (and the conflict clause never sets it)
    TestDatabase.sql("INSERT INTO osb_usage_count AS x (resource_instance_id, plan_id, measure,"
        + " aggregation, window_start, window_end, value) VALUES ('" + CRN + "', 'metered',"
        + " 'API_CALL', 'SUM', '" + T0 + "', '" + T1 + "', " + value + ") ON CONFLICT"
        + " (resource_instance_id, plan_id, measure, window_start, window_end) DO UPDATE SET"
        + " value = x.value + EXCLUDED.value");
  }

  @Test
  void anOlderVersionsCountOfUnknownTimeDoesNotMoveTheRecordsStartBackToTheWindowsStart() {
    // before: its NULL first_at won the merge and the record started at the window's start,
    // before a freshly provisioned instance, which IBM refuses for good (a rolling deploy)
    Instant first = T0.plus(Duration.ofMinutes(30));
    mergeAsAnOlderVersion(4);
    replicaA.mergeOpenCounts(List.of(count("API_CALL", 1, first)));
    mergeAsAnOlderVersion(2);
    assertThat(replicaA.openCounts()).singleElement()
        .satisfies(c -> assertThat(c.firstAt()).isEqualTo(first));
    assertThat(closeAndClaim()).singleElement().satisfies(c -> {
      assertThat(c.record().start()).isEqualTo(first);
      assertThat(c.record().quantity("API_CALL")).isEqualTo(7.0);
    });
  }

  @Test
  void aWindowOnlyAnOlderVersionCountedMakesARecordFromTheWindowsStart() {
    // nothing here knows when the instance was provisioned: see README, rolling deploys
    mergeAsAnOlderVersion(4);
    assertThat(closeAndClaim()).singleElement().satisfies(c -> {
      assertThat(c.record().start()).isEqualTo(T0);
      assertThat(c.record().quantity("API_CALL")).isEqualTo(4.0);
    });
  }
}
