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
 * The sender warns of a record of last month that IBM keeps failing on the first of the month,
 * a day before the month's usage must be in: an operator sees the stuck outbox in time.
 */
class UsageSenderDeadlineWarningTest {
  private static final String CRN = Fixtures.crn(1);

  private static List<String> deadlineWarnings(StderrCapture log) {
    return log.lines().stream()
        .filter(l -> l.contains("WARN") && l.contains("must reach IBM by 2026-02-02T00:00:00Z"))
        .toList();
  }

  @Test
  void aRecordOfLastMonthThatIbmKeepsFailingIsWarnedOfBeforeItsDeadline() {
    TestClock clock = new TestClock(Instant.parse("2026-02-01T06:00:00Z"));
    Instant start = Instant.parse("2026-01-31T10:00:00Z");
    try (MeteringSimulator sim = MeteringSimulator.start();
        StderrCapture log = new StderrCapture()) {
      sim.faults().failNext(Integer.MAX_VALUE, 503);
      UsageReporter reporter = Fixtures.reporter(sim).clock(clock).build();
      reporter.report(UsageRecord.builder(CRN, Fixtures.PLAN)
          .window(start, start.plus(Duration.ofHours(1))).measure("API_CALL", 7).build());

      Await.until(() -> {
        clock.advance(Duration.ofMinutes(1)); // the backoff of each failed send runs out
        return !deadlineWarnings(log).isEmpty();
      }, "a WARN naming the deadline");

      assertThat(deadlineWarnings(log).get(0)).contains(CRN);
      sim.faults().reset(); // IBM answers again: the record is billed, the flush ends
      Await.until(() -> {
        clock.advance(Duration.ofMinutes(1)); // also past a send failed meanwhile
        return sim.total(CRN, Fixtures.PLAN, "API_CALL") == 7;
      }, "billed");
      reporter.close();
    }
  }
}
