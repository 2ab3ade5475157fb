package io.github.osbsdk.broker.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.health.ComponentHealth;
import io.github.osbsdk.broker.core.health.HealthCheck;
import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import io.github.osbsdk.broker.core.testsupport.TestClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * What the health runs log while a component fails on every probe (a load balancer probing every
 * second): one WARN per component and kind a minute, not one per probe.
 */
class HealthRunsLoggingTest {
  private final TestClock clock = new TestClock();
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>(
      new IllegalStateException("db down for the test"));
  private final HealthCheck flaky = () -> {
    RuntimeException e = failure.get();
    if (e != null) {
      throw e;
    }
    return ComponentHealth.up(Map.of());
  };
  private final HealthRuns runs = new HealthRuns(
      Map.of("db", flaky), Duration.ofSeconds(10), clock);

  private static List<String> lines(StderrCapture log, String text) {
    return log.lines().stream().filter(l -> l.contains(text)).toList();
  }

  private void probe(int times) {
    for (int i = 0; i < times; i++) {
      assertThat(runs.runAll().get("db").status().name()).isEqualTo(
          failure.get() == null ? "UP" : "DOWN");
    }
  }

  @Test
  void aComponentFailingOnEveryProbeLogsOneWarningNotOnePerProbe() {
    try (StderrCapture log = new StderrCapture()) {
      probe(30);
      assertThat(lines(log, "Health check 'db' failed")).singleElement().asString()
          .contains("WARN").contains("db down for the test");
    }
  }

  @Test
  void aMinuteLaterTheNextFailureLogsAgainAndCountsThoseHeldBack() {
    try (StderrCapture log = new StderrCapture()) {
      probe(30);
      clock.advance(Duration.ofMinutes(1));
      probe(1);
      assertThat(lines(log, "Health check 'db' failed")).hasSize(2).last().asString()
          .contains("WARN").contains("(29 similar suppressed since");
    }
  }

  @Test
  void anotherKindOfFailureLogsAtOnce() {
    try (StderrCapture log = new StderrCapture()) {
      probe(5);
      failure.set(new UncheckedIOException(new IOException("connection refused")));
      probe(5);
      assertThat(lines(log, "Health check 'db' failed")).hasSize(2).last().asString()
          .contains("WARN").contains("connection refused");
    }
  }

  @Test
  void aRecoveryLogsOnceAtInfoAndTheNextFailureLogsAtOnce() {
    try (StderrCapture log = new StderrCapture()) {
      probe(10);
      failure.set(null);
      probe(10);
      assertThat(lines(log, "Health check 'db' answers again")).singleElement().asString()
          .contains("INFO").contains("after 10 failure(s)");
      failure.set(new IllegalStateException("db down again"));
      probe(10);
      assertThat(lines(log, "Health check 'db' failed")).hasSize(2).last().asString()
          .contains("WARN").contains("db down again");
    }
  }

  @Test
  void aCheckGivingNoAnswerByTheDeadlineLogsOneWarningThenItsRecovery() {
    CountDownLatch release = new CountDownLatch(1);
    HealthRuns slow = new HealthRuns(Map.of("db", () -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      return ComponentHealth.up(Map.of());
    }), Duration.ofMillis(20), clock);
    try (StderrCapture log = new StderrCapture()) {
      for (int i = 0; i < 30; i++) {
        assertThat(slow.runAll().get("db").details()).containsEntry("error",
            "no answer within 20 ms");
      }
      assertThat(lines(log, "Health check 'db' failed")).singleElement().asString()
          .contains("WARN").contains("no answer within 20 ms");
      release.countDown();
      ComponentHealth h;
      do { // the run still going answers: the next probe joins a finished run or starts anew
        h = slow.runAll().get("db");
      } while (!h.status().name().equals("UP"));
      assertThat(lines(log, "Health check 'db' answers again")).singleElement().asString()
          .contains("INFO");
    }
  }

  @Test
  void aComponentThatNeverFailedLogsNothing() {
    failure.set(null);
    try (StderrCapture log = new StderrCapture()) {
      probe(30);
      assertThat(lines(log, "Health check")).isEmpty();
    }
  }
}
