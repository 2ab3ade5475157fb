package io.github.osbsdk.broker.metering.internal;

import io.github.osbsdk.broker.api.internal.LogValues;
import io.github.osbsdk.broker.metering.CountsNotHeldException;
import io.github.osbsdk.broker.metering.MergeInDoubtException;
import io.github.osbsdk.broker.metering.MeterCount;
import io.github.osbsdk.broker.metering.UsageOutbox;
import io.github.osbsdk.broker.metering.UsageRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The counts a meter's outbox refused while it could not tell whether their instance ended:
 * handed to the outbox to hold ({@link UsageOutbox#holdCounts}, durably in a durable outbox,
 * so that a crash or restart loses none) and released by it on every tick
 * ({@link UsageOutbox#releaseHeldCounts}): dropped if their instance ended, else billed in their
 * own window. An outbox that cannot hold counts leaves them to the meter's memory, and so do
 * the counts it names as not holdable ({@link CountsNotHeldException}). Failures are
 * warned of at most once a minute on the meter's clock ({@link OutageWarnings}). A held window
 * whose record this meter cannot build (an instance id that is no CRN, and no region here) stays
 * held while the others are released: warned of once, counted among the unclosed windows, and
 * among the counts the deadline warning sees, until a release bills it.
 */
final class HeldCounts {
  /** The ticker's logger, as before these moved here: log configuration keeps working. */
  private static final Logger LOG = LoggerFactory.getLogger(MeterTicker.class);
  private final UsageOutbox outbox;
  private final InstanceEnds ends;
  private final Function<List<MeterCount>, UsageRecord> toRecord;
  private final OutageWarnings holdWarnings;
  private final OutageWarnings releaseWarnings;
  /** Whether the last release failed: the outbox may hold counts it could not bill. */
  private boolean releaseFailed;
  /** The held windows whose record the last release could not build, with their counts. */
  private volatile Map<List<Object>, List<MeterCount>> unbuilt = Map.of();
  /** The same windows, each warned of once while it stays held. */
  private final WarnedWhileSo<List<Object>> unbuiltWarned = new WarnedWhileSo<>();

  HeldCounts(UsageOutbox outbox, InstanceEnds ends,
      Function<List<MeterCount>, UsageRecord> toRecord, LongSupplier clock) {
    this.outbox = outbox;
    this.ends = ends;
    this.toRecord = toRecord;
    this.holdWarnings = new OutageWarnings(LOG, clock);
    this.releaseWarnings = new OutageWarnings(LOG, clock);
  }

  /**
   * Has the outbox hold counts. Counts it names as not holdable (their sum with a held count
   * passes the largest double, {@link CountsNotHeldException}) stay in the meter's memory alone,
   * and the others are held.
   *
   * @param counts the counts whose instance's end is unknown
   * @return the counts that stay in the meter's memory: none when the outbox holds them all,
   *     all when it cannot hold counts, or failed
   * @throws MergeInDoubtException when the outbox may hold them (its answer was lost); its
   *     refused counts are those that stay in memory
   */
  List<MeterCount> hold(List<MeterCount> counts) {
    List<MeterCount> toHold = counts;
    List<MeterCount> notHeld = new ArrayList<>();
    CountsNotHeldException refusal = null;
    try {
      while (true) {
        try {
          outbox.holdCounts(toHold);
          break;
        } catch (CountsNotHeldException e) { // these alone stay in memory: hold the others
          List<MeterCount> rest = new ArrayList<>(toHold);
          e.counts().forEach(rest::remove);
          if (rest.size() == toHold.size()) {
            throw e; // names none of them: a failure like any other
          }
          notHeld.addAll(e.counts());
          refusal = e;
          toHold = rest;
          if (rest.isEmpty()) {
            break;
          }
        }
      }
    } catch (UnsupportedOperationException e) {
      return counts;
    } catch (MergeInDoubtException e) {
      holdWarnings.failed("holding metering counts whose instance's end is unknown: outcome"
          + " unknown, checking next tick", e);
      throw notHeld.isEmpty() ? e : new MergeInDoubtException(e.getMessage(), e, notHeld,
          e::applied);
    } catch (RuntimeException e) {
      holdWarnings.failed("holding metering counts whose instance's end is unknown failed,"
          + " kept in memory, retrying next tick", e);
      return counts;
    }
    if (refusal == null) {
      holdWarnings.answered();
    } else {
      holdWarnings.failed("metering counts whose instance's end is unknown stay in memory, the"
          + " others are held; retrying next tick", refusal);
    }
    return List.copyOf(notHeld);
  }

  /**
   * Has the outbox release the counts it holds (this meter's, another replica's, or an earlier
   * process's); logs and counts those dropped because their instance ended.
   *
   * @return false when the outbox failed (the counts stay held, released next tick)
   */
  boolean release() {
    List<MeterCount> dropped;
    Map<List<Object>, List<MeterCount>> failed = new LinkedHashMap<>();
    Map<List<Object>, RuntimeException> why = new LinkedHashMap<>();
    try {
      dropped = outbox.releaseHeldCounts(counts -> built(counts, failed, why));
    } catch (RuntimeException e) {
      releaseWarnings.failed("releasing held metering counts failed (their instances' ends are"
          + " unknown), retrying next tick", e);
      releaseFailed = true;
      return false;
    }
    releaseFailed = false;
    unbuilt = Map.copyOf(failed);
    unbuiltWarned.round(failed.keySet(), w -> LOG.warn("held usage of {} {} in {}..{} cannot"
        + " become a record here, left held for a meter that can (or until this one is"
        + " configured to): {}", LogValues.quote((String) w.get(0)),
        LogValues.quote((String) w.get(1)), w.get(2), w.get(3),
        LogValues.quoteMessage(why.get(w))));
    releaseWarnings.answered();
    dropped.forEach(ends::droppedAtRelease);
    return true;
  }

  /**
   * Builds a held window's record; one it cannot build is noted, with why, to be warned of once
   * the release committed (once while it stays held, not at every tick), and the outbox keeps
   * it held.
   */
  private UsageRecord built(List<MeterCount> counts, Map<List<Object>, List<MeterCount>> failed,
      Map<List<Object>, RuntimeException> why) {
    try {
      return toRecord.apply(counts);
    } catch (RuntimeException e) {
      List<Object> window = Windows.of(counts.get(0));
      failed.put(window, List.copyOf(counts));
      why.putIfAbsent(window, e);
      throw e;
    }
  }

  /**
   * Returns how many held windows the last release could not turn into records.
   *
   * @return the number of windows
   */
  int unbuilt() {
    return unbuilt.size();
  }

  /**
   * Returns the counts the outbox holds that wait, for the deadline warning: those of held
   * windows the last release could not turn into records and, while the outbox fails to release
   * them, all it holds. The outbox may be shared: they may be any meter's or replica's.
   *
   * @return the held counts that wait (none when the outbox cannot list them)
   */
  List<MeterCount> waiting() {
    if (!releaseFailed) {
      List<MeterCount> all = new ArrayList<>();
      unbuilt.values().forEach(all::addAll);
      return all;
    }
    try {
      return outbox.heldCounts();
    } catch (RuntimeException e) { // the release's warning said so
      LOG.debug("cannot list the held metering counts", e);
      return List.of();
    }
  }
}
