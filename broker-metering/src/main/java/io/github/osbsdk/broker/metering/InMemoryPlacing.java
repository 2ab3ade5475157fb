package io.github.osbsdk.broker.metering;

import io.github.osbsdk.broker.api.internal.LogValues;
import io.github.osbsdk.broker.metering.internal.LateRecords;
import io.github.osbsdk.broker.metering.internal.WarnedWhileSo;
import io.github.osbsdk.broker.metering.internal.Windows;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The records of one close or end of an {@link InMemoryUsageOutbox}, placed aside first and
 * stored only once every one of them found its place, so that a call that fails (a record whose
 * quantities cannot be added into the one under its key) changes nothing: under its key when
 * free, added into the record stored under it while IBM has not seen that one, else under its
 * first free late key (see {@link LateRecords}); dropped when none is free. Used under the
 * outbox's lock.
 */
final class InMemoryPlacing {
  private static final Logger LOG = LoggerFactory.getLogger(InMemoryUsageOutbox.class);
  private final InMemoryWaiting waiting;
  private final Map<String, RejectedUsage> rejected;
  private final InMemoryRemembered remembered;
  /** Each key this call stores a record under, with that record. */
  private final Map<String, UsageRecord> stored = new LinkedHashMap<>();
  private final List<Runnable> drops = new ArrayList<>();
  private long droppedCounts;
  private int added;

  InMemoryPlacing(InMemoryWaiting waiting, Map<String, RejectedUsage> rejected,
      InMemoryRemembered remembered) {
    this.waiting = waiting;
    this.rejected = rejected;
    this.remembered = remembered;
  }

  /**
   * Places the record of each window of {@code closed} (see {@link #place}); a window whose record
   * cannot be built is left out and the others still go, and so is a window whose record cannot
   * be added into the unsent record under its key (their sum passes the largest double): logged
   * once while it stays so; once that record was sent, its counts go under a late key.
   *
   * @param closed counts of closed windows
   * @param toRecord builds the record of one window
   * @param unsummable the windows the last close left out for their sum, updated
   * @return the counts of the windows left out
   */
  Set<MeterCount> placeWindows(List<MeterCount> closed,
      Function<List<MeterCount>, UsageRecord> toRecord,
      WarnedWhileSo<List<Object>> unsummable) {
    Set<MeterCount> left = new HashSet<>();
    Set<List<Object>> notPlaced = new HashSet<>();
    for (List<MeterCount> group : Windows.byWindow(closed)) {
      UsageRecord r;
      try {
        r = toRecord.apply(group);
      } catch (RuntimeException e) { // this window only
        left.addAll(group);
        continue;
      }
      try {
        place(r, group); // throws before it changes anything
      } catch (IllegalArgumentException e) { // a sum past the largest double: this window only
        left.addAll(group);
        notPlaced.add(Windows.of(group.get(0)));
      }
    }
    unsummable.round(notPlaced, w -> LOG.warn("usage window left open, its sum with the unsent"
        + " record of its key passes the largest double; the other windows close, this one once"
        + " that record was sent (under a late key): instance={} plan={} window={}..{}",
        LogValues.quote((String) w.get(0)), LogValues.quote((String) w.get(1)), w.get(2),
        w.get(3)));
    return left;
  }

  /**
   * Places the record of each window of an instance's or plan's end (see {@link #place}): all
   * of them, or none when one fails (nothing is stored before {@link #apply}).
   *
   * @param instanceId the instance
   * @param counts the counts of its windows that end
   * @param toRecord builds the record of one window, or returns null to drop it
   * @throws IllegalStateException when a window's record cannot be added into the unsent
   *     record under its key (their sum passes the largest double): see
   *     {@link LateRecords#notEnded}
   * @throws RuntimeException what {@code toRecord} throws
   */
  void placeEnd(String instanceId, List<MeterCount> counts,
      Function<List<MeterCount>, UsageRecord> toRecord) {
    for (List<MeterCount> group : Windows.byWindow(counts)) {
      UsageRecord r = toRecord.apply(group);
      if (r != null) {
        try {
          place(r, group); // throws before it changes anything
        } catch (IllegalArgumentException e) { // a sum past the largest double
          throw LateRecords.notEnded(instanceId, e);
        }
      }
    }
  }

  void place(UsageRecord r, List<MeterCount> counts) {
    for (int n = 0; n <= LateRecords.MAX_LATE; n++) {
      UsageRecord candidate;
      try {
        candidate = n == 0 ? r : LateRecords.nth(r, n);
      } catch (InvalidUsageRecordException e) {
        drop(r, counts, "its late key would be too long");
        return;
      }
      String key = candidate.key();
      UsageRecord unsent = stored.containsKey(key) ? stored.get(key) : waiting.unsent(key);
      if (unsent != null) {
        stored.put(key, LateRecords.merged(unsent, candidate, counts));
        return;
      }
      if (!waiting.contains(key) && !rejected.containsKey(key)
          && !remembered.wasDelivered(key)) {
        stored.put(key, candidate);
        added++;
        return;
      }
    }
    drop(r, counts, LateRecords.MAX_LATE + " late keys taken");
  }

  private void drop(UsageRecord r, List<MeterCount> counts, String why) {
    droppedCounts += counts.size();
    drops.add(() -> LateRecords.logDropped(r, why));
  }

  /**
   * Stores the records placed and logs the drops.
   *
   * @return how many records were added (not merged into another)
   */
  int apply() {
    stored.forEach(waiting::store);
    drops.forEach(Runnable::run);
    return added;
  }

  /** How many counts this call dropped, none of their late keys free. */
  long droppedCounts() {
    return droppedCounts;
  }
}
