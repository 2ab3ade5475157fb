package io.github.osbsdk.broker.store.jdbc.metering;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.testsupport.Await;
import io.github.osbsdk.broker.metering.Aggregation;
import io.github.osbsdk.broker.metering.ClaimedUsage;
import io.github.osbsdk.broker.metering.MeterCount;
import io.github.osbsdk.broker.metering.MeteredPlan;
import io.github.osbsdk.broker.metering.MeteredPlans;
import io.github.osbsdk.broker.metering.UsageListener;
import io.github.osbsdk.broker.metering.UsageRecord;
import io.github.osbsdk.broker.metering.UsageReporter;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A sender whose clock is behind the database server's holds back a record the outbox handed
 * out (its end passed on the database's clock, not yet on the sender's) until its end: unsent,
 * IBM has not seen it, so late counts of its window are still added into it.
 */
class PostgresHeldBackRecordTest {
  private static final String CRN = "crn:v1:bluemix:public:hello:us-south:a/acc:inst-1::";
  private static final MeteredPlans PLANS =
      MeteredPlans.of(MeteredPlan.of("hello-service-id", "metered", "API_CALL"));

  private static UsageRecord record(Instant start, Instant end, double calls) {
    return UsageRecord.builder(CRN, "metered").window(start, end).measure("API_CALL", calls)
        .build();
  }

  @Test
  void aRecordHeldBackUntilItsEndTakesLateCountsOfItsWindowUnderItsKey() {
    // before: the hold-back counted as an attempt, as if IBM might have the record, so the
    // late counts were stored under a late key: a second record where one was enough
    TestDatabase.truncateUsage();
    PostgresUsageOutbox outbox = PostgresUsageOutbox.create(TestDatabase.replicaA());
    Instant end = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
    Instant start = end.minus(Duration.ofHours(1));
    assertThat(outbox.append(List.of(record(start, end, 3)))).isOne();
    Clock behind = Clock.offset(Clock.systemUTC(), Duration.ofHours(-1));
    UsageReporter reporter = UsageReporter.builder(PLANS).outbox(outbox)
        .baseUrl(URI.create("http://127.0.0.1:9")) // never reached: nothing is due to send
        .tokenSource(() -> "test-token").clock(behind).pollInterval(Duration.ofMillis(50))
        .flushTimeout(Duration.ZERO).build();
    try {
      Await.until(() -> TestDatabase.strings("SELECT key FROM osb_usage_record WHERE owner IS"
          + " NULL AND next_attempt IS NOT NULL").size() == 1, "the record held back");
    } finally {
      reporter.close();
    }
    assertThat(outbox.mergeOpenCounts(List.of(new MeterCount(CRN, "metered", "API_CALL",
        Aggregation.SUM, start, end, 4, start)))).isEmpty();
    assertThat(outbox.closeWindows(end, counts -> record(start, end,
        counts.stream().mapToDouble(MeterCount::value).sum()))).isZero();
    assertThat(TestDatabase.strings("SELECT coalesce(consumer_id, '-') || ' '"
        + " || array_to_string(quantities, ',') || ' ' || attempts FROM osb_usage_record"))
        .containsExactly("- 7 0");
  }
  @Test
  void aRecordOfAPlanTheReporterDoesNotMeterIsSoonClaimableByAnotherReporter() {
    // before: it was put back due after the longest backoff (2.5 to 5 minutes) for every
    // reporter, each time a reporter that does not meter its plan claimed it
    TestDatabase.truncateUsage();
    PostgresUsageOutbox outbox = PostgresUsageOutbox.create(TestDatabase.replicaA());
    Instant end = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
    UsageRecord unmetered = UsageRecord.builder(CRN, "not-metered-here")
        .window(end.minus(Duration.ofHours(1)), end).measure("API_CALL", 3).build();
    assertThat(outbox.append(List.of(unmetered))).isOne();
    AtomicInteger putBack = new AtomicInteger();
    UsageReporter reporter = UsageReporter.builder(PLANS).outbox(outbox)
        .baseUrl(URI.create("http://127.0.0.1:9")) // never reached: nothing it meters is due
        .tokenSource(() -> "test-token").pollInterval(Duration.ofMillis(50))
        .listener(new UsageListener() {
          @Override
          public void retrying(UsageRecord record, String reason, Instant next) {
            putBack.incrementAndGet();
          }
        }).flushTimeout(Duration.ZERO).build();
    AtomicReference<List<ClaimedUsage>> claimed = new AtomicReference<>(List.of());
    try {
      Await.until(() -> putBack.get() >= 1, "the record put back");
      // due for another sender after the first backoff (1 s by default), while this reporter
      // keeps polling: it does not take the record back meanwhile
      Await.until(() -> !claimed.updateAndGet(c -> c.isEmpty() ? outbox.claim(
          "another-reporter", 10, Instant.now(), Duration.ofMinutes(1)) : c).isEmpty(),
          Duration.ofSeconds(10), "the record claimed by another reporter");
    } finally {
      reporter.close();
    }
    assertThat(claimed.get()).singleElement().satisfies(c -> {
      assertThat(c.key()).isEqualTo(unmetered.key());
      assertThat(c.attempts()).isZero();
    });
  }
}
