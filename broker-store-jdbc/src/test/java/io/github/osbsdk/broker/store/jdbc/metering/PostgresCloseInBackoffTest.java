package io.github.osbsdk.broker.store.jdbc.metering;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.testsupport.Await;
import io.github.osbsdk.broker.metering.MeteredPlan;
import io.github.osbsdk.broker.metering.MeteredPlans;
import io.github.osbsdk.broker.metering.UsageListener;
import io.github.osbsdk.broker.metering.UsageRecord;
import io.github.osbsdk.broker.metering.UsageReporter;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;
import io.github.osbsdk.broker.testkit.metering.MeteringSimulator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A reporter closing while a record waits out its backoff after a failed send, on PostgreSQL:
 * the close does not wait for it, the record stays in the outbox, and the next start sends it
 * once.
 */
class PostgresCloseInBackoffTest {
  private static final String INSTANCE = "crn:v1:bluemix:public:hello:us-south:a/acc:inst-1::";
  private static final MeteredPlans PLANS =
      MeteredPlans.of(MeteredPlan.of("hello-service-id", "metered", "API_CALL"));
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

  private UsageReporter.Builder reporter() {
    return UsageReporter.builder(PLANS)
        .outbox(PostgresUsageOutbox.create(TestDatabase.replicaA()))
        .baseUrl(sim.baseUrl())
        .tokenSource(() -> "test-token")
        .requestTimeout(Duration.ofMillis(1500))
        .lease(Duration.ofSeconds(30))
        .backoff(Duration.ofMinutes(10), Duration.ofMinutes(10))
        .pollInterval(Duration.ofMillis(50))
        .flushTimeout(Duration.ofMinutes(1));
  }

  @Test
  void closeLeavesARecordInBackoffInTheOutboxAndTheNextStartSendsItOnce() {
    sim.faults().failNext(1, 503);
    AtomicInteger retries = new AtomicInteger();
    UsageReporter first = reporter().listener(new UsageListener() {
      @Override
      public void retrying(UsageRecord record, String reason, Instant nextAttempt) {
        retries.incrementAndGet();
      }
    }).build();
    Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS);
    first.report(UsageRecord.builder(INSTANCE, "metered").window(end.minusSeconds(3600), end)
        .measure("API_CALL", 5).build());
    Await.until(() -> retries.get() == 1, "answered 503: in backoff for 10 minutes");
    long t0 = System.nanoTime();
    first.close();
    // before: close waited for the backoff until the flush timeout (a minute here)
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
    assertThat(first.dropped()).isZero();
    assertThat(TestDatabase.strings("SELECT state FROM osb_usage_record"))
        .containsExactly("PENDING");
    assertThat(sim.acceptedRecords()).isEmpty();

    // the backoff has passed by the next start (on the database's clock, which it follows)
    TestDatabase.sql("UPDATE osb_usage_record SET next_attempt = clock_timestamp()");
    UsageReporter next = reporter().build();
    try {
      Await.until(() -> next.depth() == 0, "sent by the next start");
    } finally {
      next.close();
    }
    assertThat(sim.acceptedRecords()).hasSize(1);
    sim.assertTotal(INSTANCE, "metered", "API_CALL", 5);
  }
}
