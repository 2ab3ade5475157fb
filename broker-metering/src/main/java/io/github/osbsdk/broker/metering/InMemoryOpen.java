package io.github.osbsdk.broker.metering;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The counts of the open windows an {@link InMemoryUsageOutbox} stores
 * ({@link UsageOutbox#mergeOpenCounts}): one per instance, plan, measure and window, a
 * {@link Aggregation#SUM} added up and a {@link Aggregation#MAX} kept at its peak. Lost with the
 * process, as everything the in-memory outbox holds. Guarded by the outbox's lock.
 */
final class InMemoryOpen {
  private record CountKey(String instance, String plan, String measure, Instant start,
      Instant end) {
    static CountKey of(MeterCount c) {
      return new CountKey(c.resourceInstanceId(), c.planId(), c.measure(), c.windowStart(),
          c.windowEnd());
    }
  }

  private final Map<CountKey, MeterCount> open = new LinkedHashMap<>();

  /**
   * Adds counts into their windows, all or none: combined aside first, so that a sum that is
   * not finite fails the call and changes nothing.
   *
   * @param counts the counts
   * @throws IllegalArgumentException when a sum is not finite
   */
  void merge(List<MeterCount> counts) {
    Map<CountKey, MeterCount> merged = new LinkedHashMap<>();
    for (MeterCount c : counts) {
      CountKey key = CountKey.of(c);
      MeterCount old = merged.containsKey(key) ? merged.get(key) : open.get(key);
      merged.put(key, old == null ? c : old.combinedWith(c));
    }
    open.putAll(merged);
  }

  /**
   * Returns the stored count of a count's instance, plan, measure and window.
   *
   * @param c the count
   * @return the stored count, or null when none is stored
   */
  MeterCount of(MeterCount c) {
    return open.get(CountKey.of(c));
  }

  /**
   * Returns the stored counts, a live view: removing from it removes them.
   *
   * @return the counts, in the order their windows were first stored
   */
  Collection<MeterCount> all() {
    return open.values();
  }
}
