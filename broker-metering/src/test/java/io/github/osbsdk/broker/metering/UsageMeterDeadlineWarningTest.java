package io.github.osbsdk.broker.metering;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import io.github.osbsdk.broker.core.testsupport.TestClock;
import io.github.osbsdk.broker.testkit.metering.MeteringSimulator;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The meter warns, on its own clock, of last month's counts that still wait in memory on the
 * first of the month, a day before the month's usage must be in: counts the outbox does not
 * take (its merges fail) or refused while it cannot tell whether their instance ended. The
 * sender's warning sees only records, which these counts are not yet.
 */
class UsageMeterDeadlineWarningTest {
  private static final String CRN = Fixtures.crn(1);
  /** The last half hour of January, on the meter's clock. */
  private final TestClock clock = new TestClock(Instant.parse("2026-01-31T23:30:00Z"));
  private MeteringSimulator sim;
  private volatile boolean mergesFail;
  private volatile boolean endsUnknown;

  @BeforeEach
  void startSimulator() {
    sim = MeteringSimulator.start();
  }

  @AfterEach
  void stopSimulator() {
    sim.close();
  }

  private static List<String> deadlineWarnings(StderrCapture log) {
    return log.lines().stream()
        .filter(l -> l.contains("WARN") && l.contains("must reach IBM by 2026-02-02T00:00:00Z"))
        .toList();
  }

  /** An in-memory outbox whose merges, or reads of ends, fail while told to. */
  private UsageOutbox outbox() {
    InMemoryUsageOutbox target = new InMemoryUsageOutbox();
    return (UsageOutbox) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {UsageOutbox.class}, (proxy, method, args) -> {
          if (mergesFail && method.getName().equals("mergeOpenCounts")
              || endsUnknown && (method.getName().equals("endedAt")
              || method.getName().equals("releaseHeldCounts"))) { // it reads the ends too
            throw new StoreUnavailableException("database unavailable", null);
          }
          try {
            return method.invoke(target, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Test
  void lastMonthsCountsTheOutboxDoesNotTakeAreWarnedOfBeforeTheirDeadline() {
    // before: no WARN, though the counts were lost income from the second day on
    try (StderrCapture log = new StderrCapture()) {
      UsageReporter reporter = Fixtures.reporter(sim).outbox(outbox()).clock(clock).build();
      UsageMeter meter = UsageMeter.builder(reporter).manualTicks().build();
      mergesFail = true;
      meter.add(CRN, Fixtures.PLAN, "API_CALL", 7);
      meter.tick();
      clock.advance(Duration.ofHours(5)); // 04:30 on the first: not stuck yet
      meter.tick();
      assertThat(deadlineWarnings(log)).isEmpty();
      clock.advance(Duration.ofHours(2)); // 06:30: the window ended six and a half hours ago
      meter.tick();

      assertThat(deadlineWarnings(log)).singleElement().satisfies(l -> assertThat(l)
          .contains(CRN).contains("2026-01-31T23:00:00Z").contains("1 in this meter's memory"));
      mergesFail = false;
      meter.tick();
      reporter.close();
    }
  }

  @Test
  void lastMonthsCountsWaitingForAnEndTheOutboxCannotTellAreWarnedOfBeforeTheirDeadline() {
    // before: no WARN, though the count waited in memory, unseen
    try (StderrCapture log = new StderrCapture()) {
      UsageReporter reporter = Fixtures.reporter(sim).outbox(outbox()).clock(clock).build();
      UsageMeter meter = UsageMeter.builder(reporter).manualTicks().build();
      meter.endPlan(CRN, Fixtures.PLAN, clock.instant());
      endsUnknown = true;
      meter.add(CRN, Fixtures.PLAN, "API_CALL", 7); // refused: its plan ended
      meter.tick();
      clock.advance(Duration.ofHours(7)); // 06:30 on the first
      meter.tick();

      assertThat(deadlineWarnings(log)).singleElement().satisfies(l -> assertThat(l)
          .contains(CRN).contains("1 held by the outbox")); // it can hold counts
      endsUnknown = false;
      meter.tick();
      assertThat(meter.droppedAfterEnd()).isOne();
      reporter.close();
    }
  }

  @Test
  void countsHeldByASharedOutboxAreWarnedOfAsSharedNotAsThisMetersOwn() {
    // before: every meter on the outbox warned "N count(s) still in memory, or held by the
    // outbox", also one that held none of them: its operator looked for counts in its memory
    try (StderrCapture log = new StderrCapture()) {
      UsageReporter reporter = Fixtures.reporter(sim).outbox(outbox()).clock(clock).build();
      UsageMeter holding = UsageMeter.builder(reporter).manualTicks().build();
      UsageMeter other = UsageMeter.builder(reporter).manualTicks().build();
      holding.endPlan(CRN, Fixtures.PLAN, clock.instant());
      endsUnknown = true;
      holding.add(CRN, Fixtures.PLAN, "API_CALL", 7); // refused: the outbox holds it
      holding.tick();
      clock.advance(Duration.ofHours(7)); // 06:30 on the first
      other.tick(); // its release fails: it sees the shared outbox's held count

      assertThat(deadlineWarnings(log)).singleElement().satisfies(l -> assertThat(l)
          .contains(CRN).contains("0 in this meter's memory")
          .contains("1 held by the outbox, which all meters sharing it see"));
      endsUnknown = false;
      other.tick();
      reporter.close();
    }
  }
}
