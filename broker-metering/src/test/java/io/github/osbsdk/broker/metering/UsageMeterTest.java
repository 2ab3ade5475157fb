package io.github.osbsdk.broker.metering;

import static io.github.osbsdk.broker.metering.Fixtures.PLAN;
import static io.github.osbsdk.broker.metering.Fixtures.crn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.testkit.metering.MeteringSimulator;
import io.github.osbsdk.broker.testkit.metering.ReceivedRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UsageMeterTest {
  static final Instant TEN = Instant.parse("2026-01-01T10:00:00Z");
  MeteringSimulator sim;
  TestClock clock;
  UsageReporter reporter;

  @BeforeEach
  void start() {
    sim = MeteringSimulator.start();
    clock = new TestClock(TEN.plusMillis(500));
    reporter = Fixtures.reporter(sim).build();
  }

  @AfterEach
  void stop() {
    reporter.close();
    sim.close();
  }

  UsageMeter meter(UsageReporter on, TestClock c) {
    return UsageMeter.builder(on).clock(c).manualTicks().build();
  }

  @Test
  void countsOfOneWindowBecomeOneRecordWhenItEnds() {
    UsageMeter meter = meter(reporter, clock);
    meter.add(crn(1), PLAN, "API_CALL", 3);
    meter.add(crn(1), PLAN, "API_CALL", 2);
    meter.sample(crn(1), PLAN, "INSTANCE_GB", 5);
    meter.sample(crn(1), PLAN, "INSTANCE_GB", 8);
    meter.sample(crn(1), PLAN, "INSTANCE_GB", 3);
    meter.tick();
    assertThat(reporter.outbox().openCounts()).extracting(MeterCount::measure, MeterCount::value)
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("API_CALL", 5.0),
            org.assertj.core.groups.Tuple.tuple("INSTANCE_GB", 8.0));
    assertThat(reporter.depth()).isZero();

    clock.set(TEN.plus(Duration.ofHours(1)).plusMillis(100));
    meter.tick();
    Await.until(() -> sim.acceptedRecords().size() == 1 && reporter.depth() == 0, "sent");
    ReceivedRecord r = sim.acceptedRecords().get(0);
    assertThat(r.start()).isEqualTo(TEN.toEpochMilli());
    assertThat(r.end()).isEqualTo(TEN.plus(Duration.ofHours(1)).toEpochMilli());
    assertThat(r.measures()).containsEntry("API_CALL", 5.0).containsEntry("INSTANCE_GB", 8.0);
    assertThat(reporter.outbox().openCounts()).isEmpty();
  }

  @Test
  void closedWindowTakesNoMoreCountsAndLateCountsGoToTheCurrentWindow() {
    TestClock aheadClock = new TestClock(TEN.plus(Duration.ofMinutes(59)));
    TestClock behindClock = new TestClock(TEN.plus(Duration.ofMinutes(59)));
    UsageMeter replicaA = meter(reporter, aheadClock);
    UsageMeter replicaB = meter(reporter, behindClock);
    replicaA.add(crn(1), PLAN, "API_CALL", 1);
    replicaB.add(crn(1), PLAN, "API_CALL", 2); // not persisted before A closes the window
    replicaA.tick();
    aheadClock.set(TEN.plus(Duration.ofHours(1)).plusSeconds(1));
    replicaA.tick(); // closes 10:00-11:00 with A's count
    replicaB.tick(); // B still in 10:00-11:00 by its clock: refused, moved to 11:00-12:00
    assertThat(reporter.outbox().openCounts()).singleElement().satisfies(c -> {
      assertThat(c.windowStart()).isEqualTo(TEN.plus(Duration.ofHours(1)));
      assertThat(c.value()).isEqualTo(2);
    });
    behindClock.set(TEN.plus(Duration.ofHours(1)).plusSeconds(1));
    replicaB.tick(); // B's clock reaches 11:00: nothing moves twice
    assertThat(reporter.outbox().openCounts()).singleElement().satisfies(c -> {
      assertThat(c.windowStart()).isEqualTo(TEN.plus(Duration.ofHours(1)));
      assertThat(c.value()).isEqualTo(2);
    });
    aheadClock.set(TEN.plus(Duration.ofHours(2)).plusSeconds(1));
    replicaA.tick();
    Await.until(() -> sim.acceptedRecords().size() == 2 && reporter.depth() == 0, "sent");
    assertThat(sim.acceptedRecords()).extracting(ReceivedRecord::start)
        .containsExactly(TEN.toEpochMilli(), TEN.plus(Duration.ofHours(1)).toEpochMilli());
    assertThat(sim.duplicateCount()).isZero();
    sim.assertTotal(crn(1), PLAN, "API_CALL", 3);
  }

  @Test
  void countsInAWindowAReplicaWithItsClockAheadClosedSurviveAShutdown() {
    reporter.close();
    DurableTestOutbox outbox = new DurableTestOutbox();
    UsageReporter on = Fixtures.reporter(sim).outbox(outbox).build();
    TestClock ahead = new TestClock(TEN.plus(Duration.ofMinutes(60)).plusSeconds(1));
    TestClock correct = new TestClock(TEN.plus(Duration.ofMinutes(55)));
    UsageMeter replicaA = meter(on, ahead);
    UsageMeter replicaB = meter(on, correct);
    replicaA.add(crn(1), PLAN, "API_CALL", 1);
    replicaA.tick(); // A, 5 minutes ahead, closes 10:00-11:00 at 10:55
    replicaB.add(crn(2), PLAN, "API_CALL", 7); // 10:00-11:00 by B's clock: refused
    // graceful shutdown at 10:55 (rolling deploy): the refused counts were held in memory
    // until B's own clock reached 11:00, and were lost with the process
    replicaB.close();
    on.close();
    assertThat(outbox.openCounts()).filteredOn(c -> c.resourceInstanceId().equals(crn(2)))
        .singleElement().satisfies(c -> {
          assertThat(c.windowStart()).isEqualTo(TEN.plus(Duration.ofHours(1)));
          assertThat(c.value()).isEqualTo(7);
        });
  }

  @Test
  void concurrentAddsAcrossWindowClosesAreNeitherLostNorCountedTwice() throws Exception {
    UsageMeter meter = UsageMeter.builder(reporter).clock(clock).window(Duration.ofSeconds(1))
        .manualTicks().build();
    int threads = 3;
    int perThread = 200_000;
    AtomicBoolean done = new AtomicBoolean();
    List<Thread> adders = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int instance = t % 2;
      Thread adder = new Thread(() -> {
        for (int i = 0; i < perThread; i++) {
          meter.add(crn(instance), PLAN, "API_CALL", 1);
        }
      });
      adders.add(adder);
      adder.start();
    }
    Thread ticker = new Thread(() -> {
      while (!done.get()) {
        clock.advance(Duration.ofMillis(700));
        meter.tick();
      }
    });
    ticker.start();
    for (Thread adder : adders) {
      adder.join();
    }
    done.set(true);
    ticker.join();
    reporter.close(); // non-durable outbox: the open window becomes a record
    assertThat(sim.total(crn(0), PLAN, "API_CALL") + sim.total(crn(1), PLAN, "API_CALL"))
        .isEqualTo((double) threads * perThread);
    assertThat(sim.duplicateCount()).isZero();
  }

  @Test
  void addsRacingTheCloseAreEitherPersistedOrRefusedNeverDropped() throws Exception {
    // a caller past the "closed" check when close() starts used to add after the last persist:
    // add() returned normally and the count was silently lost
    reporter.close();
    int threads = 8;
    for (int round = 0; round < 30; round++) {
      DurableTestOutbox outbox = new DurableTestOutbox();
      UsageReporter on = Fixtures.reporter(sim).outbox(outbox).build();
      UsageMeter meter = meter(on, clock);
      meter.add(crn(1), PLAN, "API_CALL", 1);
      LongAdder returned = new LongAdder();
      returned.increment();
      CountDownLatch started = new CountDownLatch(threads);
      List<Thread> adders = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Thread adder = new Thread(() -> {
          started.countDown();
          while (true) {
            try {
              meter.add(crn(1), PLAN, "API_CALL", 1);
            } catch (IllegalStateException closed) {
              return;
            }
            returned.increment();
          }
        });
        adders.add(adder);
        adder.start();
      }
      started.await();
      Thread.sleep(5);
      meter.close();
      for (Thread adder : adders) {
        adder.join();
      }
      double persisted = outbox.openCounts().stream().mapToDouble(MeterCount::value).sum();
      on.close();
      // every call that returned was persisted; a call that threw may have been persisted by
      // another late call, at most the one call per thread that raced the close
      assertThat(persisted).as("round %d", round)
          .isBetween((double) returned.sum(), (double) returned.sum() + threads);
    }
  }

  @Test
  void closeRetriesTheLastPersistWhileTheOutboxFailsAndKeepsTheCounts() {
    // before: a failed last persist lost the counts of the open windows with a WARN
    DurableTestOutbox outbox = new DurableTestOutbox();
    try (UsageReporter on = Fixtures.reporter(sim).outbox(outbox).build()) {
      UsageMeter meter = meter(on, clock);
      meter.add(crn(1), PLAN, "API_CALL", 4);
      meter.sample(crn(2), PLAN, "INSTANCE_GB", 3);
      outbox.failMerges(3); // the database is down for the close's first persists
      meter.close();
      assertThat(outbox.openCounts()).extracting(MeterCount::resourceInstanceId,
          MeterCount::value).containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple(crn(1), 4.0),
              org.assertj.core.groups.Tuple.tuple(crn(2), 3.0));
    }
  }

  @Test
  void closeGivesUpOnAnOutboxThatStaysDownWithinTheFlushTimeout() {
    DurableTestOutbox outbox = new DurableTestOutbox();
    try (UsageReporter on = Fixtures.reporter(sim).outbox(outbox)
        .flushTimeout(Duration.ofMillis(300)).build()) {
      UsageMeter meter = meter(on, clock);
      meter.add(crn(1), PLAN, "API_CALL", 4);
      outbox.failMerges(Integer.MAX_VALUE);
      long started = System.nanoTime();
      meter.close(); // logs an ERROR: 1 count of 1 window lost
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .isBetween(Duration.ofMillis(250), Duration.ofSeconds(3));
      assertThat(outbox.openCounts()).isEmpty();
      outbox.failMerges(0);
    }
  }

  @Test
  void closingAfterTheClockSteppedBackStillSendsTheOpenWindow() {
    UsageMeter meter = meter(reporter, clock);
    clock.set(TEN.plus(Duration.ofMinutes(59)));
    meter.add(crn(1), PLAN, "API_CALL", 1);
    clock.set(TEN.plus(Duration.ofHours(1)).plusMillis(500));
    meter.tick(); // closes 10:00-11:00
    meter.add(crn(1), PLAN, "API_CALL", 2); // 11:00-12:00
    meter.tick();
    clock.set(TEN.plus(Duration.ofHours(1)).minusMillis(500)); // NTP steps the clock back
    reporter.close(); // non-durable outbox: every open window must become a record
    assertThat(reporter.outbox().openCounts()).isEmpty();
    sim.assertTotal(crn(1), PLAN, "API_CALL", 3);
    assertThat(sim.acceptedRecords()).allSatisfy(r -> assertThat(r.end()).isGreaterThan(r.start()));
  }

  @Test
  void closingOnANonDurableOutboxSendsTheOpenWindowEndingAtTheCloseTime() {
    UsageMeter meter = meter(reporter, clock);
    clock.set(TEN.plus(Duration.ofMinutes(20)));
    meter.add(crn(1), PLAN, "API_CALL", 4);
    reporter.close();
    assertThat(sim.acceptedRecords()).singleElement().satisfies(r -> {
      assertThat(r.start()).isEqualTo(TEN.toEpochMilli());
      assertThat(r.end()).isEqualTo(TEN.plus(Duration.ofMinutes(20)).toEpochMilli());
      assertThat(r.measures()).containsEntry("API_CALL", 4.0);
    });
    assertThatThrownBy(() -> meter.add(crn(1), PLAN, "API_CALL", 1))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void openWindowOnADurableOutboxSurvivesARestart() {
    reporter.close();
    DurableTestOutbox outbox = new DurableTestOutbox();
    UsageReporter first = Fixtures.reporter(sim).outbox(outbox).build();
    meter(first, clock).add(crn(1), PLAN, "API_CALL", 4);
    first.close(); // persists, leaves the window open for the next process
    assertThat(outbox.openCounts()).singleElement()
        .satisfies(c -> assertThat(c.value()).isEqualTo(4));
    sim.assertNothingBilled();

    UsageReporter second = Fixtures.reporter(sim).outbox(outbox).build();
    UsageMeter restarted = meter(second, clock);
    restarted.add(crn(1), PLAN, "API_CALL", 3);
    clock.set(TEN.plus(Duration.ofHours(1)));
    restarted.tick();
    second.close();
    assertThat(sim.acceptedRecords()).hasSize(1);
    sim.assertTotal(crn(1), PLAN, "API_CALL", 7);
  }

  @Test
  void countsOfAMergeWhoseAnswerWasLostAfterItWasAppliedAreBilledOnce() {
    mergeAnswerLost(true);
  }

  @Test
  void countsOfAMergeWhoseAnswerWasLostBeforeItWasAppliedAreBilledOnce() {
    mergeAnswerLost(false);
  }

  private void mergeAnswerLost(boolean applied) {
    reporter.close();
    DurableTestOutbox outbox = new DurableTestOutbox();
    UsageReporter on = Fixtures.reporter(sim).outbox(outbox).build();
    UsageMeter meter = meter(on, clock);
    meter.add(crn(1), PLAN, "API_CALL", 5);
    outbox.loseNextMergeAnswer(applied, 1);
    meter.tick(); // in doubt
    meter.add(crn(1), PLAN, "API_CALL", 2);
    meter.tick(); // outcome still unknown: nothing merged meanwhile
    assertThat(outbox.openCounts()).extracting(MeterCount::value)
        .containsExactlyElementsOf(applied ? List.of(5.0) : List.of());
    meter.tick(); // known now
    assertThat(outbox.openCounts()).singleElement()
        .satisfies(c -> assertThat(c.value()).isEqualTo(7));
    clock.set(TEN.plus(Duration.ofHours(1)));
    meter.tick();
    on.close();
    sim.assertTotal(crn(1), PLAN, "API_CALL", 7);
  }

  @Test
  void idleSeriesIsForgottenAndCountsAgainLater() {
    UsageMeter meter = meter(reporter, clock);
    meter.add(crn(1), PLAN, "API_CALL", 1);
    for (int hour = 1; hour <= 3; hour++) {
      clock.set(TEN.plus(Duration.ofHours(hour)).plusMillis(1));
      meter.tick();
    }
    meter.add(crn(1), PLAN, "API_CALL", 5);
    clock.set(TEN.plus(Duration.ofHours(4)).plusMillis(1));
    meter.tick();
    Await.until(() -> sim.acceptedRecords().size() == 2 && reporter.depth() == 0, "sent");
    assertThat(sim.acceptedRecords()).extracting(r -> r.measures().get("API_CALL"))
        .containsExactly(1.0, 5.0);
  }

  @Test
  void countsThatCannotBeBilledAreRefusedAtTheCall() {
    UsageMeter meter = meter(reporter, clock);
    assertThatThrownBy(() -> meter.add(crn(1), "free", "API_CALL", 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not metered");
    assertThatThrownBy(() -> meter.add(crn(1), PLAN, "STORAGE", 1))
        .hasMessageContaining("not declared");
    assertThatThrownBy(() -> meter.add(crn(1), PLAN, "API_CALL", -1))
        .hasMessageContaining("quantity < 0");
    assertThatThrownBy(() -> meter.sample(crn(1), PLAN, "INSTANCE_GB", Double.NaN))
        .hasMessageContaining("finite");
    assertThatThrownBy(() -> meter.add("no-crn-instance", PLAN, "API_CALL", 1))
        .hasMessageContaining("region");
    // ids a database cannot keep would fail every flush of their window: refused at the call
    assertThatThrownBy(() -> meter.add(crn(1) + "\u0000", PLAN, "API_CALL", 1))
        .hasMessageContaining("control character");
    assertThatThrownBy(() -> meter.add(crn(1) + "x".repeat(1024), PLAN, "API_CALL", 1))
        .hasMessageContaining("1024 bytes");
    meter.add(crn(1), PLAN, "API_CALL", 1);
    assertThatThrownBy(() -> meter.sample(crn(1), PLAN, "API_CALL", 1))
        .hasMessageContaining("added, not both");
  }

  @Test
  void seriesWhoseRecordCouldNotBeBuiltIsRefusedAtTheCallAndBlocksNoOtherWindow() {
    UsageMeter meter = UsageMeter.builder(reporter).clock(clock).region("us-south")
        .manualTicks().build();
    meter.add(crn(1), PLAN, "API_CALL", 4);
    // 1,024 bytes, within the id limit; but every '|' is escaped in the record's key, which
    // would be over 2,048 bytes: the window's record could never be built
    String piped = "|".repeat(1024);
    Throwable refused = org.assertj.core.api.Assertions.catchThrowable(
        () -> meter.add(piped, PLAN, "API_CALL", 1));
    clock.set(TEN.plus(Duration.ofHours(1)).plusMillis(100));
    meter.tick();
    // before: the close of every window failed at every tick, so nothing was ever billed
    assertThat(reporter.outbox().openCounts()).isEmpty();
    Await.until(() -> reporter.depth() == 0, "sent");
    sim.assertTotal(crn(1), PLAN, "API_CALL", 4);
    assertThat(refused).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too long");

    UsageMeter blankConsumer = UsageMeter.builder(reporter).clock(clock).consumerId(" ")
        .manualTicks().build();
    assertThatThrownBy(() -> blankConsumer.add(crn(2), PLAN, "API_CALL", 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("consumer_id");
  }

  @Test
  void windowAnotherReplicaCanBillButThisOneCannotIsLeftToItAndBlocksNoOtherWindow() {
    // two replicas sharing an outbox: one configured with a region, one without; only the
    // first can build the record of an instance id that is no CRN
    UsageMeter withRegion = UsageMeter.builder(reporter).clock(clock).region("eu-de")
        .manualTicks().build();
    UsageMeter withoutRegion = meter(reporter, clock);
    withRegion.add("plain-id", PLAN, "API_CALL", 2);
    withRegion.tick();
    withoutRegion.add(crn(1), PLAN, "API_CALL", 4);
    clock.set(TEN.plus(Duration.ofHours(1)).plusMillis(100));
    withoutRegion.tick(); // the replica with the region is down: this one closes alone
    withoutRegion.tick();
    // before: the whole close failed at every tick, so no window was billed any more
    Await.until(() -> reporter.depth() == 0 && sim.acceptedRecords().size() == 1, "sent");
    sim.assertTotal(crn(1), PLAN, "API_CALL", 4);
    assertThat(reporter.outbox().openCounts()).extracting(MeterCount::resourceInstanceId)
        .containsExactly("plain-id");
    assertThat(reporter.health().check().details()).containsEntry("unclosedWindows", 1);

    withRegion.tick(); // back: it closes the window left to it
    withoutRegion.tick();
    Await.until(() -> sim.acceptedRecords().size() == 2, "sent by the replica with the region");
    assertThat(sim.acceptedRecords()).filteredOn(r -> r.region() != null).singleElement()
        .satisfies(r -> assertThat(r.region()).isEqualTo("eu-de"));
    assertThat(reporter.outbox().openCounts()).isEmpty();
    assertThat(reporter.health().check().details()).containsEntry("unclosedWindows", 0);
  }

  @Test
  void meterWithRegionCountsInstancesWithoutCrn() {
    UsageMeter meter = UsageMeter.builder(reporter).clock(clock).region("eu-de").manualTicks()
        .build();
    meter.add("plain-id", PLAN, "API_CALL", 2);
    reporter.close();
    assertThat(sim.acceptedRecords()).singleElement()
        .satisfies(r -> assertThat(r.region()).isEqualTo("eu-de"));
  }

  @Test
  void backgroundMeterDeliversEveryCountOverRealTimeWindowsDespiteFaults() throws Exception {
    reporter.close();
    sim.faults().failNext(1, 503).slowNext(1, Duration.ofSeconds(2)).dropAfterRecordingNext(1);
    UsageReporter live = Fixtures.reporter(sim).build();
    UsageMeter meter = UsageMeter.builder(live).window(Duration.ofSeconds(1))
        .persistInterval(Duration.ofMillis(100)).build();
    long deadline = System.nanoTime() + Duration.ofMillis(2500).toNanos();
    long counted = 0;
    while (System.nanoTime() < deadline) {
      meter.add(crn(1), PLAN, "API_CALL", 1);
      counted++;
      if (counted % 1000 == 0) {
        Thread.sleep(1);
      }
    }
    Await.until(() -> sim.acceptedRecords().size() >= 2, "windows closed and sent");
    live.close();
    assertThat(live.depth()).isZero();
    sim.assertTotal(crn(1), PLAN, "API_CALL", counted);
  }
  @Test
  void windowsAndIntervalsTheMeterCannotUseAreRefusedByTheBuilder() {
    // Long.MAX_VALUE seconds failed with an ArithmeticException ("long overflow"); a window of
    // years never closes in time to be billed; 1.5 s was cut to 1 s without a word
    UsageMeter.Builder b = UsageMeter.builder(reporter);
    Duration huge = Duration.ofSeconds(Long.MAX_VALUE);
    for (Duration bad : List.of(huge, Duration.ofDays(1).plusMillis(1),
        Duration.ofMillis(1500).plusNanos(1), Duration.ofMillis(999), Duration.ZERO)) {
      assertThatThrownBy(() -> b.window(bad)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("window");
    }
    for (Duration bad : List.of(huge, Duration.ofDays(1).plusMillis(1), Duration.ofNanos(1),
        Duration.ofMillis(-1))) {
      assertThatThrownBy(() -> b.persistInterval(bad))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("interval");
    }
    assertThat(b.window(Duration.ofDays(1)).persistInterval(Duration.ofDays(1)).build().window())
        .isEqualTo(Duration.ofDays(1));
  }
}
