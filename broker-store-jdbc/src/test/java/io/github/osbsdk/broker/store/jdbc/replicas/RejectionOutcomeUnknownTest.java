package io.github.osbsdk.broker.store.jdbc.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.github.osbsdk.broker.metering.MeteredPlan;
import io.github.osbsdk.broker.metering.MeteredPlans;
import io.github.osbsdk.broker.metering.RejectedUsage;
import io.github.osbsdk.broker.metering.UsageListener;
import io.github.osbsdk.broker.metering.UsageRecord;
import io.github.osbsdk.broker.metering.UsageReporter;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;
import io.github.osbsdk.broker.store.jdbc.metering.PostgresUsageOutbox;
import io.github.osbsdk.broker.testkit.metering.MeteringSimulator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A reporter's sender moves a record IBM refused for good to the rejected list; PostgreSQL
 * commits it, the answer is lost, and the check of whether it committed ({@code txid_status})
 * fails too: {@code markRejected} reports the outcome as unknown ({@code MergeInDoubtException}),
 * the sender tells its listener of the rejection all the same (before: never, as the record,
 * rejected, never came back) and goes on as after any outbox failure. Nothing is lost or
 * doubled: the rejected record is rejected once and never sent again, and the record IBM took
 * in the same batch is billed once (its delivery is marked all the same: a failure holds back
 * no other answer of the claim; before, it was sent again once its lease ended and answered
 * 409).
 */
class RejectionOutcomeUnknownTest {
  private static final String ACCEPTED = "crn:v1:bluemix:public:svc:us-south:a/acct:inst-ok::";
  private static final String REFUSED = "crn:v1:bluemix:public:svc:us-south:a/acct:inst-bad::";
  private static final String PLAN = "metered";
  private HikariDataSource pool;
  private AnswerLostAfterCommit lost;
  private MeteringSimulator sim;

  @BeforeEach
  void start() {
    TestDatabase.truncateUsage();
    pool = ReplicaServer.pool(TestDatabase.server().getJdbcUrl("postgres", "postgres"),
        "rejection-unknown", 4, 5_000);
    lost = new AnswerLostAfterCommit(pool);
    sim = MeteringSimulator.start(null, Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    sim.close();
    pool.close();
  }

  private static UsageRecord record(String instance, Instant end) {
    return UsageRecord.builder(instance, PLAN).window(end.minus(Duration.ofHours(1)), end)
        .measure("API_CALL", 4).build();
  }

  /** How many records the simulator refused (400) so far. */
  private long refusals() {
    return sim.batches().stream().flatMap(b -> b.recordStatuses().stream())
        .filter(s -> s == 400).count();
  }

  @Test
  void aRejectionWhoseOutcomeIsUnknownIsToldOnceAndLosesAndDoublesNothing()
      throws InterruptedException {
    sim.faults().rejectRecordsOf(REFUSED, 400, "bad_plan", "plan unknown");
    PostgresUsageOutbox outbox = PostgresUsageOutbox.create(lost.dataSource());
    Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS);
    outbox.append(List.of(record(ACCEPTED, end), record(REFUSED, end)));
    AtomicLong refusalsAtRejection = new AtomicLong(-1);
    lost.arm("SET state = 'REJECTED'", () -> { // asked once the rejection committed
      refusalsAtRejection.set(refusals());
      return true;
    });
    lost.refuse("txid_status", () -> lost.fired()); // the database is still away
    AtomicInteger rejections = new AtomicInteger();
    AtomicInteger deliveries = new AtomicInteger();
    UsageReporter reporter = UsageReporter.builder(MeteredPlans.of(
            MeteredPlan.of("svc-id", PLAN, "API_CALL")))
        .outbox(outbox).baseUrl(sim.baseUrl()).tokenSource(() -> "test-token")
        .requestTimeout(Duration.ofSeconds(2)).lease(Duration.ofSeconds(12))
        .backoff(Duration.ofMillis(20), Duration.ofMillis(200))
        .pollInterval(Duration.ofMillis(50)).flushTimeout(Duration.ofSeconds(2))
        .listener(new UsageListener() {
          @Override
          public void rejected(RejectedUsage r) {
            rejections.incrementAndGet();
          }

          @Override
          public void delivered(UsageRecord r, boolean duplicate) {
            deliveries.incrementAndGet();
          }
        }).build();
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while ((reporter.depth() != 0 || deliveries.get() == 0)
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
    } finally {
      reporter.close();
    }

    assertThat(lost.fired()).as("the rejection's answer was lost").isTrue();
    assertThat(lost.refused()).as("and whether it committed could not be told").isTrue();
    assertThat(outbox.depth()).as("nothing left waiting").isZero();
    assertThat(outbox.rejected(10)).as("rejected once, kept").extracting(RejectedUsage::key)
        .containsExactly(record(REFUSED, end).key());
    assertThat(sim.acceptedRecords()).as("the accepted record, billed once")
        .singleElement().satisfies(r -> assertThat(r.resourceInstanceId()).isEqualTo(ACCEPTED));
    assertThat(refusals()).as("the refused record, never sent again once rejected")
        .isEqualTo(refusalsAtRejection.get());
    assertThat(rejections.get()).as("the listener told once, though the outcome was unknown")
        .isOne();
    assertThat(deliveries.get()).as("the accepted record, delivered once").isOne();
  }
}
