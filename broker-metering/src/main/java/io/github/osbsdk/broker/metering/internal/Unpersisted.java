package io.github.osbsdk.broker.metering.internal;

import io.github.osbsdk.broker.metering.MeterCount;
import java.time.Instant;
import java.util.List;

/**
 * A count of a meter's slot that is not persisted yet, with the series and slot it came from.
 *
 * @param series the series
 * @param slot the slot
 * @param retired whether the slot is a retired one (its window ended here)
 * @param count the count
 */
record Unpersisted(MeterSeries series, WindowSlot slot, boolean retired, MeterCount count) {

  /** Adds the slot's unpersisted count, if it has one, to {@code into}. */
  static void collect(List<Unpersisted> into, MeterSeries series, WindowSlot slot,
      boolean retired) {
    double count = slot.unpersisted();
    if (Double.isNaN(count)) {
      return;
    }
    into.add(new Unpersisted(series, slot, retired, new MeterCount(series.instanceId,
        series.planId, series.measure, series.aggregation, Instant.ofEpochMilli(slot.startMillis()),
        Instant.ofEpochMilli(slot.endMillis()), count, slot.firstAt())));
  }
}
