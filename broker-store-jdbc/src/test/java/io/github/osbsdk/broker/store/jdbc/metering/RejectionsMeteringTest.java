package io.github.osbsdk.broker.store.jdbc.metering;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.metering.MeteredPlan;
import io.github.osbsdk.broker.metering.MeteredPlans;
import io.github.osbsdk.broker.metering.RejectedUsage;
import io.github.osbsdk.broker.metering.UsageRecord;
import io.github.osbsdk.broker.metering.UsageReporter;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;
import io.github.osbsdk.broker.testkit.metering.MeteringSimulator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Records IBM refuses for good, kept in a PostgreSQL outbox by a reporter over HTTP. */
class RejectionsMeteringTest {
  private static final String RESOURCE = "hello-service-id";
  private static final String PLAN = "metered";
  private static final MeteredPlans PLANS =
      MeteredPlans.of(MeteredPlan.of(RESOURCE, PLAN, "API_CALL"));

  private MeteringSimulator sim;
  private UsageReporter reporter;

  @BeforeEach
  void start() {
    TestDatabase.truncateUsage();
    sim = MeteringSimulator.start(null, Clock.systemUTC());
    reporter = UsageReporter.builder(PLANS)
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

  @AfterEach
  void stop() {
    reporter.close();
    sim.close();
  }

  @Test
  void aRejectionWhoseMessageHoldsANulIsStoredAndTheOtherRecordsOfItsClaimAreDelivered() {
    // before: PostgreSQL refused the NUL, markRejected threw, and the whole claim stayed leased
    // (the accepted record unmarked, the rejected one sent again at every lease's end)
    String a = "crn:v1:bluemix:public:hello:us-south:a/acc:inst-1::";
    String b = "crn:v1:bluemix:public:hello:us-south:a/acc:inst-2::";
    sim.faults().rejectRecordsOf(b, 400, "bad\0code", "no such\0measure");
    Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS);
    assertThat(reporter.report(List.of(record(a, end, 2), record(b, end, 3)))).isEqualTo(2);

    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (reporter.depth() != 0 && System.nanoTime() < deadline) {
      sleep();
    }
    assertThat(reporter.depth()).isZero();
    assertThat(reporter.rejected(10)).singleElement().satisfies((RejectedUsage r) -> {
      assertThat(r.record().resourceInstanceId()).isEqualTo(b);
      assertThat(r.code()).isEqualTo("bad code");
      assertThat(r.message()).isEqualTo("no such measure");
    });
    assertThat(sim.batches()).hasSize(1);
    sim.assertTotal(a, PLAN, "API_CALL", 2);
  }

  private static UsageRecord record(String instance, Instant end, double calls) {
    return UsageRecord.builder(instance, PLAN).window(end.minus(Duration.ofHours(1)), end)
        .measure("API_CALL", calls).build();
  }

  private static void sleep() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted");
    }
  }
}
