package io.github.osbsdk.broker.metering.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.metering.Aggregation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The slots a meter's ticker took out of service: watched for a minute and sixty persists, and
 * past that for as long as they hold counts not persisted (a count the outbox refused while it
 * cannot tell whether its instance ended waits there).
 */
class RetiredSlotsTest {
  private final AtomicLong nanos = new AtomicLong(1_000);
  private final RetiredSlots slots = new RetiredSlots(nanos::get);
  private final SeriesRegistry registry = new SeriesRegistry(3_600_000, () -> 0L);

  private static List<WindowSlot> watched(RetiredSlots slots) {
    List<WindowSlot> watched = new ArrayList<>();
    slots.forEach((series, slot) -> watched.add(slot));
    return watched;
  }

  /** Runs the persists that end a slot's watch: sixty of them, a minute after its retirement. */
  private void watchedLongEnough() {
    nanos.addAndGet(RetiredSlots.RETIRED_NANOS);
    for (int i = 0; i < RetiredSlots.RETIRED_TICKS; i++) {
      slots.persisted();
    }
  }

  @Test
  void aSlotWhoseCountsArePersistedIsNoLongerWatchedAfterAMinuteAndSixtyPersists() {
    WindowSlot slot = registry.findOrCreate("i", "p", "API_CALL", Aggregation.SUM).current();
    slot.add(1);
    slot.persisted(1);
    slots.add(registry.find("i", "p", "API_CALL"), slot);
    nanos.addAndGet(RetiredSlots.RETIRED_NANOS - 1);
    for (int i = 0; i < 2 * RetiredSlots.RETIRED_TICKS; i++) {
      slots.persisted();
    }
    assertThat(watched(slots)).as("a nanosecond before its minute ends").containsExactly(slot);

    nanos.incrementAndGet();
    slots.persisted();
    assertThat(watched(slots)).isEmpty();
  }

  @Test
  void aSlotStillHoldingCountsIsWatchedUntilTheyArePersisted() {
    // before 4c15bdd3: no longer watched after its minute, its count lost without a word
    MeterSeries series = registry.findOrCreate("i", "p", "API_CALL", Aggregation.SUM);
    WindowSlot slot = series.current();
    slot.add(2); // refused while the outbox cannot tell whether "i" ended: not persisted
    slots.add(series, slot);
    watchedLongEnough();
    watchedLongEnough();

    assertThat(watched(slots)).containsExactly(slot);
    assertThat(slots.settled()).isFalse();
    slot.persisted(2); // the outbox answered: moved on, or dropped as its instance's
    slots.persisted();
    assertThat(watched(slots)).isEmpty();
    assertThat(slots.settled()).isTrue();
  }
}
