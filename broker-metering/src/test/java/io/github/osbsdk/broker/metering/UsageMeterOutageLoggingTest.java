package io.github.osbsdk.broker.metering;

import static io.github.osbsdk.broker.metering.Fixtures.PLAN;
import static io.github.osbsdk.broker.metering.Fixtures.crn;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the meter logs while its outbox is down (found walking metering: one "persisting open
 * metering windows failed" WARN a second, on every tick, for as long as the database is down).
 */
class UsageMeterOutageLoggingTest extends UsageMeterSetUp {
  private static final String PERSIST_FAILED = "persisting open metering windows failed";

  private static List<String> persistWarnings(StderrCapture log) {
    return log.lines().stream().filter(l -> l.contains("WARN") && l.contains(PERSIST_FAILED))
        .toList();
  }

  @Test
  void anOutboxDownForManyTicksIsWarnedOfOnceNotOnEveryTick() {
    DurableTestOutbox outbox = new DurableTestOutbox();
    try (UsageReporter on = Fixtures.reporter(sim).outbox(outbox).build()) {
      UsageMeter meter = meter(on, clock);
      meter.add(crn(1), PLAN, "API_CALL", 4);
      outbox.failMerges(Integer.MAX_VALUE);
      try (StderrCapture log = new StderrCapture()) {
        for (int i = 0; i < 30; i++) { // manual ticks: 30 s of a ticker's outage at 1 s a tick
          clock.advance(Duration.ofMillis(10));
          meter.tick();
        }

        assertThat(persistWarnings(log)).as("WARN lines for one outage of 30 ticks")
            .hasSize(1).allMatch(l -> l.contains("database unavailable"));
      }
      outbox.failMerges(0);
      meter.close();
    }
  }

  @Test
  void anOutageAfterTheOutboxAnsweredAgainIsWarnedOfAtOnce() {
    DurableTestOutbox outbox = new DurableTestOutbox();
    try (UsageReporter on = Fixtures.reporter(sim).outbox(outbox).build()) {
      UsageMeter meter = meter(on, clock);
      try (StderrCapture log = new StderrCapture()) {
        meter.add(crn(1), PLAN, "API_CALL", 4);
        outbox.failMerges(2);
        meter.tick();
        meter.tick();
        meter.tick(); // answers: the outage is over
        meter.add(crn(1), PLAN, "API_CALL", 1);
        outbox.failMerges(1);
        meter.tick();

        assertThat(persistWarnings(log)).as("one WARN line for each of two outages").hasSize(2);
      }
      meter.close();
    }
  }
}
