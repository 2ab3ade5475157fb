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
 * <p>{@code firstAt} is when the window's first count or sample of the measure was made, on the
 * meter's clock: the record of the window starts then (never before the window's start), so the
 * record of an instance's first window does not start before the instance was provisioned (IBM
 * refuses for good a record outside the instance's life). Null means unknown (a count made by an
 * older version, or with the constructor without it): the record starts at the window's start.
 * Outboxes keep the earliest of the counts they merge into one window ({@link #combinedWith}),
 * null winning, as an unknown first count may have been at the window's start.
 *
 * @param resourceInstanceId the instance CRN
 * @param planId the plan id
 * @param measure the measure id
 * @param aggregation how counts combine
 * @param windowStart the window start (inclusive)
 * @param windowEnd the window end (exclusive); the window closes at this time
 * @param value the count, finite
 * @param firstAt when the window's first count was made, or null when unknown
 */
public record MeterCount(String resourceInstanceId, String planId, String measure,
    Aggregation aggregation, Instant windowStart, Instant windowEnd, double value,
    Instant firstAt) {

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
   * @param firstAt when the window's first count was made, or null when unknown
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
   * Creates a count whose first count's time is unknown (its record starts at the window's
   * start).
   *
   * @param resourceInstanceId the instance CRN
   * @param planId the plan id
   * @param measure the measure id
   * @param aggregation how counts combine
   * @param windowStart the window start
   * @param windowEnd the window end
   * @param value the count
   */
  public MeterCount(String resourceInstanceId, String planId, String measure,
      Aggregation aggregation, Instant windowStart, Instant windowEnd, double value) {
    this(resourceInstanceId, planId, measure, aggregation, windowStart, windowEnd, value, null);
  }

  /**
   * Returns this count merged with a later count of the same window and measure, as an outbox
   * merges them: the values combined by the aggregation (summed, or the maximum), and the
   * earlier first count's time (null if either is null).
   *
   * @param other a count of the same window and measure
   * @return the merged count
   */
  public MeterCount combinedWith(MeterCount other) {
    return new MeterCount(resourceInstanceId, planId, measure, aggregation, windowStart,
        windowEnd, aggregation.combine(value, other.value), earlier(firstAt, other.firstAt));
  }

  /**
   * Returns this count with another window end (its first count's time kept).
   *
   * @param newEnd the window end
   * @return the count
   */
  public MeterCount withWindowEnd(Instant newEnd) {
    return new MeterCount(resourceInstanceId, planId, measure, aggregation, windowStart, newEnd,
        value, firstAt);
  }

  private static Instant earlier(Instant a, Instant b) {
    return a == null || b == null ? null : a.isBefore(b) ? a : b;
  }

  /**
   * Returns this count with another value.
   *
   * @param newValue the value
   * @return the count
   */
  public MeterCount withValue(double newValue) {
    return new MeterCount(resourceInstanceId, planId, measure, aggregation, windowStart,
        windowEnd, newValue, firstAt);
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
