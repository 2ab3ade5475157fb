package io.github.osbsdk.broker.metering;

import java.time.Instant;
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
}
