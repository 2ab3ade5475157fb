package io.github.osbsdk.broker.metering;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import io.github.osbsdk.broker.core.testsupport.TestClock;
import io.github.osbsdk.broker.testkit.metering.MeteringSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the sender logs while its outbox is down (PostgreSQL unreachable, or its tables missing:
 * found walking metering on a database without the migrations, where a 10 s close flush wrote
 * about 200 identical WARN lines, one per 50 ms retry).
 */
class UsageSenderOutageLoggingTest {

  @Test
  void anOutboxDownThroughoutTheCloseFlushIsNotLoggedOnEveryRetry() {
    DurableTestOutbox outbox = new DurableTestOutbox();
    outbox.down(true);
    try (MeteringSimulator sim = MeteringSimulator.start();
        StderrCapture log = new StderrCapture()) {
      // polls an hour apart: before the close the sender tries once; the flush retries for 2 s
      UsageReporter reporter = Fixtures.reporter(sim).outbox(outbox)
          .pollInterval(Duration.ofHours(1)).flushTimeout(Duration.ofSeconds(2)).build();
      reporter.close();

      List<String> failures = log.lines().stream()
          .filter(l -> l.contains("outbox failed")).toList();
      assertThat(failures).as("WARN lines for one outage across a 2 s flush")
          .hasSizeLessThanOrEqualTo(3);
    }
  }

  @Test
  void aPruneFailingOnEveryPollIsWarnedOfOnceAMinuteOnTheSendersClock()
      throws InterruptedException {
    DurableTestOutbox outbox = new DurableTestOutbox();
    outbox.failPrunes("retention query failed");
    TestClock clock = new TestClock(Instant.now()); // stands still: all polls in one minute
    try (MeteringSimulator sim = MeteringSimulator.start();
        StderrCapture log = new StderrCapture()) {
      // a poll every 50 ms, each pruning
      UsageReporter reporter = Fixtures.reporter(sim).outbox(outbox).clock(clock).build();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (outbox.failedPrunes() < 10 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      reporter.close();

      assertThat(outbox.failedPrunes()).as("failed prunes").isGreaterThanOrEqualTo(10);
      assertThat(log.lines().stream()
          .filter(l -> l.contains("WARN") && l.contains("pruning")).toList())
          .as("WARN lines for prunes failing on every poll within one minute").hasSize(1);
    }
  }

  @Test
  void aListenerFailingOnEveryRecordIsWarnedOfOnceAMinuteItsMessageEscaped() {
    TestClock clock = new TestClock(Instant.now()); // stands still: every record in one minute
    UsageListener failing = new UsageListener() {
      @Override
      public void delivered(UsageRecord record, boolean duplicate) {
        throw new IllegalStateException("listener store down\r\n[main] INFO forged");
      }
    };
    try (MeteringSimulator sim = MeteringSimulator.start();
        StderrCapture log = new StderrCapture()) {
      UsageReporter reporter = Fixtures.reporter(sim).clock(clock).listener(failing).build();
      for (int i = 1; i <= 20; i++) {
        reporter.report(Fixtures.record(Fixtures.crn(i), 1, 1));
      }
      reporter.close();

      assertThat(sim.acceptedRecords()).as("records delivered").hasSize(20);
      List<String> lines = log.lines().stream()
          .filter(l -> l.contains("listener store down")).toList();
      assertThat(lines).as("lines of a listener failing on 20 records within one minute")
          .singleElement().asString().contains("WARN", "\\u000d\\u000a[main] INFO forged");
      assertThat(log.lines()).noneMatch(l -> l.startsWith("[main] INFO forged"));
    }
  }
}
