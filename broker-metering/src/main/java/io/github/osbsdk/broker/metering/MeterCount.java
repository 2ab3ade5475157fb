package io.github.osbsdk.broker.metering;

import io.github.osbsdk.broker.metering.internal.Windows;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The count of one measure of one instance and plan in one open window, as the meter persists
 * it through {@link UsageOutbox#mergeOpenCounts}. For {@link Aggregation#SUM} a count passed to
 * the outbox is a delta to add; for {@link Aggregation#MAX} it is a sample to take the maximum
 * with.
 *
 * @param resourceInstanceId the instance CRN
 * @param planId the plan id
 * @param measure the measure id
 * @param aggregation how counts combine
 * @param windowStart the window start (inclusive)
 * @param windowEnd the window end (exclusive); the window closes at this time
 * @param value the count, finite
 */
public record MeterCount(String resourceInstanceId, String planId, String measure,
    Aggregation aggregation, Instant windowStart, Instant windowEnd, double value) {

  /**
   * Creates a count.
   *
   * @param resourceInstanceId the instance CRN
   * @param planId the plan id
   * @param measure the measure id
   * @param aggregation how counts combine
   * @param windowStart the window start
   * @param windowEnd the window end
   * @param value the count
   */
  public MeterCount {
    Objects.requireNonNull(resourceInstanceId, "resourceInstanceId == null");
    Objects.requireNonNull(planId, "planId == null");
    Objects.requireNonNull(measure, "measure == null");
    Objects.requireNonNull(aggregation, "aggregation == null");
    Objects.requireNonNull(windowStart, "windowStart == null");
    Objects.requireNonNull(windowEnd, "windowEnd == null");
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("value is not finite: " + value);
    }
  }

  /**
   * Returns this count with another value.
   *
   * @param newValue the value
   * @return the count
   */
  public MeterCount withValue(double newValue) {
    return new MeterCount(resourceInstanceId, planId, measure, aggregation, windowStart,
        windowEnd, newValue);
  }

  /** Windows oldest first, then by instance and plan (and end, for windows of other lengths). */
  private static final Comparator<List<MeterCount>> OLDEST_WINDOW_FIRST = Comparator
      .comparing((List<MeterCount> g) -> g.get(0).windowStart())
      .thenComparing(g -> g.get(0).resourceInstanceId())
      .thenComparing(g -> g.get(0).planId())
      .thenComparing(g -> g.get(0).windowEnd());

  /**
   * Groups counts the way {@link UsageOutbox#closeWindows} hands them to its record builder, for
   * implementations of the outbox: one list per instance, plan and window, the windows oldest
   * first (then by instance and plan, so older usage is claimed first), each list ordered by
   * measure.
   *
   * @param counts the counts of the windows being closed
   * @return the groups, in that order
   */
  public static List<List<MeterCount>> byWindow(Collection<MeterCount> counts) {
    Map<List<Object>, List<MeterCount>> groups = new LinkedHashMap<>();
    for (MeterCount c : counts) {
      groups.computeIfAbsent(Windows.of(c), k -> new ArrayList<>()).add(c);
    }
    return groups.values().stream()
        .map(g -> g.stream().sorted(Comparator.comparing(MeterCount::measure)).toList())
        .sorted(OLDEST_WINDOW_FIRST).toList();
  }
}
