package io.github.osbsdk.broker.metering.internal;

import io.github.osbsdk.broker.metering.MergeInDoubtException;
import io.github.osbsdk.broker.metering.MeterCount;
import io.github.osbsdk.broker.metering.UsageOutbox;
import io.github.osbsdk.broker.metering.UsageRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meter's background work, run every persist interval: rotate the slots of ended windows,
 * hand every unpersisted count to the outbox, move counts the outbox refused (their window is
 * closed) to the current window (to the next one when the closed window is still current here:
 * another replica's clock is ahead), and close ended windows into records. A refused count
 * whose instance's end the outbox cannot tell ({@link InstanceEnds}) is not moved: the outbox
 * holds it ({@link HeldCounts}) until it can tell, and then bills it in its own window or drops
 * it. An outbox that cannot hold counts leaves it in its slot, merged again next tick; meanwhile
 * it is not persisted (the health says so, the instance's end is refused, and it is warned of
 * as its month's deadline nears).
 *
 * <p>The slots themselves (their rotation, the counts they hold that are not persisted, moves
 * to the current window, retired slots) are kept by {@code MeterSlots}.
 */
public final class MeterTicker {
  private static final Logger LOG = LoggerFactory.getLogger(MeterTicker.class);
  static final int MOVES_PER_TICK = 16;

  private final MeterSlots slots;
  private final UsageOutbox outbox;
  private final LongSupplier clock;
  private final Function<List<MeterCount>, UsageRecord> toRecord;
  private final InstanceEnds ends;
  private final MergeHealth merges;
  /** A merge that may have been applied (its answer was lost), with the counts it carried. */
  private List<Unpersisted> inDoubt;
  private MergeInDoubtException inDoubtFailure;
  private final WindowCloses closes;
  /** Whether the outbox answered the last tick's persist (took or refused every count). */
  private boolean lastAnswered;
  /** The counts the last persist left in their slots: their instance's end is unknown. */
  private final List<MeterCount> held = new ArrayList<>();
  /** The counts of this tick whose instance's end is unknown, for the outbox to hold. */
  private final List<Unpersisted> toHold = new ArrayList<>();
  private final HeldCounts heldCounts;
  private final WaitingCountDeadlines deadlines;
  /**
   * The WARN lines of what fails tick after tick while the outbox is down (persists, merges in
   * doubt, closes), paced on the meter's clock.
   */
  private final OutageWarnings persistWarnings;
  private final OutageWarnings doubtWarnings;
  private final OutageWarnings closeWarnings;

  /**
   * Creates the ticker.
   *
   * @param registry the live series
   * @param outbox where counts and records go
   * @param clock the current time in epoch milliseconds
   * @param toRecord builds the record of one instance, plan and window
   * @param ends drops the refused counts of instances whose metering ended
   * @param merges told whether each tick's persist succeeded
   */
  public MeterTicker(SeriesRegistry registry, UsageOutbox outbox, LongSupplier clock,
      Function<List<MeterCount>, UsageRecord> toRecord, InstanceEnds ends, MergeHealth merges) {
    this.slots = new MeterSlots(registry);
    this.outbox = outbox;
    this.clock = clock;
    this.toRecord = toRecord;
    this.ends = ends;
    this.merges = merges;
    this.closes = new WindowCloses(outbox);
    this.persistWarnings = new OutageWarnings(LOG, clock);
    this.doubtWarnings = new OutageWarnings(LOG, clock);
    this.closeWarnings = new OutageWarnings(LOG, clock);
    this.deadlines = new WaitingCountDeadlines(clock);
    this.heldCounts = new HeldCounts(outbox, ends, toRecord, clock);
  }

  /**
   * Runs one tick.
   *
   * @return how many records were queued
   */
  public synchronized int tick() {
    long now = clock.getAsLong();
    slots.rotate(now);
    toHold.clear();
    lastAnswered = resolveInDoubt() && persist(0) && holdUnknown();
    boolean released = lastAnswered && heldCounts.release();
    // counts held in memory are not persisted either: a crash or a close loses them; those the
    // outbox holds are not billed while it cannot release them
    merges.record(lastAnswered && released && held.isEmpty());
    deadlines.check(lastAnswered ? held : unpersisted(),
        lastAnswered ? heldCounts.waiting() : List.of(), Instant.ofEpochMilli(now));
    if (!lastAnswered) {
      return 0; // the outbox failed: keep everything in memory, try again next tick
    }
    int records;
    try {
      records = closes.close(Instant.ofEpochMilli(now), toRecord);
    } catch (RuntimeException e) {
      closeWarnings.failed("closing metering windows failed, retrying next tick", e);
      return 0;
    }
    closeWarnings.answered();
    return records;
  }

  /**
   * Runs a last tick and then closes the current windows early, at the current time (for a
   * non-durable outbox whose content would be lost otherwise).
   *
   * @param windowMillis the window length
   * @return how many records were queued
   */
  public synchronized int closeAll(long windowMillis) {
    int records = tick();
    long now = clock.getAsLong();
    long currentEnd = Math.floorDiv(now, windowMillis) * windowMillis + windowMillis;
    // also a window that starts after now (the clock stepped back after it was opened): left
    // open, its counts would be lost with the process
    for (MeterCount c : outbox.openCounts()) {
      if (c.windowStart().toEpochMilli() > now) {
        currentEnd = Math.max(currentEnd, c.windowEnd().toEpochMilli());
      }
    }
    // ends at the close time, but at least 1 ms after its start (the clock may have stepped
    // back before it)
    return records + closes.close(Instant.ofEpochMilli(currentEnd),
        counts -> toRecord.apply(InstanceEnds.endingAt(counts, now)));
  }

  /**
   * Ends an instance's metering on one plan, or on every plan: persists every count made so
   * far, then has the outbox close the instance's open windows (of that plan) at {@code at}
   * ({@link UsageOutbox#endInstance}, {@link UsageOutbox#endPlan},
   * {@link UsageOutbox#changePlan}). A count of the instance made
   * on another thread after the persist took its snapshot (a call racing the end) stays in
   * memory: the next tick merges it, the outbox refuses it (its metering ended) and
   * {@link InstanceEnds} drops it with a WARN. It is never added into the end's record, which
   * a sender may already have claimed and sent (added there, it could be billed twice, under a
   * late key, or lost): the merge and the end are atomic in the outbox, so each count is either
   * in the end's record or refused, never both.
   *
   * @param instanceId the instance
   * @param planId the plan whose metering ends, or null for every plan
   * @param toPlanId the plan the instance moves to ({@link UsageOutbox#changePlan}), or null
   * @param at the end
   * @return how many records were queued
   * @throws IllegalStateException when counts of the instance could not be persisted (the
   *     outbox failed, or refused them and cannot tell whether the instance ended): ended over
   *     them, the outbox would refuse them for good once it answers, usage lost
   */
  public synchronized int end(String instanceId, String planId, String toPlanId, Instant at) {
    int records = tick();
    if ((lastAnswered ? held : unpersisted()).stream().anyMatch(c -> c.resourceInstanceId()
        .equals(instanceId) && (planId == null || c.planId().equals(planId)))) {
      throw new IllegalStateException("counts of " + instanceId + " could not be persisted"
          + " (the outbox failed, or cannot tell whether its metering ended); its metering did"
          + " not end");
    }
    Function<List<MeterCount>, UsageRecord> atEnd = ends.atEnd(at, toRecord);
    return records + (planId == null ? outbox.endInstance(instanceId, at, atEnd)
        : toPlanId == null ? outbox.endPlan(instanceId, planId, at, atEnd)
        : outbox.changePlan(instanceId, planId, toPlanId, at, atEnd));
  }

  /**
   * Runs the last tick of a closing meter ({@link LastTick}).
   *
   * @param deadlineNanos when to give up, of {@link System#nanoTime}
   * @return how many records were queued
   */
  public int lastTick(long deadlineNanos) {
    return LastTick.run(this, deadlineNanos);
  }

  /**
   * Tells whether every count made so far was handed to the outbox: no slot holds counts
   * that are not persisted, and no merge is in doubt.
   *
   * @return true when nothing waits in memory
   */
  public synchronized boolean settled() {
    if (inDoubt != null) {
      return false;
    }
    return slots.settled();
  }

  /**
   * Lists the counts not known to be in the outbox (a merge in doubt's counts among them).
   *
   * @return the counts waiting in memory
   */
  public synchronized List<MeterCount> unpersisted() {
    return slots.pending().stream().map(Unpersisted::count).toList();
  }

  /**
   * Returns how many ended windows the last close could not turn into records (left open in
   * the outbox; e.g. counts another replica stored for an instance id that is no CRN, with a
   * region this meter lacks), and held windows the last release could not (left held).
   *
   * @return the number of windows
   */
  public int unclosedWindows() {
    return closes.unclosed() + heldCounts.unbuilt();
  }

  /**
   * Merges the unpersisted counts; counts refused and moved are merged again at once, up to
   * {@value #MOVES_PER_TICK} times (a replica whose clock is far ahead may have closed many
   * windows; the next tick goes on).
   */
  private boolean persist(int moves) {
    List<Unpersisted> pending = slots.pending();
    List<MeterCount> refused;
    try {
      refused = pending.isEmpty() ? List.of()
          : outbox.mergeOpenCounts(pending.stream().map(Unpersisted::count).toList());
    } catch (MergeInDoubtException e) {
      // the merge may be in the outbox: sending these counts again could count them twice
      doubtWarnings.failed("persisting open metering windows: outcome unknown, checking next"
          + " tick", e);
      inDoubt = pending;
      inDoubtFailure = e;
      return false;
    } catch (RuntimeException e) {
      persistWarnings.failed("persisting open metering windows failed, retrying next tick", e);
      return false;
    }
    persistWarnings.answered();
    held.clear(); // those still refused are held again by this settle: they are in pending
    toHold.clear();
    if (settle(pending, refused)) {
      // hand the moved counts over now; they are not moved twice
      return moves >= MOVES_PER_TICK || persist(moves + 1);
    }
    slots.persisted();
    return true;
  }

  /**
   * Finds out whether a merge in doubt was applied: if so its counts are persisted (and its
   * refused counts moved), if not they are merged again with the next counts.
   *
   * @return false while the outcome is still unknown (nothing is merged meanwhile)
   */
  private boolean resolveInDoubt() {
    if (inDoubt == null) {
      return true;
    }
    boolean applied;
    try {
      applied = inDoubtFailure.applied();
    } catch (RuntimeException e) {
      doubtWarnings.failed("outcome of a metering merge still unknown, checking next tick", e);
      return false;
    }
    doubtWarnings.answered();
    List<Unpersisted> pending = inDoubt;
    List<MeterCount> refused = inDoubtFailure.refused();
    inDoubt = null;
    inDoubtFailure = null;
    if (applied) {
      settle(pending, refused);
    }
    return true;
  }

  /**
   * Records what a merge stored; moves its refused counts of retired slots to the current
   * window, drops those of ended instances, and keeps those whose instance's end the outbox
   * cannot tell in their slots, unpersisted, for the next tick.
   *
   * @return true when counts were moved (they still need merging)
   */
  private boolean settle(List<Unpersisted> pending, List<MeterCount> refused) {
    boolean moved = false;
    for (Unpersisted u : pending) {
      InstanceEnds.Refusal refusal = refused.contains(u.count()) ? ends.dropIfEnded(u.count())
          : null;
      if (refusal == null || refusal == InstanceEnds.Refusal.DROPPED) {
        u.slot().persisted(u.count().value());
      } else if (refusal == InstanceEnds.Refusal.UNKNOWN) {
        // whether its instance ended is unknown (the outbox cannot tell): it stays in its
        // slot, unpersisted, and is merged and asked about again next tick. Moved on, it was
        // refused again (its instance ended) and moved again, 17 windows a tick, its series'
        // current window with it: the instance's later counts went into a window hours or
        // days ahead. The outbox holds it after this persist, if it can (holdUnknown)
        toHold.add(u);
        continue;
      } else if (u.retired()) {
        slots.moveToCurrentWindow(u);
        u.slot().persisted(u.count().value());
        moved = true;
      } else if (u.series().current() == u.slot()) {
        // refused from the current slot: a replica whose clock is ahead of ours closed the
        // window; count on in the next window now, not at our window end (held in memory
        // until then, a shutdown or crash meanwhile lost these counts)
        slots.moveOn(u);
        slots.moveToCurrentWindow(u);
        u.slot().persisted(u.count().value());
        moved = true;
      }
    }
    return moved;
  }

  /**
   * Hands the counts whose instance's end the outbox cannot tell to it to hold: persisted so
   * (a crash or a close loses none), they leave the meter's memory; those it cannot hold stay
   * in their slots, unpersisted, merged again next tick.
   *
   * @return false when the hold's outcome is unknown (checked next tick, as a merge's)
   */
  private boolean holdUnknown() {
    if (toHold.isEmpty()) {
      return true;
    }
    List<Unpersisted> pending = List.copyOf(toHold);
    toHold.clear();
    List<MeterCount> inMemory;
    try {
      inMemory = heldCounts.hold(pending.stream().map(Unpersisted::count).toList());
    } catch (MergeInDoubtException e) { // held or not; refused: those not held: resolveInDoubt
      inDoubt = pending;
      inDoubtFailure = e;
      return false;
    }
    for (Unpersisted u : pending) {
      if (inMemory.contains(u.count())) {
        held.add(u.count());
      } else {
        u.slot().persisted(u.count().value());
      }
    }
    return true;
  }
}
