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
 * A record of last month that this reporter leaves to another sender (its plan is not among
 * the reporter's metered plans, e.g. one no replica meters any more) is warned of before its
 * month's deadline, on the reporter's clock, like a record whose sends fail. Found in review:
 * leaving a record counts no attempt, and the WARN looked only at records with attempts, so
 * such a record went past its deadline unseen.
 */
class UsageSenderLeftRecordDeadlineTest {
  private static final String CRN = Fixtures.crn(1);

  private static List<String> deadlineWarnings(StderrCapture log) {
    return log.lines().stream()
        .filter(l -> l.contains("WARN") && l.contains("must reach IBM by 2026-02-02T00:00:00Z"))
        .toList();
  }

  @Test
  void aRecordOfLastMonthLeftToAnotherSenderIsWarnedOfBeforeItsDeadline() {
    TestClock clock = new TestClock(Instant.parse("2026-02-01T06:00:00Z"));
    Instant start = Instant.parse("2026-01-31T10:00:00Z");
    InMemoryUsageOutbox outbox = new InMemoryUsageOutbox();
    // queued by another replica sharing the outbox, of a plan this reporter does not meter
    outbox.append(List.of(UsageRecord.builder(CRN, "retired-plan")
        .window(start, start.plus(Duration.ofHours(1))).measure("API_CALL", 7).build()));
    try (MeteringSimulator sim = MeteringSimulator.start();
        StderrCapture log = new StderrCapture()) {
      UsageReporter reporter = Fixtures.reporter(sim).clock(clock).outbox(outbox).build();
      try {
        Await.until(() -> {
          clock.advance(Duration.ofMinutes(1)); // the record comes due again after each leave
          return !deadlineWarnings(log).isEmpty();
        }, "a WARN naming the deadline");
        assertThat(deadlineWarnings(log).get(0)).contains(CRN).contains("retired-plan");
        assertThat(outbox.depth()).as("still waiting for a sender that meters its plan").isOne();
      } finally {
        reporter.close();
      }
    }
  }
}
