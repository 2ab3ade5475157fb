package io.github.osbsdk.broker.metering.internal;

import io.github.osbsdk.broker.metering.Aggregation;

/** One instance, plan and measure: the slot of its current window. */
public final class MeterSeries {
  final String instanceId;
  final String planId;
  final String measure;
  final Aggregation aggregation;
  /** Swapped by the ticker at the window's end; read by callers on the hot path. */
  private volatile WindowSlot current;

  MeterSeries(String instanceId, String planId, String measure, Aggregation aggregation,
      WindowSlot first) {
    this.instanceId = instanceId;
    this.planId = planId;
    this.measure = measure;
    this.aggregation = aggregation;
    this.current = first;
  }

  /**
   * Returns the slot counts go to now.
   *
   * @return the current slot
   */
  public WindowSlot current() {
    return current;
  }

  /**
   * Returns how this series' counts combine.
   *
   * @return the aggregation
   */
  public Aggregation aggregation() {
    return aggregation;
  }

  void current(WindowSlot slot) {
    current = slot;
  }
}
