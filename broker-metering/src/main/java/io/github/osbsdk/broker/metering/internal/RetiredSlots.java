package io.github.osbsdk.broker.metering.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * The slots a {@link MeterTicker} took out of service (their window ended, or another replica
 * closed it), each watched for at least {@value #RETIRED_TICKS} more persists and
 * {@value #RETIRED_NANOS} ns (one minute): a caller that looked the slot up just before the
 * rotation and adds just after it leaves a residual there, which the ticker moves to the current
 * window. Only a caller stalled for longer than that between the lookup and the increment could
 * lose its count. Guarded by the ticker's lock.
 */
final class RetiredSlots {
  static final int RETIRED_TICKS = 60;
  static final long RETIRED_NANOS = 60_000_000_000L;

  private static final class Retired {
    final MeterSeries series;
    final WindowSlot slot;
    int ticksLeft = RETIRED_TICKS;
    final long retiredAt;

    Retired(MeterSeries series, WindowSlot slot, long retiredAt) {
      this.series = series;
      this.slot = slot;
      this.retiredAt = retiredAt;
    }
  }

  private final List<Retired> retired = new ArrayList<>();
  private final LongSupplier nanoTime;

  /** Watches slots on {@link System#nanoTime}. */
  RetiredSlots() {
    this(System::nanoTime);
  }

  /** Watches slots on another source of {@link System#nanoTime}'s kind of time (tests). */
  RetiredSlots(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /** Starts watching a slot of a series. */
  void add(MeterSeries series, WindowSlot slot) {
    retired.add(new Retired(series, slot, nanoTime.getAsLong()));
  }

  /** Hands each watched slot, oldest first, with its series to {@code action}. */
  void forEach(BiConsumer<MeterSeries, WindowSlot> action) {
    for (Retired r : retired) {
      action.accept(r.series, r.slot);
    }
  }

  /** Whether no watched slot holds counts that are not persisted. */
  boolean settled() {
    for (Retired r : retired) {
      if (!Double.isNaN(r.slot.unpersisted())) {
        return false;
      }
    }
    return true;
  }

  /**
   * Counts a successful persist: stops watching the slots watched long enough, except those
   * still holding counts (kept by the ticker while the outbox cannot tell their instance's end).
   */
  void persisted() {
    long now = nanoTime.getAsLong();
    for (Iterator<Retired> it = retired.iterator(); it.hasNext();) {
      Retired r = it.next();
      if (--r.ticksLeft <= 0 && now - r.retiredAt >= RETIRED_NANOS
          && Double.isNaN(r.slot.unpersisted())) {
        it.remove();
      }
    }
  }
}
