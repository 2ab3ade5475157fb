package io.github.osbsdk.broker.metering;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The counts an {@link InMemoryUsageOutbox} holds ({@link UsageOutbox#holdCounts}) until it
 * releases them: combined per instance, plan, measure and window. Lost with the process, as
 * everything the in-memory outbox holds. Guarded by the outbox's lock.
 */
final class InMemoryHeld {
  private final Map<List<Object>, MeterCount> held = new LinkedHashMap<>();

  private static List<Object> key(MeterCount c) {
    return List.of(c.resourceInstanceId(), c.planId(), c.measure(), c.windowStart(),
        c.windowEnd());
  }

  /** Holds counts, combined aside first: a sum that is not finite fails and holds nothing. */
  void hold(List<MeterCount> counts) {
    Map<List<Object>, MeterCount> merged = new LinkedHashMap<>();
    for (MeterCount c : counts) {
      List<Object> key = key(c);
      MeterCount old = merged.containsKey(key) ? merged.get(key) : held.get(key);
      merged.put(key, old == null ? c : old.combinedWith(c));
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
   * is kept, as a close leaves it open, and does not hold up the others.
   *
   * @param ended whether a count's instance's metering on its plan ended
   * @param closedThrough the closed-through watermark
   * @param placing where the records go (nothing is stored until it is applied)
   * @param toRecord builds the record of one closed window
   * @return what to do with each count
   */
  Release release(Predicate<MeterCount> ended, Instant closedThrough, InMemoryPlacing placing,
      Function<List<MeterCount>, UsageRecord> toRecord) {
    List<MeterCount> dropped = new ArrayList<>();
    List<MeterCount> opened = new ArrayList<>();
    List<MeterCount> closed = new ArrayList<>();
    for (MeterCount c : held.values()) {
      (ended.test(c) ? dropped : c.windowEnd().isAfter(closedThrough) ? opened : closed).add(c);
    }
    // a window whose record cannot be built stays held, the others go
    return new Release(dropped, opened, List.copyOf(placing.placeWindows(closed, toRecord)));
  }

  /** Forgets the held counts (released) but {@code kept}, which are among them. */
  void keepOnly(List<MeterCount> kept) {
    held.values().removeIf(c -> !kept.contains(c));
  }
}
