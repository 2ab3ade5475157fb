package io.github.osbsdk.broker.metering.internal;

import io.github.osbsdk.broker.metering.MeterCount;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The window a count belongs to: what one usage record covers. Shared with broker-store-jdbc's
 * outbox (a qualified export); not API.
 */
public final class Windows {
  /** Windows oldest first, then by instance and plan (and end, for windows of other lengths). */
  private static final Comparator<List<MeterCount>> OLDEST_WINDOW_FIRST = Comparator
      .comparing((List<MeterCount> g) -> g.get(0).windowStart())
      .thenComparing(g -> g.get(0).resourceInstanceId())
      .thenComparing(g -> g.get(0).planId())
      .thenComparing(g -> g.get(0).windowEnd());

  private Windows() {}

  /**
   * Returns the identity of a count's window: its instance, plan, start and end (one record
   * per window; the measures of a window are the record's).
   *
   * @param c the count
   * @return a value that is equal for the counts of one window
   */
  public static List<Object> of(MeterCount c) {
    return of(c.resourceInstanceId(), c.planId(), c.windowStart(), c.windowEnd());
  }

  /**
   * Returns the identity of a window from its parts (a stored count that cannot be read).
   *
   * @param instance the instance
   * @param plan the plan
   * @param start the window's start
   * @param end the window's end
   * @return the value {@link #of(MeterCount)} gives for its counts
   */
  public static List<Object> of(String instance, String plan, Instant start, Instant end) {
    return List.of(instance, plan, start, end);
  }

  /**
   * Groups counts the way {@code UsageOutbox.closeWindows} hands them to its record builder, for
   * the SDK's outboxes: one list per instance, plan and window, the windows oldest first (then by
   * instance and plan, so older usage is claimed first), each list ordered by measure.
   *
   * @param counts the counts of the windows being closed
   * @return the groups, in that order
   */
  public static List<List<MeterCount>> byWindow(Collection<MeterCount> counts) {
    Map<List<Object>, List<MeterCount>> groups = new LinkedHashMap<>();
    for (MeterCount c : counts) {
      groups.computeIfAbsent(of(c), k -> new ArrayList<>()).add(c);
    }
    return groups.values().stream()
        .map(g -> g.stream().sorted(Comparator.comparing(MeterCount::measure)).toList())
        .sorted(OLDEST_WINDOW_FIRST).toList();
  }
}
