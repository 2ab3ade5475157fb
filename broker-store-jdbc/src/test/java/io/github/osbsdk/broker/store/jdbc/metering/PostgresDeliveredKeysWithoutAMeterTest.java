package io.github.osbsdk.broker.store.jdbc.metering;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.metering.MeteredPlan;
import io.github.osbsdk.broker.metering.MeteredPlans;
import io.github.osbsdk.broker.metering.UsageRecord;
import io.github.osbsdk.broker.metering.UsageReporter;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;
import io.github.osbsdk.broker.testkit.metering.MeteringSimulator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A provider that builds its own records ({@code reporter.report}, as the README shows) and runs
 * no {@code UsageMeter}: every delivered record leaves its key in {@code osb_usage_delivered},
 * and only a window close prunes that table. Without a meter nothing ever closes a window, so
 * the table grows by one row per record billed, for good.
 */
class PostgresDeliveredKeysWithoutAMeterTest {
  private static final String PLAN = "metered";
  private static final MeteredPlans PLANS =
      MeteredPlans.of(MeteredPlan.of("hello-service-id", PLAN, "API_CALL"));
  /** Long over the retention (3 days by default) before the test runs. */
  private static final Instant LONG_AGO = Instant.parse("2026-01-01T10:00:00Z");

  private MeteringSimulator sim;

  @BeforeEach
  void start() {
    TestDatabase.truncateUsage();
    sim = MeteringSimulator.start(null, Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  private UsageReporter reporter() {
    return UsageReporter.builder(PLANS)
        .outbox(PostgresUsageOutbox.create(TestDatabase.replicaA()))
        .baseUrl(sim.baseUrl())
        .tokenSource(() -> "test-token")
        .requestTimeout(Duration.ofMillis(1500))
        .lease(Duration.ofSeconds(30))
        .backoff(Duration.ofMillis(20), Duration.ofMillis(200))
        .pollInterval(Duration.ofMillis(50))
        .flushTimeout(Duration.ofSeconds(2))
        .build();
  }

  private static UsageRecord record(String instance) {
    return UsageRecord.builder(instance, PLAN).window(LONG_AGO.minus(Duration.ofHours(1)),
        LONG_AGO).measure("API_CALL", 2).build();
  }

  @Test
  void theKeyOfARecordDeliveredLongOverTheRetentionAgoIsPrunedWithoutAnyMeter() {
    UsageRecord first = record("crn:v1:bluemix:public:hello:us-south:a/acc:inst-1::");
    try (UsageReporter before = reporter()) {
      assertThat(before.report(List.of(first))).isOne();
      awaitDelivered(before);
    }
    // a restart (a fresh outbox prunes at its first close, as PostgresInstanceEndPruneTest
    // shows): the provider goes on reporting, still without a meter
    try (UsageReporter after = reporter()) {
      assertThat(after.report(List.of(record(
          "crn:v1:bluemix:public:hello:us-south:a/acc:inst-2::")))).isOne();
      awaitDelivered(after);
    }
    sim.assertTotal(first.resourceInstanceId(), PLAN, "API_CALL", 2);
    // fails: nothing but a window close prunes osb_usage_delivered; the key stays for good
    assertThat(TestDatabase.strings("SELECT key FROM osb_usage_delivered"))
        .as("keys of records that ended over the retention ago").doesNotContain(first.key());
  }

  private static void awaitDelivered(UsageReporter reporter) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (reporter.depth() != 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted");
      }
    }
    assertThat(reporter.depth()).isZero();
  }
}
