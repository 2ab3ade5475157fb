package io.github.osbsdk.broker.metering;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.testsupport.TestClock;
import io.github.osbsdk.broker.testkit.metering.MeteringSimulator;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the {@link UsageMeter} tests share: a usage API simulator, a clock half a second into
 * the window from {@link #TEN}, and a reporter to the simulator on an in-memory outbox, each
 * made before a test and closed after it; meters that tick only when a test says so.
 */
abstract class UsageMeterSetUp {
  static final Instant TEN = Instant.parse("2026-01-01T10:00:00Z");
  MeteringSimulator sim;
  TestClock clock;
  UsageReporter reporter;

  @BeforeEach
  void start() {
    sim = MeteringSimulator.start();
    clock = new TestClock(TEN.plusMillis(500));
    reporter = Fixtures.reporter(sim).build();
  }

  @AfterEach
  void stop() {
    reporter.close();
    sim.close();
  }

  /** A plan an instance moves from or back to, and the plan it moves to, both metered. */
  static final String SMALL = "metered-small";
  static final String LARGE = "metered-large";

  /** A reporter to the simulator that meters {@link #SMALL} and {@link #LARGE}. */
  UsageReporter twoPlans() {
    return Fixtures.reporter(sim, MeteredPlans.of(
        MeteredPlan.of(Fixtures.RESOURCE, SMALL, "API_CALL"),
        MeteredPlan.of(Fixtures.RESOURCE, LARGE, "API_CALL"))).build();
  }

  UsageMeter meter(UsageReporter on, TestClock c) {
    return UsageMeter.builder(on).clock(c).manualTicks().build();
  }

  /** Asserts that the counts are one count, of the window from {@code windowStart}. */
  static void assertOneCount(List<MeterCount> counts, Instant windowStart, double value) {
    assertThat(counts).singleElement().satisfies(c -> {
      assertThat(c.windowStart()).isEqualTo(windowStart);
      assertThat(c.value()).isEqualTo(value);
    });
  }
}
