package io.github.osbsdk.broker.metering.internal;

import io.github.osbsdk.broker.api.internal.LogValues;
import io.github.osbsdk.broker.metering.MeterCount;
import io.github.osbsdk.broker.metering.UsageOutbox;
import io.github.osbsdk.broker.metering.UsageRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ends of a meter's windows before their time: at an instance's end
 * ({@code UsageMeter.end}), where the record ends at the instance's end, and at the close of a
 * meter on a non-durable outbox, where it ends at the close time. Also drops the counts an
 * outbox refused because their instance's metering ended (a call racing the end, or another
 * replica counting after it): logged as a WARN and counted, never moved to a later window (that
 * would make a record outside the instance's life, which IBM refuses). While the outbox cannot
 * tell whether an instance ended (it is down), the count stays in its window, in memory (never
 * moved forward), and is merged and asked about again next tick, which is warned of once a
 * minute on the meter's clock ({@link OutageWarnings}).
 */
public final class InstanceEnds {
  private static final Logger LOG = LoggerFactory.getLogger(InstanceEnds.class);
  private final UsageOutbox outbox;
  private final AtomicLong dropped = new AtomicLong();
  /** The WARN lines of ends the outbox cannot tell, tick after tick while it is down. */
  private final OutageWarnings unknownEnds;

  /**
   * Creates the ends of one meter.
   *
   * @param outbox the meter's outbox, which knows which instances ended
   * @param clock the meter's clock, in epoch milliseconds, that paces the warnings
   */
  public InstanceEnds(UsageOutbox outbox, LongSupplier clock) {
    this.outbox = outbox;
    this.unknownEnds = new OutageWarnings(LOG, clock);
  }

  /**
   * Returns counts whose windows end at {@code endMillis} instead (never later than their
   * window's end, and at least 1 ms after its start).
   *
   * @param counts the counts of one window
   * @param endMillis the early end
   * @return the counts with the early end
   */
  public static List<MeterCount> endingAt(List<MeterCount> counts, long endMillis) {
    List<MeterCount> clamped = new ArrayList<>();
    for (MeterCount c : counts) {
      long end = Math.min(c.windowEnd().toEpochMilli(),
          Math.max(endMillis, c.windowStart().toEpochMilli() + 1));
      clamped.add(c.withWindowEnd(Instant.ofEpochMilli(end)));
    }
    return clamped;
  }

  /**
   * Builds the records of an instance's open windows at its end: a window that starts before
   * {@code at} becomes a record ending at {@code at} (or at its own end, if earlier); the
   * counts of a window that starts at or after {@code at} are dropped (logged), as any record
   * of them would lie outside the instance's life.
   *
   * @param at the instance's end
   * @param toRecord builds a record from a window's counts
   * @return the builder to pass to {@link UsageOutbox#endInstance} or
   *     {@link UsageOutbox#endPlan}
   */
  public Function<List<MeterCount>, UsageRecord> atEnd(Instant at,
      Function<List<MeterCount>, UsageRecord> toRecord) {
    return counts -> {
      if (counts.get(0).windowStart().isBefore(at)) {
        return toRecord.apply(endingAt(counts, at.toEpochMilli()));
      }
      counts.forEach(c -> drop(c, at));
      return null;
    };
  }

  /** What became of a count the outbox refused, once its instance's end was asked for. */
  public enum Refusal {
    /** Its instance's metering ended: dropped (logged and counted), never billed. */
    DROPPED,
    /** Its instance's metering did not end (its window is closed): count it in a later window. */
    NOT_ENDED,
    /**
     * The outbox cannot tell whether its instance's metering ended: keep it where it is, in
     * memory, and ask again next tick (a count moved on might belong to an ended instance, and
     * would take its series' current window into the future with it).
     */
    UNKNOWN
  }

  /**
   * Drops a count the outbox refused if its instance's metering ended (on its plan, or on
   * every plan).
   *
   * @param refused a count the outbox refused
   * @return whether it was dropped, is to be counted in a later window, or is to be kept
   */
  public Refusal dropIfEnded(MeterCount refused) {
    Instant ended;
    try {
      ended = outbox.endedAt(refused.resourceInstanceId(), refused.planId()).orElse(null);
    } catch (RuntimeException e) { // kept and merged again next tick, and asked again
      unknownEnds.failed("cannot tell whether the metering of "
          + LogValues.quote(refused.resourceInstanceId()) + " ended, asking again next tick", e);
      return Refusal.UNKNOWN;
    }
    unknownEnds.answered();
    if (ended == null) {
      return Refusal.NOT_ENDED;
    }
    drop(refused, ended);
    return Refusal.DROPPED;
  }

  /**
   * Drops (logs and counts) a held count that the outbox dropped at its release
   * ({@link UsageOutbox#releaseHeldCounts}): its instance's metering had ended.
   *
   * @param c the count
   */
  public void droppedAtRelease(MeterCount c) {
    drop(c, null);
  }

  /**
   * Returns how many counts were dropped because their instance's metering had ended.
   *
   * @return the number of counts
   */
  public long dropped() {
    return dropped.get();
  }

  private void drop(MeterCount c, Instant ended) {
    dropped.incrementAndGet();
    LOG.warn("usage counted after the metering of its instance ended is dropped, not billed:"
        + " instance={} plan={} measure={} value={} window={}..{} ended={}",
        LogValues.quote(c.resourceInstanceId()), LogValues.quote(c.planId()),
        LogValues.quote(c.measure()), c.value(), c.windowStart(),
        c.windowEnd(), ended == null ? "(before the count was released)" : ended);
  }
}
