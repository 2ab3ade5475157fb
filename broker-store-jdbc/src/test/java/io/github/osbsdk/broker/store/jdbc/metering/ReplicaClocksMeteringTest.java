package io.github.osbsdk.broker.store.jdbc.metering;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.metering.MeteredPlan;
import io.github.osbsdk.broker.metering.MeteredPlans;
import io.github.osbsdk.broker.metering.UsageMeter;
import io.github.osbsdk.broker.metering.UsageRecord;
import io.github.osbsdk.broker.metering.UsageReporter;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;
import io.github.osbsdk.broker.testkit.metering.MeteringSimulator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas metering into one PostgreSQL outbox with their clocks apart, and IBM's usage API
 * (the simulator, on the real clock as the database server is) over HTTP: no record refused,
 * none doubled, none lost, each window's usage billed in that window.
 */
class ReplicaClocksMeteringTest {
  private static final String RESOURCE = "hello-service-id";
  private static final String PLAN = "metered";
  private static final String CRN = "crn:v1:bluemix:public:hello:us-south:a/acc:inst-1::";
  private static final MeteredPlans PLANS =
      MeteredPlans.of(MeteredPlan.of(RESOURCE, PLAN, "API_CALL"));

  private MeteringSimulator sim;
  private final List<UsageReporter> reporters = new ArrayList<>();
  private final List<UsageMeter> meters = new ArrayList<>();

  @BeforeEach
  void start() {
    TestDatabase.truncateUsage();
    sim = MeteringSimulator.start(null, Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    // a meter left open ticks on for the rest of the test JVM: every 50 ms it closes the
    // windows of whatever counts the module's later tests put in the shared tables
    meters.forEach(UsageMeter::close);
    reporters.forEach(UsageReporter::close);
    sim.close();
  }

  @Test
  void aReplicaWithItsClockAheadSendsARecordOnlyOnceItsEndHasPassedOnTheDatabasesClock() {
    // before: the fast replica's sender claimed the record it reported at once (its clock said
    // the end had passed) and sent it before its end; IBM refuses one ending over a minute
    // ahead for good. The record ends 15 s from now on the database's clock (a wait of 15 s,
    // not the 64 s of an end over a minute ahead): long past on the fast replica's clock, and
    // 12 s after the check below that nothing was sent yet
    Clock ahead = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(65));
    UsageReporter fast = reporter(TestDatabase.replicaA(), ahead);
    UsageReporter correct = reporter(TestDatabase.replicaB(), Clock.systemUTC());
    Instant end = Instant.now().plusSeconds(15).truncatedTo(ChronoUnit.MILLIS);
    assertThat(fast.report(List.of(UsageRecord.builder(CRN, PLAN)
        .window(end.minus(Duration.ofHours(1)), end).measure("API_CALL", 3).build())))
        .isOne();
    sleep(Duration.ofSeconds(3)); // 60 polls of each sender
    assertThat(sim.batches()).isEmpty();
    assertThat(correct.depth()).isOne();

    await(() -> correct.depth() == 0, Duration.ofSeconds(60), "delivered after its end");
    assertThat(fast.rejected(10)).isEmpty();
    assertThat(sim.batches()).singleElement().satisfies(b -> {
      assertThat(b.recordStatuses()).containsExactly(201);
      assertThat(b.receivedAt()).isAfterOrEqualTo(end);
    });
    assertThat(sim.acceptedRecords()).singleElement().satisfies(r -> {
      assertThat(r.end()).isEqualTo(end.toEpochMilli());
      assertThat(r.measures()).containsEntry("API_CALL", 3.0);
    });
    sim.assertTotal(CRN, PLAN, "API_CALL", 3);
  }

  @Test
  void countsMadeBeforeAWindowsEndOnTheDatabasesClockAreBilledInThatWindow() {
    // before: a replica whose clock ran 5 s ahead closed each window 5 s early, and the other
    // replica's counts of those last 5 s were refused and billed in the next window (with
    // hourly windows: usage of a month's last minutes billed in the next month, the peak of a
    // sampled measure in an hour where it did not occur)
    Duration window = Duration.ofSeconds(10);
    Clock ahead = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(5));
    UsageReporter fast = reporter(TestDatabase.replicaA(), ahead);
    UsageReporter correct = reporter(TestDatabase.replicaB(), Clock.systemUTC());
    meter(fast, ahead, window); // counts nothing: it closes windows, as every replica does
    UsageMeter meter = meter(correct, Clock.systemUTC(), window);
    sleep(Duration.ofSeconds(3)); // both meters tick every 50 ms by now
    // 7 to 8.5 s into a window on the real clock, the database server's: the fast replica's
    // clock has been past the window's end for 2 s
    long now = System.currentTimeMillis();
    while (now % 10_000 < 7_000 || now % 10_000 > 8_500) {
      sleep(Duration.ofMillis(20));
      now = System.currentTimeMillis();
    }
    long start = now - now % 10_000;
    long before = System.currentTimeMillis();
    meter.add(CRN, PLAN, "API_CALL", 5);
    long after = System.currentTimeMillis();
    await(() -> sim.total(CRN, PLAN, "API_CALL") == 5, Duration.ofSeconds(40), "billed");
    assertThat(sim.acceptedRecords()).singleElement().satisfies(r -> {
      // in the window, from its first count (the record starts then, not at the window's start)
      assertThat(r.start()).isBetween(before, after).isGreaterThanOrEqualTo(start);
      assertThat(r.end()).isEqualTo(start + 10_000);
    });
    assertThat(sim.batches()).allSatisfy(b -> assertThat(b.recordStatuses()).containsOnly(201));
    assertThat(fast.rejected(10)).isEmpty();
    // IBM has the record once the simulator counted it; the sender marks it delivered in the
    // outbox only after reading the answer, a moment later on a loaded machine
    await(() -> correct.depth() == 0, Duration.ofSeconds(30), "marked delivered in the outbox");
  }

  private UsageReporter reporter(DataSource ds, Clock clock) {
    UsageReporter reporter = UsageReporter.builder(PLANS)
        .outbox(PostgresUsageOutbox.create(ds))
        .baseUrl(sim.baseUrl())
        .tokenSource(() -> "test-token")
        .clock(clock)
        .requestTimeout(Duration.ofMillis(1500))
        // longer than the clocks are apart (the default is 5 minutes): a claim judges leases
        // by the claimer's clock, so one ahead by more takes over the other's claim, and both
        // send the record (IBM answers 409 to the second, nothing is billed twice)
        .lease(Duration.ofMinutes(2))
        .backoff(Duration.ofMillis(20), Duration.ofMillis(200))
        .pollInterval(Duration.ofMillis(50))
        .flushTimeout(Duration.ofSeconds(2))
        .build();
    reporters.add(reporter);
    return reporter;
  }

  private UsageMeter meter(UsageReporter reporter, Clock clock, Duration window) {
    UsageMeter meter = UsageMeter.builder(reporter).clock(clock).window(window)
        .persistInterval(Duration.ofMillis(50)).build();
    meters.add(meter);
    return meter;
  }

  private static void await(BooleanSupplier condition, Duration within, String what) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      sleep(Duration.ofMillis(20));
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted");
    }
  }
}
