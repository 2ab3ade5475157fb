package io.github.osbsdk.broker.metering.internal;

import io.github.osbsdk.broker.metering.Aggregation;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.function.LongSupplier;
import java.util.concurrent.atomic.DoubleAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counts of one series in one window. Callers add without locks (striped adders); only the
 * meter's ticker reads and updates {@link #persisted}.
 *
 * <p>It also keeps when its first count or sample was made (the record of the window starts
 * then, inside the instance's life): a count reads the clock only while that time is unset, so
 * the hot path pays one plain read of a field and allocates nothing.
 */
public final class WindowSlot {
  private static final long UNSET = Long.MAX_VALUE;
  private static final VarHandle FIRST;

  static {
    try {
      FIRST = MethodHandles.lookup().findVarHandle(WindowSlot.class, "firstMillis", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final LongSupplier clock;
  /** The time of the first count, epoch milliseconds, or {@link #UNSET}; only ever lowered. */
  @SuppressWarnings("unused") // through FIRST
  private volatile long firstMillis = UNSET;
  private final long startMillis;
  private final long endMillis;
  private final LongAdder sum;
  private final DoubleAccumulator max;
  /** What was handed to the outbox so far; ticker thread only. */
  private double persisted;

  WindowSlot(Aggregation aggregation, long startMillis, long endMillis, LongSupplier clock) {
    this.clock = clock;
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
    if ((long) FIRST.getOpaque(this) == UNSET) {
      markFirst();
    }
    sum.add(quantity);
  }

  /**
   * Takes a sample into a gauge slot (hot path).
   *
   * @param value the sample
   */
  public void sample(double value) {
    if ((long) FIRST.getOpaque(this) == UNSET) {
      markFirst();
    }
    max.accumulate(value);
  }

  /** A new, empty slot for the window after this one, of the same length. */
  WindowSlot following(Aggregation aggregation) {
    return new WindowSlot(aggregation, endMillis, endMillis + (endMillis - startMillis), clock);
  }

  /** Sets the first count's time to now, unless a racing count set an earlier one. */
  private void markFirst() {
    long now = clock.getAsLong();
    long seen = (long) FIRST.getVolatile(this);
    while (now < seen && !FIRST.compareAndSet(this, seen, now)) {
      seen = (long) FIRST.getVolatile(this);
    }
  }

  /**
   * Returns when the first count or sample of this slot was made (set before the count is
   * added, so a ticker that sees a count sees it), or null before any.
   *
   * @return the time, or null
   */
  Instant firstAt() {
    long first = (long) FIRST.getVolatile(this);
    return first == UNSET ? null : Instant.ofEpochMilli(first);
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
