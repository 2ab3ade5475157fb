package io.github.osbsdk.broker.metering;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

  /** Forgets the held counts (released). */
  void clear() {
    held.clear();
  }
}
