package io.github.osbsdk.broker.iam;

import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/** Monotonic clock readings for the builders' {@code nanoTime} in tests. */
final class Ticks {
  private Ticks() {
  }

  /**
   * Readings that move as a test clock does: tests in which time passes evenly drive the wall
   * and the monotonic clock with one {@code advance}; a test of a wall-clock step gives each its
   * own clock.
   */
  static LongSupplier following(Clock clock) {
    return () -> TimeUnit.MILLISECONDS.toNanos(clock.millis());
  }
}
