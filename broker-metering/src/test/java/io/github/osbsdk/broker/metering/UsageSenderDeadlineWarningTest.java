package io.github.osbsdk.broker.metering;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.testsupport.Await;
import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import io.github.osbsdk.broker.core.testsupport.TestClock;
import io.github.osbsdk.broker.testkit.metering.MeteringSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sender warns of a record of last month still not taken by IBM on the first of the month,
 * a day before the month's usage must be in, on the reporter's clock: one whose sends keep
 * failing, and one it leaves to another sender (its plan is not among the reporter's metered
 * plans, e.g. one no replica meters any more). An operator sees the stuck outbox in time.
 */
class UsageSenderDeadlineWarningTest {
  private static final String CRN = Fixtures.crn(1);
  /** Six in the morning on the first of February: less than a day before the deadline. */
  private final TestClock clock = new TestClock(Instant.parse("2026-02-01T06:00:00Z"));
  /** A window of the last day of January. */
  private final Instant start = Instant.parse("2026-01-31T10:00:00Z");

  private static List<String> deadlineWarnings(StderrCapture log) {
    return log.lines().stream()
        .filter(l -> l.contains("WARN") && l.contains("must reach IBM by 2026-02-02T00:00:00Z"))
        .toList();
  }

  private UsageRecord record(String plan) {
    return UsageRecord.builder(CRN, plan).window(start, start.plus(Duration.ofHours(1)))
        .measure("API_CALL", 7).build();
  }

  /** Moves the clock a minute at a time (past each backoff) until the deadline's WARN. */
  private String firstWarning(StderrCapture log) {
    Await.until(() -> {
      clock.advance(Duration.ofMinutes(1));
      return !deadlineWarnings(log).isEmpty();
    }, "a WARN naming the deadline");
    return deadlineWarnings(log).get(0);
  }

  @Test
  void aRecordOfLastMonthThatIbmKeepsFailingIsWarnedOfBeforeItsDeadline() {
    // its attempts are counted in the line
    try (MeteringSimulator sim = MeteringSimulator.start();
        StderrCapture log = new StderrCapture()) {
      sim.faults().failNext(Integer.MAX_VALUE, 503);
      UsageReporter reporter = Fixtures.reporter(sim).clock(clock).build();
      reporter.report(record(Fixtures.PLAN));

      assertThat(firstWarning(log)).contains(CRN)
          .containsPattern("\\([1-9]\\d* attempt\\(s\\)\\)");
      sim.faults().reset(); // IBM answers again: the record is billed, the flush ends
      Await.until(() -> {
        clock.advance(Duration.ofMinutes(1)); // also past a send failed meanwhile
        return sim.total(CRN, Fixtures.PLAN, "API_CALL") == 7;
      }, "billed");
      reporter.close();
    }
  }

  @Test
  void aRecordOfLastMonthLeftToAnotherSenderIsWarnedOfBeforeItsDeadline() {
    // found in review: leaving a record counts no attempt, and the WARN looked only at records
    // with attempts, so such a record went past its deadline unseen
    InMemoryUsageOutbox outbox = new InMemoryUsageOutbox();
    // queued by another replica sharing the outbox, of a plan this reporter does not meter
    outbox.append(List.of(record("retired-plan")));
    try (MeteringSimulator sim = MeteringSimulator.start();
        StderrCapture log = new StderrCapture()) {
      UsageReporter reporter = Fixtures.reporter(sim).clock(clock).outbox(outbox).build();
      try {
        assertThat(firstWarning(log)).contains(CRN).contains("retired-plan")
            .contains("never sent").doesNotContain("0 attempt(s)");
        assertThat(outbox.depth()).as("still waiting for a sender that meters its plan").isOne();
      } finally {
        reporter.close();
      }
    }
  }
}
