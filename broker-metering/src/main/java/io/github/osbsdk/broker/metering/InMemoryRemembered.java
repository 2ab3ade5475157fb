package io.github.osbsdk.broker.metering;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What {@link InMemoryUsageOutbox} remembers once it happened: the instances whose metering
 * ended and the keys of the records IBM took, each pruned after the instance-end retention as
 * {@code PostgresUsageOutbox} prunes them, on the clock of the closes. Guarded by the outbox's
 * lock.
 */
final class InMemoryRemembered {
  /** The default instance-end retention, as {@code PostgresUsageOutbox}'s. */
  static final Duration DEFAULT_RETENTION = Duration.ofDays(3);
  /** How often a close prunes, on the closes' clock. */
  private static final Duration PRUNE_EVERY = Duration.ofHours(1);

  /** A record IBM took: its instance and end. */
  private record Delivered(String instance, Instant end) {
  }

  /** An instance's end on one plan. */
  private record PlanEnd(String instance, String plan) {
  }

  private final Map<String, Instant> ended = new HashMap<>();
  private final Map<PlanEnd, Instant> planEnded = new HashMap<>();
  private final Map<String, Delivered> delivered = new HashMap<>();
  private final Duration retention;
  private Instant nextPrune = Instant.MIN;
  /** The senders' prunes keep their own pace: their clock may not be the closes' one. */
  private Instant nextSenderPrune = Instant.MIN;

  InMemoryRemembered(Duration retention) {
    Objects.requireNonNull(retention, "instanceEndRetention == null");
    if (retention.compareTo(Duration.ofHours(1)) < 0) {
      throw new IllegalArgumentException("instanceEndRetention must be at least 1 h: "
          + retention);
    }
    this.retention = retention;
  }

  /** The end of an instance's metering, or null. */
  Instant endOf(String instanceId) {
    return ended.get(instanceId);
  }

  /** The end of an instance's metering on a plan (the earlier of both ends), or null. */
  Instant endOf(String instanceId, String planId) {
    Instant whole = ended.get(instanceId);
    Instant plan = planEnded.get(new PlanEnd(instanceId, planId));
    return whole == null || plan != null && plan.isBefore(whole) ? plan : whole;
  }

  /**
   * Records an end on one plan, or on all when {@code planId} is null (an end keeps its first
   * time), and forgets the instance's end on plan {@code lifted} unless null (it is back there).
   */
  void end(String instanceId, String planId, String lifted, Instant at) {
    if (planId == null) {
      ended.putIfAbsent(instanceId, at);
    } else {
      planEnded.putIfAbsent(new PlanEnd(instanceId, planId), at);
    }
    if (lifted != null) {
      planEnded.remove(new PlanEnd(instanceId, lifted));
    }
  }

  /** Remembers the key of a record IBM took. */
  void delivered(String key, UsageRecord r) {
    delivered.put(key, new Delivered(r.resourceInstanceId(), r.end()));
  }

  boolean wasDelivered(String key) {
    return delivered.containsKey(key);
  }

  int deliveredKeys() {
    return delivered.size();
  }

  /**
   * Forgets, at most hourly, an end whose instance ended more than the retention before
   * {@code now} and has no open count and no record waiting (for an end on one plan: none of
   * that plan, as {@code PostgresUsageOutbox} judges it), and a delivered key whose record
   * ended more than the retention before {@code now} and whose instance has no open count of a
   * window starting before that end.
   *
   * @param now the close's cutoff
   * @param open the open counts
   * @param waiting the records waiting (pending or leased)
   */
  void pruneIfDue(Instant now, Collection<MeterCount> open, Collection<UsageRecord> waiting) {
    if (now.isBefore(nextPrune)) {
      return;
    }
    nextPrune = now.plus(PRUNE_EVERY);
    Instant before = now.minus(retention);
    Map<String, Instant> firstOpen = new HashMap<>(); // the earliest open window per instance
    open.forEach(c -> firstOpen.merge(c.resourceInstanceId(), c.windowStart(),
        (a, b) -> a.isBefore(b) ? a : b));
    Set<String> waitingFor = new HashSet<>();
    Set<PlanEnd> inUse = new HashSet<>(); // an end on a plan is judged by that plan's usage
    waiting.forEach(r -> {
      waitingFor.add(r.resourceInstanceId());
      inUse.add(new PlanEnd(r.resourceInstanceId(), r.planId()));
    });
    open.forEach(c -> inUse.add(new PlanEnd(c.resourceInstanceId(), c.planId())));
    ended.entrySet().removeIf(e -> e.getValue().isBefore(before)
        && !firstOpen.containsKey(e.getKey()) && !waitingFor.contains(e.getKey()));
    planEnded.entrySet().removeIf(e -> e.getValue().isBefore(before)
        && !inUse.contains(e.getKey()));
    pruneDelivered(before, firstOpen);
  }

  /**
   * Forgets, at most hourly on the senders' clock, a delivered key whose record ended more than
   * the retention before {@code now}, as {@link #pruneIfDue} does: for a reporter without a
   * meter, whose windows never close. Instance ends are left to the closes (only a meter ends
   * one), which prune them on the meter's clock.
   *
   * @param now the sender's clock
   * @param open the open counts
   */
  void pruneDeliveredIfDue(Instant now, Collection<MeterCount> open) {
    if (now.isBefore(nextSenderPrune)) {
      return;
    }
    nextSenderPrune = now.plus(PRUNE_EVERY);
    Map<String, Instant> firstOpen = new HashMap<>();
    open.forEach(c -> firstOpen.merge(c.resourceInstanceId(), c.windowStart(),
        (a, b) -> a.isBefore(b) ? a : b));
    pruneDelivered(now.minus(retention), firstOpen);
  }

  private void pruneDelivered(Instant before, Map<String, Instant> firstOpen) {
    delivered.values().removeIf(d -> d.end().isBefore(before)
        && !firstOpen.getOrDefault(d.instance(), Instant.MAX).isBefore(d.end()));
  }
}
