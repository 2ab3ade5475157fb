package io.github.osbsdk.broker.metering;

import io.github.osbsdk.broker.api.internal.LogValues;
import io.github.osbsdk.broker.metering.internal.Windows;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The counts an {@link InMemoryUsageOutbox} holds ({@link UsageOutbox#holdCounts}) until it
 * releases them: combined per instance, plan, measure and window. Lost with the process, as
 * everything the in-memory outbox holds. Guarded by the outbox's lock.
 */
final class InMemoryHeld {
  private static final Logger LOG = LoggerFactory.getLogger(InMemoryUsageOutbox.class);
  private final Map<List<Object>, MeterCount> held = new LinkedHashMap<>();
  /** The windows the last release could not store (logged once each). */
  private Set<List<MeterCount>> stuck = Set.of();

  private static List<Object> key(MeterCount c) {
    return List.of(c.resourceInstanceId(), c.planId(), c.measure(), c.windowStart(),
        c.windowEnd());
  }

  /**
   * Holds counts, combined aside first: when a sum is not finite, holds nothing and names every
   * count whose sum is not.
   *
   * @throws CountsNotHeldException naming them
   */
  void hold(List<MeterCount> counts) {
    Map<List<Object>, MeterCount> merged = new LinkedHashMap<>();
    List<MeterCount> notHeld = new ArrayList<>();
    for (MeterCount c : counts) {
      List<Object> key = key(c);
      MeterCount old = merged.containsKey(key) ? merged.get(key) : held.get(key);
      try {
        merged.put(key, old == null ? c : old.combinedWith(c));
      } catch (IllegalArgumentException e) { // not finite: this count only
        notHeld.add(c);
      }
    }
    if (!notHeld.isEmpty()) {
      throw new CountsNotHeldException(notHeld);
    }
    held.putAll(merged);
  }

  /** Tells whether counts of the instance (of the plan, unless null) are held. */
  boolean holds(String instanceId, String planId) {
    return held.values().stream().anyMatch(c -> c.resourceInstanceId().equals(instanceId)
        && (planId == null || c.planId().equals(planId)));
  }

  /** Returns the held counts. */
  List<MeterCount> all() {
    return List.copyOf(held.values());
  }

  /**
   * What a release does with the held counts, decided without changing anything.
   *
   * @param dropped the counts whose instance's metering ended
   * @param opened the counts of windows still open, to merge
   * @param kept the counts of closed windows whose record cannot be built, to keep held
   */
  record Release(List<MeterCount> dropped, List<MeterCount> opened, List<MeterCount> kept) {
  }

  /**
   * Sorts the held counts for a release and places the records of their closed windows (see
   * {@link UsageOutbox#releaseHeldCounts}); a window whose record {@code toRecord} cannot build
   * is kept, as a close leaves it open, and so is a count or window whose sum with its open
   * count or unsent record passes the largest double (logged once): neither holds up the others.
   *
   * @param ended whether a count's instance's metering on its plan ended
   * @param closedThrough the closed-through watermark
   * @param placing where the records go (nothing is stored until it is applied)
   * @param toRecord builds the record of one closed window
   * @param openOf the open count a count of an open window would be added to, or null
   * @return what to do with each count
   */
  Release release(Predicate<MeterCount> ended, Instant closedThrough, InMemoryPlacing placing,
      Function<List<MeterCount>, UsageRecord> toRecord, UnaryOperator<MeterCount> openOf) {
    List<MeterCount> dropped = new ArrayList<>();
    List<MeterCount> opened = new ArrayList<>();
    List<MeterCount> closed = new ArrayList<>();
    List<MeterCount> kept = new ArrayList<>();
    Set<List<MeterCount>> notStored = new HashSet<>();
    for (MeterCount c : held.values()) {
      if (ended.test(c)) {
        dropped.add(c);
      } else if (!c.windowEnd().isAfter(closedThrough)) {
        closed.add(c);
      } else if (addsUp(openOf.apply(c), c)) {
        opened.add(c);
      } else {
        kept.add(c);
        notStored.add(List.of(c));
      }
    }
    for (List<MeterCount> group : Windows.byWindow(closed)) {
      UsageRecord r;
      try {
        r = toRecord.apply(group);
      } catch (RuntimeException e) { // a window whose record cannot be built stays held
        kept.addAll(group);
        continue;
      }
      try {
        placing.place(r, group); // throws before it changes anything
      } catch (IllegalArgumentException e) { // a sum past the largest double
        kept.addAll(group);
        notStored.add(group);
      }
    }
    notStored.stream().filter(g -> !stuck.contains(g)).forEach(g -> LOG.warn("held usage left"
        + " held, its sum cannot be stored (past the largest double?), the other held counts"
        + " are released: instance={} plan={} window={}..{}",
        LogValues.quote(g.get(0).resourceInstanceId()), LogValues.quote(g.get(0).planId()),
        g.get(0).windowStart(), g.get(0).windowEnd()));
    stuck = notStored;
    return new Release(dropped, opened, kept);
  }

  /** Tells whether a count can be added to the open count of its key (null: none). */
  private static boolean addsUp(MeterCount open, MeterCount c) {
    try {
      return open == null || open.combinedWith(c) != null;
    } catch (IllegalArgumentException e) { // not finite
      return false;
    }
  }

  /** Forgets the held counts (released) but {@code kept}, which are among them. */
  void keepOnly(List<MeterCount> kept) {
    held.values().removeIf(c -> !kept.contains(c));
  }
}
