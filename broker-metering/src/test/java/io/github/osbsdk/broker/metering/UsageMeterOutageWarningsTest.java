package io.github.osbsdk.broker.metering;

import static io.github.osbsdk.broker.metering.Fixtures.PLAN;
import static io.github.osbsdk.broker.metering.Fixtures.crn;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The meter's other WARN lines of an outbox outage, and their pace on the meter's clock (found
 * in review: a failed close and a merge whose outcome stays unknown were logged on every tick,
 * and the persist warnings were paced on the system clock, not the meter's).
 */
class UsageMeterOutageWarningsTest extends UsageMeterSetUp {

  private static List<String> warnings(StderrCapture log, String text) {
    return log.lines().stream().filter(l -> l.contains("WARN") && l.contains(text)).toList();
  }

  /** Ticks {@code ticks} times, the meter's clock {@code step} further each time. */
  private void tick(UsageMeter meter, int ticks, Duration step) {
    for (int i = 0; i < ticks; i++) {
      clock.advance(step);
      meter.tick();
    }
  }

  @Test
  void closesFailingTickAfterTickAreWarnedOfOnceAMinuteOnTheMetersClock() {
    DurableTestOutbox outbox = new DurableTestOutbox();
    try (UsageReporter on = Fixtures.reporter(sim).outbox(outbox).build()) {
      UsageMeter meter = meter(on, clock);
      meter.add(crn(1), PLAN, "API_CALL", 4);
      clock.advance(Duration.ofHours(1)); // the window ended: every tick closes it
      outbox.failCloses(Integer.MAX_VALUE);
      try (StderrCapture log = new StderrCapture()) {
        tick(meter, 30, Duration.ofSeconds(1)); // 30 s of an outage, a tick a second

        assertThat(warnings(log, "closing metering windows failed"))
            .as("WARN lines for 30 ticks in one minute").hasSize(1);

        tick(meter, 1, Duration.ofSeconds(31)); // a minute after the first line
        assertThat(warnings(log, "closing metering windows failed"))
            .as("WARN lines once the outage lasted a minute").hasSize(2);
      }
      outbox.failCloses(0);
      meter.close();
    }
  }

  @Test
  void aMergeWhoseOutcomeStaysUnknownIsWarnedOfOnceAMinuteNotOnEveryTick() {
    DurableTestOutbox outbox = new DurableTestOutbox();
    try (UsageReporter on = Fixtures.reporter(sim).outbox(outbox).build()) {
      UsageMeter meter = meter(on, clock);
      meter.add(crn(1), PLAN, "API_CALL", 4);
      outbox.loseNextMergeAnswer(true, Integer.MAX_VALUE);
      try (StderrCapture log = new StderrCapture()) {
        tick(meter, 30, Duration.ofSeconds(1));

        assertThat(warnings(log, "unknown"))
            .as("WARN lines of one merge in doubt for 30 ticks").hasSize(1);

        tick(meter, 1, Duration.ofSeconds(31));
        assertThat(warnings(log, "unknown"))
            .as("WARN lines once the doubt lasted a minute").hasSize(2);
      }
      outbox.loseNextMergeAnswer(true, 0);
      meter.close();
    }
  }

  @Test
  void countsOfAnEndedInstanceTheOutboxCannotCheckAreWarnedOfOnceAMinuteNotOnEveryTick() {
    DurableTestOutbox outbox = new DurableTestOutbox();
    try (UsageReporter on = Fixtures.reporter(sim).outbox(outbox).build()) {
      UsageMeter replicaA = meter(on, clock);
      UsageMeter replicaB = meter(on, clock);
      replicaA.endInstance(crn(1), clock.instant());
      replicaB.add(crn(1), PLAN, "API_CALL", 4); // refused: the instance's metering ended
      outbox.down(true); // so whether it ended cannot be read
      try (StderrCapture log = new StderrCapture()) {
        tick(replicaB, 30, Duration.ofSeconds(1));

        assertThat(warnings(log, "cannot tell whether the metering"))
            .as("WARN lines for 30 ticks in one minute").hasSize(1);

        tick(replicaB, 1, Duration.ofSeconds(31));
        assertThat(warnings(log, "cannot tell whether the metering"))
            .as("WARN lines once the outage lasted a minute").hasSize(2);
      }
      outbox.down(false);
      replicaB.tick();
      assertThat(replicaB.droppedAfterEnd()).as("dropped once the outbox answers").isPositive();
      replicaA.close();
      replicaB.close();
    }
  }

  @Test
  void aTickThatThrowsOnEveryRunIsWarnedOfOnceAMinuteOnTheMetersClock()
      throws InterruptedException {
    DurableTestOutbox outbox = new DurableTestOutbox();
    try (UsageReporter on = Fixtures.reporter(sim).outbox(outbox).build()) {
      outbox.answerMergesWithNull(true); // a broken outbox: every tick throws
      try (StderrCapture log = new StderrCapture()) {
        // ticks every 10 ms on its own thread; the meter's clock stands still
        UsageMeter meter = UsageMeter.builder(on).clock(clock)
            .persistInterval(Duration.ofMillis(10)).build();
        meter.add(crn(1), PLAN, "API_CALL", 4);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (outbox.nullMergeAnswers() < 20 && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }

        assertThat(outbox.nullMergeAnswers()).as("ticks that threw").isGreaterThanOrEqualTo(20);
        assertThat(warnings(log, "usage meter tick failed"))
            .as("WARN lines of ticks throwing within one minute").hasSize(1);
        outbox.answerMergesWithNull(false);
        meter.close();
      }
    }
  }

  @Test
  void aLongOutageIsWarnedOfOnceAMinuteOnTheMetersClock() {
    DurableTestOutbox outbox = new DurableTestOutbox();
    try (UsageReporter on = Fixtures.reporter(sim).outbox(outbox).build()) {
      UsageMeter meter = meter(on, clock);
      meter.add(crn(1), PLAN, "API_CALL", 4);
      outbox.failMerges(Integer.MAX_VALUE);
      try (StderrCapture log = new StderrCapture()) {
        // 5 minutes on the meter's clock, a tick every 10 s: a line at 10, 70, 130, 190, 250 s
        tick(meter, 30, Duration.ofSeconds(10));

        assertThat(warnings(log, "persisting open metering windows failed"))
            .as("WARN lines for a 5-minute outage").hasSize(5);
      }
      outbox.failMerges(0);
      meter.close();
    }
  }

  @Test
  void theMetersClockSteppedBackDoesNotSilenceTheWarnings() {
    DurableTestOutbox outbox = new DurableTestOutbox();
    try (UsageReporter on = Fixtures.reporter(sim).outbox(outbox).build()) {
      UsageMeter meter = meter(on, clock);
      meter.add(crn(1), PLAN, "API_CALL", 4);
      outbox.failMerges(Integer.MAX_VALUE);
      try (StderrCapture log = new StderrCapture()) {
        tick(meter, 1, Duration.ofSeconds(1));
        tick(meter, 1, Duration.ofHours(-1)); // e.g. an NTP correction
        tick(meter, 1, Duration.ofSeconds(61));

        assertThat(warnings(log, "persisting open metering windows failed"))
            .as("WARN lines: the first, at the step back, a minute after it").hasSize(3);
      }
      outbox.failMerges(0);
      meter.close();
    }
  }
}
