package io.github.osbsdk.broker.metering;

import io.github.osbsdk.broker.metering.internal.MeterRecords;
import io.github.osbsdk.broker.metering.internal.MeterSeries;
import io.github.osbsdk.broker.metering.internal.SeriesRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Finds the series a {@link UsageMeter} counts an instance, plan and measure in: a lookup that
 * takes no lock and allocates nothing for a combination seen before, and for a new one the checks
 * against the plan and the record its windows will become, while the caller can still see a
 * refusal.
 */
final class SeriesResolver {
  private final MeteredPlans plans;
  private final String region;
  private final MeterRecords records;
  private final SeriesRegistry registry;
  private final Clock clock;
  private final long windowMillis;

  SeriesResolver(MeteredPlans plans, String region, MeterRecords records,
      SeriesRegistry registry, Clock clock, long windowMillis) {
    this.plans = plans;
    this.region = region;
    this.records = records;
    this.registry = registry;
    this.clock = clock;
    this.windowMillis = windowMillis;
  }

  /**
   * Returns the series of an instance, plan and measure, checking a combination seen for the
   * first time.
   *
   * @throws IllegalArgumentException for a combination {@link MeterChecks} refuses, ids that make
   *     no valid {@link UsageRecord}, or a measure counted with the other aggregation
   */
  MeterSeries resolve(String instanceId, String planId, String measure,
      Aggregation aggregation) {
    MeterSeries series = registry.find(instanceId, planId, measure);
    return series != null && series.aggregation() == aggregation ? series
        : create(instanceId, planId, measure, aggregation);
  }

  private MeterSeries create(String instanceId, String planId, String measure,
      Aggregation aggregation) {
    Objects.requireNonNull(instanceId, "instanceId == null");
    Objects.requireNonNull(planId, "planId == null");
    Objects.requireNonNull(measure, "measure == null");
    // refused now, while the caller can see it: in a window it would fail every flush
    MeterChecks.check(plans, region, instanceId, planId, measure);
    // the record the window will become, built now (InvalidUsageRecordException): one that
    // cannot be built would fail the close of every window, of every instance, at every tick
    long start = Math.floorDiv(clock.millis(), windowMillis) * windowMillis;
    records.apply(List.of(new MeterCount(instanceId, planId, measure, aggregation,
        Instant.ofEpochMilli(start), Instant.ofEpochMilli(start + windowMillis), 0)));
    MeterSeries series = registry.findOrCreate(instanceId, planId, measure, aggregation);
    if (series.aggregation() != aggregation) {
      throw new IllegalArgumentException("measure " + measure + " of " + instanceId + " is "
          + (series.aggregation() == Aggregation.SUM ? "added" : "sampled") + ", not both");
    }
    return series;
  }
}
