package io.github.osbsdk.broker.metering;

import static io.github.osbsdk.broker.metering.Fixtures.PLAN;
import static io.github.osbsdk.broker.metering.Fixtures.crn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.core.testsupport.Await;
import io.github.osbsdk.broker.core.testsupport.TestClock;
import io.github.osbsdk.broker.testkit.metering.ReceivedRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * Every count a {@link UsageMeter} took is billed once: across closes and restarts, adds that
 * race a window's close or the meter's, an outbox that fails or loses a merge's answer.
 */
class UsageMeterDeliveryTest extends UsageMeterSetUp {
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
    assertOneCount(outbox.openCounts().stream()
        .filter(c -> c.resourceInstanceId().equals(crn(2))).toList(),
        TEN.plus(Duration.ofHours(1)), 7);
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
          .isBetween(Duration.ofMillis(250), Duration.ofSeconds(10)); // not for ever
      assertThat(outbox.openCounts()).isEmpty();
      outbox.failMerges(0);
    }
  }

  @Test
  void closingOnANonDurableOutboxSendsTheOpenWindowEndingAtTheCloseTime() {
    UsageMeter meter = meter(reporter, clock);
    clock.set(TEN.plus(Duration.ofMinutes(20)));
    meter.add(crn(1), PLAN, "API_CALL", 4);
    reporter.close();
    assertThat(sim.acceptedRecords()).singleElement().satisfies(r -> {
      // counted at the close time: the record starts 1 ms before its end, never empty
      assertThat(r.start()).isEqualTo(TEN.plus(Duration.ofMinutes(20)).toEpochMilli() - 1);
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
}
