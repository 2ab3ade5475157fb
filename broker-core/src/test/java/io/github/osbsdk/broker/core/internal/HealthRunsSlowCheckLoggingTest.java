package io.github.osbsdk.broker.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.health.ComponentHealth;
import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import io.github.osbsdk.broker.core.testsupport.TestClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A component that always answers, but only after the probe's deadline (a database that takes
 * longer than the health timeout): every run is a timeout first and an answer later. Within a
 * minute that is one WARN, as for any component failing on every probe, not a WARN and an INFO
 * every run.
 */
class HealthRunsSlowCheckLoggingTest {
  private final TestClock clock = new TestClock(); // stands still: all probes in one minute

  private static List<String> lines(StderrCapture log, String text) {
    return log.lines().stream().filter(l -> l.contains(text)).toList();
  }

  @Test
  void aCheckAnsweringAfterEveryDeadlineLogsOneWarningAMinuteNotOnePerRun() {
    HealthRuns slow = new HealthRuns(Map.of("db", () -> {
      try {
        Thread.sleep(60);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return ComponentHealth.up(Map.of());
    }), Duration.ofMillis(25), clock);
    try (StderrCapture log = new StderrCapture()) {
      for (int i = 0; i < 40; i++) {
        slow.runAll();
      }
      assertThat(lines(log, "Health check 'db' failed")).as("WARN lines").hasSizeLessThan(2);
      assertThat(lines(log, "Health check 'db' answers again")).as("INFO lines")
          .hasSizeLessThan(2);
    }
  }
}
