package io.github.osbsdk.broker.metering;

import io.github.osbsdk.broker.metering.internal.MergeHealth;
import io.github.osbsdk.broker.metering.internal.MeterSchedule;
import io.github.osbsdk.broker.metering.internal.MeterTicker;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A {@link UsageMeter}'s life: its ticks (on a background thread unless a test ticks), the wake
 * of the sender when a tick queued records, and its close, with the counts that calls racing the
 * close made (see {@link UsageMeter#close()}).
 */
final class MeterLifecycle {
  /** How often a call that raced the close persists the late counts before it gives up. */
  private static final int LATE_PERSISTS = 3;

  private final MeterTicker ticker;
  private final ReporterCore core;
  private final UsageOutbox outbox;
  private final MergeHealth merges;
  private final long windowMillis;
  private final MeterSchedule schedule;
  private volatile boolean closed;

  /**
   * Creates the life of a meter and starts its ticks.
   *
   * @param persistInterval the time between two ticks, or null when a test ticks
   * @param clock the meter's clock, in epoch milliseconds
   */
  MeterLifecycle(MeterTicker ticker, ReporterCore core, MergeHealth merges, long windowMillis,
      Duration persistInterval, LongSupplier clock) {
    this.ticker = ticker;
    this.core = core;
    this.outbox = core.outbox();
    this.merges = merges;
    this.windowMillis = windowMillis;
    this.schedule = persistInterval == null ? null : new MeterSchedule(this::tick,
        persistInterval, clock);
  }

  /**
   * Fails when the meter is closed.
   *
   * @throws IllegalStateException when it is
   */
  void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the usage meter is closed");
    }
  }

  /**
   * Called after a count: persists it when the close began while the call was counting.
   *
   * @throws IllegalStateException when counts (perhaps this call's) may not be persisted
   */
  void counted() {
    if (closed) {
      persistLate(); // close() began while this call was counting
    }
  }

  /** Runs one persist-and-close step now (the background thread does it every interval). */
  void tick() {
    wakeIf(ticker.tick());
  }

  /** Wakes the sender when records were queued. */
  void wakeIf(int records) {
    if (records > 0) {
      core.wake();
    }
  }

  /**
   * Handles a count made while {@link #close()} ran, which its last persist may have missed (a
   * call that saw the meter open after counting was seen by it: the close marks the meter closed
   * first). Waits for the close to end; with a durable outbox persists what came late (the next
   * process closes its window), again while other late calls keep adding; then throws unless
   * every count made is persisted. So a call that returns normally had its count persisted; one
   * that throws may have had it persisted too (by another late call).
   *
   * @throws IllegalStateException when counts (perhaps this call's) may not be persisted
   */
  private synchronized void persistLate() {
    // close() holds this lock from marking the meter closed until its last persist is done
    for (int i = 0; i < LATE_PERSISTS && outbox.durable() && !ticker.settled(); i++) {
      tick();
    }
    if (!ticker.settled()) {
      throw new IllegalStateException("the usage meter closed while counting; the count may"
          + " not be recorded");
    }
  }

  /** Closes the meter, as {@link UsageMeter#close()} says. */
  synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (schedule != null) {
      schedule.stop();
    }
    int records = ticker.lastTick(System.nanoTime() + core.flushTimeout().toNanos());
    wakeIf(outbox.durable() ? records : records + ticker.closeAll(windowMillis));
    merges.stop(); // its counts are persisted or lost (logged): no longer this meter's health
  }
}
