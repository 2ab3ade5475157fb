package io.github.osbsdk.broker.metering.internal;

import io.github.osbsdk.broker.metering.Aggregation;
import java.util.concurrent.atomic.DoubleAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counts of one series in one window. Callers add without locks (striped adders); only the
 * meter's ticker reads and updates {@link #persisted}.
 */
public final class WindowSlot {
  private final long startMillis;
  private final long endMillis;
  private final LongAdder sum;
  private final DoubleAccumulator max;
  /** What was handed to the outbox so far; ticker thread only. */
  private double persisted;

  WindowSlot(Aggregation aggregation, long startMillis, long endMillis) {
    this.startMillis = startMillis;
    this.endMillis = endMillis;
    this.sum = aggregation == Aggregation.SUM ? new LongAdder() : null;
    this.max = aggregation == Aggregation.MAX
        ? new DoubleAccumulator(Math::max, Double.NEGATIVE_INFINITY) : null;
    this.persisted = aggregation == Aggregation.SUM ? 0 : Double.NEGATIVE_INFINITY;
  }

  /**
   * Adds to a counter slot (hot path).
   *
   * @param quantity the amount
   */
  public void add(long quantity) {
    sum.add(quantity);
  }

  /**
   * Takes a sample into a gauge slot (hot path).
   *
   * @param value the sample
   */
  public void sample(double value) {
    max.accumulate(value);
  }

  /** A new, empty slot for the window after this one, of the same length. */
  WindowSlot following(Aggregation aggregation) {
    return new WindowSlot(aggregation, endMillis, endMillis + (endMillis - startMillis));
  }

  long startMillis() {
    return startMillis;
  }

  long endMillis() {
    return endMillis;
  }

  /** The current value: the sum, or the peak ({@code -Infinity} before any sample). */
  double value() {
    return sum != null ? sum.sum() : max.get();
  }

  /**
   * Returns what is not handed to the outbox yet: a delta for sums, the new peak for gauges,
   * or NaN when there is nothing new.
   */
  double unpersisted() {
    double v = value();
    if (sum != null) {
      return v > persisted ? v - persisted : Double.NaN;
    }
    return v > persisted ? v : Double.NaN;
  }

  /** Records that {@code count} (as returned by {@link #unpersisted()}) reached the outbox. */
  void persisted(double count) {
    persisted = sum != null ? persisted + count : Math.max(persisted, count);
  }

  boolean untouched() {
    return sum != null ? sum.sum() == 0 : max.get() == Double.NEGATIVE_INFINITY;
  }
}
