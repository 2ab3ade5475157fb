package io.github.osbsdk.broker.metering.internal;

import io.github.osbsdk.broker.metering.Aggregation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.LongUnaryOperator;

/**
 * The live series by instance, plan and measure: nested concurrent maps so that a lookup on the
 * hot path allocates nothing (no composite key).
 */
public final class SeriesRegistry {
  private final ConcurrentHashMap<String, ConcurrentHashMap<String,
      ConcurrentHashMap<String, MeterSeries>>> byInstance = new ConcurrentHashMap<>();
  private final LongUnaryOperator windowStartOf;
  private final long windowMillis;
  private final LongSupplier clock;

  /**
   * Creates an empty registry.
   *
   * @param windowMillis the window length
   * @param clock the current time in epoch milliseconds
   */
  public SeriesRegistry(long windowMillis, LongSupplier clock) {
    this.windowMillis = windowMillis;
    this.windowStartOf = t -> Math.floorDiv(t, windowMillis) * windowMillis;
    this.clock = clock;
  }

  /**
   * Finds a live series without allocating.
   *
   * @param instanceId the instance
   * @param planId the plan
   * @param measure the measure
   * @return the series, or null
   */
  public MeterSeries find(String instanceId, String planId, String measure) {
    ConcurrentHashMap<String, ConcurrentHashMap<String, MeterSeries>> byPlan =
        byInstance.get(instanceId);
    if (byPlan == null) {
      return null;
    }
    ConcurrentHashMap<String, MeterSeries> byMeasure = byPlan.get(planId);
    return byMeasure == null ? null : byMeasure.get(measure);
  }

  /**
   * Finds or creates a live series (slow path: the caller validated the names).
   *
   * @param instanceId the instance
   * @param planId the plan
   * @param measure the measure
   * @param aggregation how counts combine
   * @return the series
   */
  public MeterSeries findOrCreate(String instanceId, String planId, String measure,
      Aggregation aggregation) {
    return byInstance.computeIfAbsent(instanceId, i -> new ConcurrentHashMap<>())
        .computeIfAbsent(planId, p -> new ConcurrentHashMap<>())
        .computeIfAbsent(measure, m -> {
          long start = windowStartOf.applyAsLong(clock.getAsLong());
          return new MeterSeries(instanceId, planId, measure, aggregation,
              new WindowSlot(aggregation, start, start + windowMillis, clock));
        });
  }

  /** Returns a snapshot of the live series. */
  List<MeterSeries> all() {
    List<MeterSeries> all = new ArrayList<>();
    byInstance.values().forEach(p -> p.values().forEach(m -> all.addAll(m.values())));
    return all;
  }

  /** Removes an idle series; a caller still holding it adds to a slot the ticker retired. */
  void remove(MeterSeries series) {
    ConcurrentHashMap<String, ConcurrentHashMap<String, MeterSeries>> byPlan =
        byInstance.get(series.instanceId);
    if (byPlan == null) {
      return;
    }
    ConcurrentHashMap<String, MeterSeries> byMeasure = byPlan.get(series.planId);
    if (byMeasure != null) {
      byMeasure.remove(series.measure, series);
      // the emptied inner maps stay: removing them could race with a concurrent create
    }
  }

  WindowSlot newSlot(Aggregation aggregation, long now) {
    long start = windowStartOf.applyAsLong(now);
    return new WindowSlot(aggregation, start, start + windowMillis, clock);
  }
}
