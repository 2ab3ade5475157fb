package io.github.osbsdk.broker.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link UsageOutbox} must do for {@link UsageOutbox#endInstance} (from
 * broker-metering's test-jar, like {@link UsageOutboxContract}): an implementation's test
 * extends it and returns a fresh, empty outbox from {@link #newOutbox()}.
 */
public abstract class InstanceEndContract {
  /** An instance CRN naming region us-south. */
  protected static final String CRN = "crn:v1:bluemix:public:hello:us-south:a/acc:inst-1::";
  /** Another instance. */
  protected static final String OTHER = "crn:v1:bluemix:public:hello:us-south:a/acc:inst-2::";
  /** A time well in the past, start of an hour. */
  protected static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  /** The outbox under test. */
  protected UsageOutbox outbox;

  /**
   * Returns a fresh, empty outbox.
   *
   * @return the outbox
   */
  protected abstract UsageOutbox newOutbox();

  /**
   * Stores a count as a version that knows no instance ends would, into the shared store
   * behind the outbox (no end check, no first count's time): a replica of that version beside
   * this one in a rolling deploy. The default skips the test: only a shared outbox can hold
   * such counts.
   *
   * @param count the count
   */
  protected void mergeAsAnOlderVersion(MeterCount count) {
    Assumptions.abort("no older version can write to this outbox");
  }

  /**
   * Builds a record of a window's counts as the meter does: from the window's start to the
   * (possibly shortened) end the outbox hands over.
   *
   * @return the builder
   */
  protected static Function<List<MeterCount>, UsageRecord> asTheMeterDoes() {
    return counts -> UsageRecord.builder(counts.get(0).resourceInstanceId(), "metered")
        .window(counts.get(0).windowStart(), counts.get(0).windowEnd())
        .measure("API_CALL", counts.stream().mapToDouble(MeterCount::value).sum()).build();
  }

  @BeforeEach
  void createOutbox() {
    outbox = newOutbox();
  }

  /**
   * A count of {@code API_CALL} in the hour window from {@code T0 + hours}.
   *
   * @param instance the instance
   * @param hours the window's offset from T0
   * @param value the count
   * @return the count
   */
  protected static MeterCount count(String instance, int hours, double value) {
    Instant start = T0.plus(Duration.ofHours(hours));
    return new MeterCount(instance, "metered", "API_CALL", Aggregation.SUM, start,
        start.plus(Duration.ofHours(1)), value);
  }

  /**
   * Builds a record of a window's counts that ends at {@code end}.
   *
   * @param end the record's end
   * @return the builder
   */
  protected static Function<List<MeterCount>, UsageRecord> endingAt(Instant end) {
    return counts -> UsageRecord.builder(counts.get(0).resourceInstanceId(), "metered")
        .window(counts.get(0).windowStart(), end)
        .measure("API_CALL", counts.stream().mapToDouble(MeterCount::value).sum()).build();
  }

  @Test
  void endingAnInstanceTurnsItsOpenWindowsIntoRecordsAtOnceAndLeavesOthersOpen() {
    outbox.mergeOpenCounts(List.of(count(CRN, 0, 2), count(CRN, 0, 3), count(OTHER, 0, 1)));
    Instant end = T0.plusSeconds(90);
    assertThat(outbox.endInstance(CRN, end, endingAt(end))).isOne();
    assertThat(outbox.claim("me", 10, T0.plus(Duration.ofDays(1)), Duration.ofMinutes(1)))
        .singleElement().satisfies(c -> {
          assertThat(c.record().end()).isEqualTo(end);
          assertThat(c.record().quantity("API_CALL")).isEqualTo(5.0);
        });
    assertThat(outbox.openCounts()).extracting(MeterCount::resourceInstanceId)
        .containsExactly(OTHER);
    assertThat(outbox.endedAt(CRN)).contains(end);
    assertThat(outbox.endedAt(OTHER)).isEmpty();
  }

  @Test
  void countsOfAnEndedInstanceAreRefusedWhateverTheirWindow() {
    outbox.endInstance(CRN, T0.plusSeconds(90), endingAt(T0.plusSeconds(90)));
    MeterCount late = count(CRN, 0, 4);
    MeterCount next = count(CRN, 1, 4);
    MeterCount other = count(OTHER, 0, 1);
    assertThat(outbox.mergeOpenCounts(List.of(late, next, other)))
        .containsExactlyInAnyOrder(late, next);
    assertThat(outbox.openCounts()).containsExactly(other);
  }

  @Test
  void theFirstEndStaysAndASecondEndQueuesNothing() {
    outbox.mergeOpenCounts(List.of(count(CRN, 0, 2)));
    outbox.endInstance(CRN, T0.plusSeconds(90), endingAt(T0.plusSeconds(90)));
    assertThat(outbox.endInstance(CRN, T0.plusSeconds(200), endingAt(T0.plusSeconds(200))))
        .isZero();
    assertThat(outbox.endedAt(CRN)).contains(T0.plusSeconds(90));
    assertThat(outbox.depth()).isOne();
  }

  @Test
  void aWindowTheBuilderReturnsNullForIsDroppedWithoutARecord() {
    outbox.mergeOpenCounts(List.of(count(CRN, 0, 2), count(CRN, 1, 3)));
    Instant end = T0.plusSeconds(90);
    assertThat(outbox.endInstance(CRN, end, counts -> counts.get(0).windowStart().isBefore(end)
        ? endingAt(end).apply(counts) : null)).isOne();
    assertThat(outbox.openCounts()).isEmpty();
    assertThat(outbox.depth()).isOne();
  }

  @Test
  void anEndWhoseBuilderThrowsAppliesNothing() {
    outbox.mergeOpenCounts(List.of(count(CRN, 0, 2)));
    assertThatThrownBy(() -> outbox.endInstance(CRN, T0, counts -> {
      throw new IllegalStateException("cannot build");
    })).hasMessageContaining("cannot build");
    assertThat(outbox.endedAt(CRN)).isEmpty();
    assertThat(outbox.openCounts()).hasSize(1);
    assertThat(outbox.depth()).isZero();
  }

  @Test
  void anOlderVersionsCountSpanningTheEndIsClosedIntoARecordEndingAtTheEnd() {
    // before: the close made a record ending at the window's end, after the deprovision (400)
    Instant end = T0.plusSeconds(90);
    outbox.endInstance(CRN, end, asTheMeterDoes());
    mergeAsAnOlderVersion(count(CRN, 0, 4));
    assertThat(outbox.closeWindows(T0.plus(Duration.ofHours(1)), asTheMeterDoes())).isOne();
    assertThat(outbox.claim("me", 10, T0.plus(Duration.ofDays(1)), Duration.ofMinutes(1)))
        .singleElement().satisfies(c -> {
          assertThat(c.record().start()).isEqualTo(T0);
          assertThat(c.record().end()).isEqualTo(end);
          assertThat(c.record().quantity("API_CALL")).isEqualTo(4.0);
        });
    assertThat(outbox.openCounts()).isEmpty();
  }

  @Test
  void anOlderVersionsCountOfAWindowStartingAtOrAfterTheEndIsDroppedAtTheClose() {
    Instant end = T0.plus(Duration.ofHours(1));
    outbox.endInstance(CRN, end, asTheMeterDoes());
    mergeAsAnOlderVersion(count(CRN, 1, 4)); // starts at the end
    mergeAsAnOlderVersion(count(CRN, 2, 5)); // starts after it
    mergeAsAnOlderVersion(count(OTHER, 1, 1));
    assertThat(outbox.closeWindows(T0.plus(Duration.ofHours(3)), asTheMeterDoes())).isOne();
    assertThat(outbox.claim("me", 10, T0.plus(Duration.ofDays(1)), Duration.ofMinutes(1)))
        .singleElement().satisfies(c ->
            assertThat(c.record().resourceInstanceId()).isEqualTo(OTHER));
    assertThat(outbox.openCounts()).isEmpty();
    assertThat(outbox.droppedLateCounts()).isEqualTo(2);
  }

  /** The record of the first hour's window, stored as a report of it would be. */
  private static UsageRecord firstHour(double calls) {
    return UsageRecord.builder(CRN, "metered").window(T0, T0.plus(Duration.ofHours(1)))
        .measure("API_CALL", calls).build();
  }

  @Test
  void anEndsRecordWhoseKeyIsPendingUnsentIsAddedIntoIt() {
    // before: the end's record was appended, found its key taken and was skipped: 4 calls lost
    assertThat(outbox.append(List.of(firstHour(3)))).isOne();
    outbox.mergeOpenCounts(List.of(count(CRN, 0, 4)));
    Instant end = T0.plus(Duration.ofHours(1));
    assertThat(outbox.endInstance(CRN, end, endingAt(end))).isZero();
    assertThat(outbox.claim("me", 10, T0.plus(Duration.ofDays(1)), Duration.ofMinutes(1)))
        .singleElement().satisfies(c -> {
          assertThat(c.key()).isEqualTo(firstHour(3).key());
          assertThat(c.record().quantity("API_CALL")).isEqualTo(7.0);
        });
  }

  @Test
  void anEndWhoseRecordCannotTakeAWindowsCountsAppliesNothing() {
    // before (in memory): the end was recorded, the counts deleted and the first window's
    // record stored before the second window's overflowed the record stored under its key
    // (a sum past Double.MAX_VALUE): half an end, and the second window's counts lost
    UsageRecord stored = UsageRecord.builder(CRN, "metered")
        .window(T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(2)))
        .measure("API_CALL", Double.MAX_VALUE).build();
    assertThat(outbox.append(List.of(stored))).isOne();
    outbox.mergeOpenCounts(List.of(count(CRN, 0, 2), count(CRN, 1, Double.MAX_VALUE)));
    assertThatThrownBy(() -> outbox.endInstance(CRN, T0.plus(Duration.ofHours(2)),
        asTheMeterDoes())).isInstanceOf(IllegalStateException.class);
    assertThat(outbox.endedAt(CRN)).isEmpty();
    assertThat(outbox.openCounts()).containsExactlyInAnyOrder(count(CRN, 0, 2),
        count(CRN, 1, Double.MAX_VALUE));
    assertThat(outbox.claim("me", 10, T0.plus(Duration.ofDays(1)), Duration.ofMinutes(1)))
        .singleElement().satisfies(c -> assertThat(c.record()).isEqualTo(stored));
  }

  @Test
  void anEndThatCannotAddUpAWindowSaysSoAndEndsOnceItsUnsentRecordWasSent() {
    // the end fails as a whole (the deprovision is repeated): ended without that window, its
    // counts would stay open past the end. It must say so as the meter's callers expect a state
    // they can wait out (before: InvalidUsageRecordException, an IllegalArgumentException)
    Instant end = T0.plus(Duration.ofMinutes(30));
    UsageRecord unsent = UsageRecord.builder(CRN, "metered").window(T0, end)
        .measure("API_CALL", Double.MAX_VALUE).build();
    assertThat(outbox.append(List.of(unsent))).isOne();
    outbox.mergeOpenCounts(List.of(count(CRN, 0, Double.MAX_VALUE)));
    assertThatThrownBy(() -> outbox.changePlan(CRN, "metered", "metered-large", end,
        endingAt(end))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("did not end");
    assertThatThrownBy(() -> outbox.endInstance(CRN, end, endingAt(end)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("did not end");
    assertThat(outbox.endedAt(CRN, "metered")).isEmpty();

    assertThat(outbox.claim("me", 10, T0.plus(Duration.ofDays(1)), Duration.ofMinutes(1)))
        .hasSize(1); // the sender has it: IBM may hold its key
    assertThat(outbox.endInstance(CRN, end, endingAt(end))).isOne();
    assertThat(outbox.endedAt(CRN)).contains(end);
    assertThat(outbox.openCounts()).isEmpty();
    assertThat(outbox.claim("me", 10, T0.plus(Duration.ofDays(1)), Duration.ofMinutes(1)))
        .singleElement().satisfies(c -> {
          assertThat(c.record().consumerId()).isEqualTo("late-1");
          assertThat(c.record().quantity("API_CALL")).isEqualTo(Double.MAX_VALUE);
        });
  }

  @Test
  void anEndsRecordWhoseKeyWasDeliveredGetsALateKey() {
    Instant later = T0.plus(Duration.ofDays(1));
    assertThat(outbox.append(List.of(firstHour(3)))).isOne();
    assertThat(outbox.claim("me", 10, later, Duration.ofMinutes(1))).hasSize(1);
    assertThat(outbox.markDelivered("me", List.of(firstHour(3).key()))).isOne();
    outbox.mergeOpenCounts(List.of(count(CRN, 0, 4)));
    Instant end = T0.plus(Duration.ofHours(1));
    assertThat(outbox.endInstance(CRN, end, endingAt(end))).isOne();
    assertThat(outbox.claim("me", 10, later, Duration.ofMinutes(1)))
        .singleElement().satisfies(c -> {
          assertThat(c.record().consumerId()).isEqualTo("late-1");
          assertThat(c.record().quantity("API_CALL")).isEqualTo(4.0);
        });
  }

  /** The plan an instance moves to in the plan-end tests. */
  private static final String LARGE = "metered-large";

  private static MeterCount onLarge(String instance, int hours, double value) {
    Instant start = T0.plus(Duration.ofHours(hours));
    return new MeterCount(instance, LARGE, "API_CALL", Aggregation.SUM, start,
        start.plus(Duration.ofHours(1)), value);
  }

  /** Builds a record of a window's counts on their own plan, ending at {@code end}. */
  private static Function<List<MeterCount>, UsageRecord> onItsPlanEndingAt(Instant end) {
    return counts -> UsageRecord.builder(counts.get(0).resourceInstanceId(),
            counts.get(0).planId()).window(counts.get(0).windowStart(), end)
        .measure("API_CALL", counts.stream().mapToDouble(MeterCount::value).sum()).build();
  }

  @Test
  void endingOnePlanOfAnInstanceClosesOnlyThatPlansWindowsAndRefusesOnlyItsCounts() {
    outbox.mergeOpenCounts(List.of(count(CRN, 0, 2), onLarge(CRN, 0, 3)));
    Instant change = T0.plusSeconds(90);
    assertThat(outbox.endPlan(CRN, "metered", change, onItsPlanEndingAt(change))).isOne();
    assertThat(outbox.claim("me", 10, T0.plus(Duration.ofDays(1)), Duration.ofMinutes(1)))
        .singleElement().satisfies(c -> {
          assertThat(c.record().planId()).isEqualTo("metered");
          assertThat(c.record().end()).isEqualTo(change);
          assertThat(c.record().quantity("API_CALL")).isEqualTo(2.0);
        });
    MeterCount late = count(CRN, 0, 4);
    MeterCount large = onLarge(CRN, 0, 5);
    assertThat(outbox.mergeOpenCounts(List.of(late, large))).containsExactly(late);
    assertThat(outbox.openCounts()).singleElement().satisfies(c -> {
      assertThat(c.planId()).isEqualTo(LARGE);
      assertThat(c.value()).isEqualTo(8.0);
    });
    assertThat(outbox.endedAt(CRN, "metered")).contains(change);
    assertThat(outbox.endedAt(CRN, LARGE)).isEmpty();
    assertThat(outbox.endedAt(CRN)).isEmpty();
  }

  @Test
  void aPlanEndKeepsItsFirstEndAndAnInstanceEndEndsEveryPlan() {
    Instant change = T0.plusSeconds(90);
    outbox.endPlan(CRN, "metered", change, onItsPlanEndingAt(change));
    assertThat(outbox.endPlan(CRN, "metered", change.plusSeconds(60),
        onItsPlanEndingAt(change.plusSeconds(60)))).isZero();
    assertThat(outbox.endedAt(CRN, "metered")).contains(change);
    Instant end = T0.plusSeconds(600);
    outbox.endInstance(CRN, end, onItsPlanEndingAt(end));
    assertThat(outbox.endedAt(CRN, "metered")).contains(change); // the earlier end
    assertThat(outbox.endedAt(CRN, LARGE)).contains(end);
    MeterCount large = onLarge(CRN, 0, 5);
    assertThat(outbox.mergeOpenCounts(List.of(large))).containsExactly(large);
  }

  @Test
  void aPlanChangeBackToAPlanTheInstanceLeftEarlierStoresItsCountsOfThatPlanAgain() {
    outbox.mergeOpenCounts(List.of(count(CRN, 0, 2)));
    Instant away = T0.plusSeconds(90);
    assertThat(outbox.changePlan(CRN, "metered", LARGE, away, onItsPlanEndingAt(away))).isOne();
    assertThat(outbox.endedAt(CRN, "metered")).contains(away);
    outbox.mergeOpenCounts(List.of(onLarge(CRN, 0, 3)));
    Instant back = T0.plusSeconds(600);
    assertThat(outbox.changePlan(CRN, LARGE, "metered", back, onItsPlanEndingAt(back))).isOne();
    assertThat(outbox.endedAt(CRN, "metered")).isEmpty();
    assertThat(outbox.endedAt(CRN, LARGE)).contains(back);
    MeterCount again = count(CRN, 1, 4);
    MeterCount large = onLarge(CRN, 1, 5);
    assertThat(outbox.mergeOpenCounts(List.of(again, large))).containsExactly(large);
    assertThat(outbox.openCounts()).singleElement().satisfies(c -> {
      assertThat(c.planId()).isEqualTo("metered");
      assertThat(c.value()).isEqualTo(4.0);
    });
  }

  @Test
  void aPlanChangeKeepsTheInstancesEndOnEveryPlan() {
    Instant end = T0.plusSeconds(90);
    outbox.endInstance(CRN, end, onItsPlanEndingAt(end));
    Instant change = T0.plusSeconds(600);
    outbox.changePlan(CRN, LARGE, "metered", change, onItsPlanEndingAt(change));
    assertThat(outbox.endedAt(CRN, "metered")).contains(end);
    MeterCount late = count(CRN, 1, 4);
    assertThat(outbox.mergeOpenCounts(List.of(late))).containsExactly(late);
  }

  @Test
  void anOlderVersionsCountOfAnEndedPlanIsClosedAtThePlansEndWhileItsNewPlanIsNot() {
    Instant change = T0.plus(Duration.ofMinutes(20));
    outbox.endPlan(CRN, "metered", change, onItsPlanEndingAt(change));
    mergeAsAnOlderVersion(count(CRN, 1, 4)); // starts after the plan's end: dropped
    mergeAsAnOlderVersion(onLarge(CRN, 1, 5));
    Instant cutoff = T0.plus(Duration.ofHours(2));
    assertThat(outbox.closeWindows(cutoff, onItsPlanEndingAt(cutoff))).isOne();
    assertThat(outbox.claim("me", 10, T0.plus(Duration.ofDays(1)), Duration.ofMinutes(1)))
        .singleElement().satisfies(c -> {
          assertThat(c.record().planId()).isEqualTo(LARGE);
          assertThat(c.record().quantity("API_CALL")).isEqualTo(5.0);
        });
    assertThat(outbox.droppedLateCounts()).isEqualTo(1);
  }
}
