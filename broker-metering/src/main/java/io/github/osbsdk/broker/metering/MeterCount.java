package io.github.osbsdk.broker.metering;

import java.time.Instant;
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
 * older version, or with the constructor without it). Outboxes keep the earliest known first
 * time of the counts they merge into one window ({@link #combinedWith}); an unknown one does not
 * move it back, and the record starts at the window's start only when every count's first time
 * is unknown. A record starting after an older version's count bills the same quantities (IBM
 * checks only that the record lies within the instance's life), while one starting at the
 * window's start, before the instance was provisioned, is refused for good.
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
   * earlier first count's time; a known time wins over an unknown (null) one, so the result is
   * null only when both are.
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
    return a == null ? b : b == null || a.isBefore(b) ? a : b;
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
}
