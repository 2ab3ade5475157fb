package io.github.osbsdk.broker.store.jdbc.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.github.osbsdk.broker.core.testsupport.Await;
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
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A reporter's sender answers one claim of three records: IBM took one and refused two for good,
 * and PostgreSQL refuses to store the first of the two rejections. Each answer is marked on its
 * own: the delivery and the other rejection at once (before: not until the claim's lease ended,
 * the accepted record then resent and answered 409), while the record whose rejection failed
 * stays leased, is sent again once its lease ends and is rejected then. Nothing is lost or
 * doubled.
 */
class RejectionNotStoredOnPostgresTest {
  private static final String ACCEPTED = "crn:v1:bluemix:public:svc:us-south:a/acct:inst-ok::";
  private static final String REFUSED = "crn:v1:bluemix:public:svc:us-south:a/acct:inst-bad::";
  private static final String UNKNOWN = "crn:v1:bluemix:public:svc:us-south:a/acct:inst-404::";
  private static final String PLAN = "metered";
  private HikariDataSource pool;
  private AnswerLostAfterCommit faults;
  private MeteringSimulator sim;

  @BeforeEach
  void start() {
    TestDatabase.truncateUsage();
    pool = ReplicaServer.pool(TestDatabase.server().getJdbcUrl("postgres", "postgres"),
        "rejection-not-stored", 4, 5_000);
    faults = new AnswerLostAfterCommit(pool);
    sim = MeteringSimulator.start(null, Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    sim.close();
    pool.close();
  }

  private static UsageRecord record(String instance, Instant end, double calls) {
    return UsageRecord.builder(instance, PLAN).window(end.minus(Duration.ofHours(1)), end)
        .measure("API_CALL", calls).build();
  }

  @Test
  void aRejectionPostgresRefusesToStoreHoldsBackNoOtherAnswerOfItsClaim() {
    sim.faults().rejectRecordsOf(REFUSED, 400, "bad_measure", "no such measure")
        .rejectRecordsOf(UNKNOWN, 404, "no_plan", "no metering definition");
    faults.refuse("SET state = 'REJECTED'", () -> true); // the first rejection only
    PostgresUsageOutbox outbox = PostgresUsageOutbox.create(faults.dataSource());
    Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS);
    outbox.append(List.of(record(ACCEPTED, end, 5), record(REFUSED, end, 6),
        record(UNKNOWN, end, 7)));
    List<RejectedUsage> rejections = new CopyOnWriteArrayList<>();
    List<Boolean> deliveries = new CopyOnWriteArrayList<>();
    UsageReporter reporter = UsageReporter.builder(MeteredPlans.of(
            MeteredPlan.of("svc-id", PLAN, "API_CALL")))
        .outbox(outbox).baseUrl(sim.baseUrl()).tokenSource(() -> "test-token")
        .requestTimeout(Duration.ofSeconds(2)).lease(Duration.ofMinutes(10))
        .backoff(Duration.ofMillis(20), Duration.ofMillis(200))
        .pollInterval(Duration.ofMillis(50)).flushTimeout(Duration.ofSeconds(2))
        .listener(new UsageListener() {
          @Override
          public void rejected(RejectedUsage r) {
            rejections.add(r);
          }

          @Override
          public void delivered(UsageRecord r, boolean duplicate) {
            deliveries.add(duplicate);
          }
        }).build();
    try {
      Await.until(() -> deliveries.size() == 1 && rejections.size() == 1,
          "the delivery and the other rejection marked, long before the lease ends");
      assertThat(faults.refused()).as("the first rejection was refused").isTrue();
      assertThat(outbox.depth()).as("the record whose rejection failed, still leased").isOne();
      assertThat(outbox.rejected(10)).hasSize(1);

      TestDatabase.sql("UPDATE osb_usage_record SET lease_end = clock_timestamp()"
          + " WHERE state = 'PENDING' AND owner IS NOT NULL"); // its lease ends now
      Await.until(() -> outbox.depth() == 0 && rejections.size() == 2,
          "the record sent again once its lease ended, and rejected");
    } finally {
      reporter.close();
    }

    assertThat(outbox.rejected(10)).extracting(r -> r.record().resourceInstanceId())
        .containsExactlyInAnyOrder(REFUSED, UNKNOWN);
    assertThat(rejections).as("each rejection told once")
        .extracting(r -> r.record().resourceInstanceId())
        .containsExactlyInAnyOrder(REFUSED, UNKNOWN);
    assertThat(deliveries).as("the accepted record, delivered once, not as a 409")
        .containsExactly(false);
    assertThat(sim.acceptedRecords()).as("billed once").singleElement()
        .satisfies(r -> assertThat(r.resourceInstanceId()).isEqualTo(ACCEPTED));
  }
}
