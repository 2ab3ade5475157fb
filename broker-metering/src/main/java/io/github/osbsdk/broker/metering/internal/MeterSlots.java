package io.github.osbsdk.broker.metering.internal;

import io.github.osbsdk.broker.metering.Aggregation;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meter's window slots as its ticker sees them: rotates the slots of ended windows (a
 * series idle for a whole window is forgotten), lists the counts of every live and retired slot
 * that are not persisted, and moves a refused count to its series' current window. A retired
 * slot is watched for a while ({@link RetiredSlots}): a caller that looked the slot up just
 * before the rotation and adds just after it leaves a residual there, which the next tick moves
 * to the current window. Called under the ticker's lock.
 */
final class MeterSlots {
  /** The ticker's logger, as before these moved here: log configuration keeps working. */
  private static final Logger LOG = LoggerFactory.getLogger(MeterTicker.class);
  private final SeriesRegistry registry;
  private final RetiredSlots retired = new RetiredSlots();

  MeterSlots(SeriesRegistry registry) {
    this.registry = registry;
  }

  /** Gives each series whose window ended by {@code now} a new slot, watching the old one. */
  void rotate(long now) {
    for (MeterSeries series : registry.all()) {
      WindowSlot slot = series.current();
      if (slot.endMillis() > now) {
        continue;
      }
      if (slot.untouched()) {
        registry.remove(series); // idle for a whole window: forget it
      } else {
        series.current(registry.newSlot(series.aggregation, now));
      }
      retired.add(series, slot);
    }
  }

  /** Lists the counts of every live and retired slot that are not persisted. */
  List<Unpersisted> pending() {
    List<Unpersisted> pending = new ArrayList<>();
    for (MeterSeries series : registry.all()) {
      Unpersisted.collect(pending, series, series.current(), false);
    }
    retired.forEach((series, slot) -> Unpersisted.collect(pending, series, slot, true));
    return pending;
  }

  /** Tells whether no live or retired slot holds a count that is not persisted. */
  boolean settled() {
    for (MeterSeries series : registry.all()) {
      if (!Double.isNaN(series.current().unpersisted())) {
        return false;
      }
    }
    return retired.settled();
  }

  /**
   * Moves a series on to the window after its current slot's (another replica's clock is ahead
   * and closed that window), watching the old slot.
   */
  void moveOn(Unpersisted u) {
    u.series().current(u.slot().following(u.series().aggregation));
    retired.add(u.series(), u.slot());
  }

  /** Tells the retired slots that every count of this tick was persisted. */
  void persisted() {
    retired.persisted();
  }

  /** Adds a refused count to its series' current window (the series made anew if forgotten). */
  void moveToCurrentWindow(Unpersisted u) {
    MeterSeries live = registry.findOrCreate(u.series().instanceId, u.series().planId,
        u.series().measure, u.series().aggregation);
    LOG.debug("late counts of {} {} {} moved to the current window", u.series().instanceId,
        u.series().planId, u.series().measure);
    if (live.aggregation == Aggregation.SUM) {
      live.current().add((long) u.count().value());
    } else {
      live.current().sample(u.count().value());
    }
  }
}
