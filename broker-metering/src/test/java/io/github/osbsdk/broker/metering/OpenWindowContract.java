package io.github.osbsdk.broker.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link UsageOutbox} must do with the meter's open windows
 * ({@link UsageOutbox#mergeOpenCounts}, {@link UsageOutbox#closeWindows}), from
 * broker-metering's test-jar like {@link UsageOutboxContract}: an implementation's test extends
 * it and returns a fresh, empty outbox from {@link #newOutbox()}.
 */
public abstract class OpenWindowContract {
  /** An instance CRN naming region us-south. */
  protected static final String CRN = "crn:v1:bluemix:public:hello:us-south:a/acc:inst-1::";
  /** A time well in the past, start of an hour. */
  protected static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private static final Duration LEASE = Duration.ofMinutes(1);

  /** The outbox under test. */
  protected UsageOutbox outbox;

  /**
   * Returns a fresh, empty outbox.
   *
   * @return the outbox
   */
  protected abstract UsageOutbox newOutbox();

  @BeforeEach
  void createOutbox() {
    outbox = newOutbox();
  }

  @AfterEach
  void closeOutbox() throws Exception {
    if (outbox instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }

  /**
   * Builds a record of window {@code [T0 + hour h, T0 + hour h + 1)}.
   *
   * @param hour the window index
   * @param calls the quantity of API_CALL
   * @return the record
   */
  protected static UsageRecord record(int hour, double calls) {
    return UsageRecord.builder(CRN, "plan-1")
        .window(T0.plus(Duration.ofHours(hour)), T0.plus(Duration.ofHours(hour + 1L)))
        .measure("API_CALL", calls).build();
  }

  private static MeterCount count(String measure, Aggregation aggregation, int hour,
      double value) {
    return new MeterCount(CRN, "plan-1", measure, aggregation, T0.plus(Duration.ofHours(hour)),
        T0.plus(Duration.ofHours(hour + 1L)), value);
  }

  @Test
  void openCountsAddUpForSumsAndKeepThePeakForMaxima() {
    outbox.mergeOpenCounts(List.of(count("API_CALL", Aggregation.SUM, 0, 3),
        count("GB", Aggregation.MAX, 0, 7)));
    outbox.mergeOpenCounts(List.of(count("API_CALL", Aggregation.SUM, 0, 4),
        count("GB", Aggregation.MAX, 0, 5)));
    assertThat(outbox.openCounts()).containsExactlyInAnyOrder(
        count("API_CALL", Aggregation.SUM, 0, 7), count("GB", Aggregation.MAX, 0, 7));
  }

  @Test
  void closingWindowsMakesOneRecordPerInstancePlanAndWindowAndDropsTheirCounts() {
    outbox.mergeOpenCounts(List.of(count("API_CALL", Aggregation.SUM, 0, 3),
        count("GB", Aggregation.MAX, 0, 7), count("API_CALL", Aggregation.SUM, 1, 1)));
    List<List<MeterCount>> groups = Collections.synchronizedList(new ArrayList<>());
    int records = outbox.closeWindows(T0.plus(Duration.ofHours(1)), counts -> {
      groups.add(counts);
      UsageRecord.Builder b = UsageRecord.builder(CRN, "plan-1")
          .window(counts.get(0).windowStart(), counts.get(0).windowEnd());
      counts.stream().sorted((x, y) -> x.measure().compareTo(y.measure()))
          .forEach(c -> b.measure(c.measure(), c.value()));
      return b.build();
    });
    assertThat(records).isEqualTo(1);
    assertThat(groups).hasSize(1);
    assertThat(groups.get(0)).hasSize(2);
    assertThat(outbox.openCounts()).containsExactly(count("API_CALL", Aggregation.SUM, 1, 1));
    UsageRecord queued = outbox.claim("a", 10, T0.plus(Duration.ofHours(2)), LEASE).get(0)
        .record();
    assertThat(queued.quantity("API_CALL")).isEqualTo(3);
    assertThat(queued.quantity("GB")).isEqualTo(7);
  }

  @Test
  void closedWindowsBecomeRecordsOldestFirstWithTheirCountsByMeasure() {
    // merged newest window first, other instance first, measures out of order
    String other = "crn:v1:bluemix:public:hello:us-south:a/acc:inst-0::";
    outbox.mergeOpenCounts(List.of(count("GB", Aggregation.MAX, 2, 1),
        count("API_CALL", Aggregation.SUM, 2, 1),
        new MeterCount(other, "plan-1", "API_CALL", Aggregation.SUM,
            T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(2)), 1),
        count("GB", Aggregation.MAX, 1, 1), count("API_CALL", Aggregation.SUM, 1, 1),
        count("API_CALL", Aggregation.SUM, 0, 1)));
    List<List<String>> measures = Collections.synchronizedList(new ArrayList<>());
    outbox.closeWindows(T0.plus(Duration.ofHours(3)), counts -> {
      measures.add(counts.stream().map(MeterCount::measure).toList());
      UsageRecord.Builder b = UsageRecord.builder(counts.get(0).resourceInstanceId(), "plan-1")
          .window(counts.get(0).windowStart(), counts.get(0).windowEnd());
      counts.forEach(c -> b.measure(c.measure(), c.value()));
      return b.build();
    });
    assertThat(measures).allSatisfy(m -> assertThat(m).isSorted());
    List<ClaimedUsage> claimed = outbox.claim("a", 10, T0.plus(Duration.ofHours(4)), LEASE);
    assertThat(claimed).extracting(c -> c.record().start() + " "
        + (c.record().resourceInstanceId().equals(other) ? "inst-0" : "inst-1"))
        .containsExactly("2026-01-01T10:00:00Z inst-1", "2026-01-01T11:00:00Z inst-0",
            "2026-01-01T11:00:00Z inst-1", "2026-01-01T12:00:00Z inst-1");
  }

  @Test
  void countsForAClosedWindowAreRefusedAndNothingIsStored() {
    outbox.closeWindows(T0.plus(Duration.ofHours(1)), counts -> {
      throw new AssertionError("nothing to close");
    });
    MeterCount late = count("API_CALL", Aggregation.SUM, 0, 2);
    MeterCount current = count("API_CALL", Aggregation.SUM, 1, 2);
    assertThat(outbox.mergeOpenCounts(List.of(late, current))).containsExactly(late);
    assertThat(outbox.openCounts()).containsExactly(current);
  }

  @Test
  void aMergeThatFailsPartWayAppliesNothing() {
    MeterCount huge = count("GB", Aggregation.SUM, 0, Double.MAX_VALUE);
    outbox.mergeOpenCounts(List.of(count("API_CALL", Aggregation.SUM, 0, 1), huge));
    // the second sum would not be finite: the call fails after the first count was added
    assertThatThrownBy(() -> outbox.mergeOpenCounts(
        List.of(count("API_CALL", Aggregation.SUM, 0, 1), huge)))
        .isInstanceOf(RuntimeException.class);
    assertThat(outbox.openCounts()).containsExactlyInAnyOrder(
        count("API_CALL", Aggregation.SUM, 0, 1), huge);
  }

  @Test
  void aCloseWhoseRecordCannotTakeAWindowsCountsLeavesThatWindowOpenAlone() {
    // before (in memory): the counts were deleted, the watermark raised and the first window's
    // record stored before the second window's overflowed the record stored under its key (a
    // sum past Double.MAX_VALUE): the second window's counts were lost. Then the whole close
    // failed, applying nothing: no window of any instance closed, at every tick. Now that
    // window alone stays open, as it was, and the others close
    UsageRecord stored = record(1, Double.MAX_VALUE);
    assertThat(outbox.append(List.of(stored))).isOne();
    MeterCount first = count("API_CALL", Aggregation.SUM, 0, 2);
    MeterCount second = count("API_CALL", Aggregation.SUM, 1, Double.MAX_VALUE);
    outbox.mergeOpenCounts(List.of(first, second));
    assertThat(outbox.closeWindows(T0.plus(Duration.ofHours(2)),
        counts -> record(Duration.between(T0, counts.get(0).windowStart()).toHoursPart(),
            counts.get(0).value()))).as("the first window's record").isOne();
    assertThat(outbox.openCounts()).containsExactly(second);
    assertThat(outbox.mergeOpenCounts(List.of(first))).as("closed: the watermark rose")
        .containsExactly(first);
    assertThat(outbox.claim("a", 10, T0.plus(Duration.ofHours(2)), LEASE))
        .extracting(ClaimedUsage::record).containsExactlyInAnyOrder(stored, record(0, 2));
  }

  @Test
  void aFailingRecordBuilderLeavesTheCountsOpen() {
    outbox.mergeOpenCounts(List.of(count("API_CALL", Aggregation.SUM, 0, 3)));
    assertThat(outbox.closeWindows(T0.plus(Duration.ofHours(1)), counts -> {
      throw new IllegalStateException("boom");
    })).isZero();
    assertThat(outbox.openCounts()).containsExactly(count("API_CALL", Aggregation.SUM, 0, 3));
    assertThat(outbox.depth()).isZero();
    // the window was passed: it takes no more counts (the meter moves them to a later window)
    MeterCount late = count("API_CALL", Aggregation.SUM, 0, 1);
    assertThat(outbox.mergeOpenCounts(List.of(late))).containsExactly(late);
  }

  @Test
  void aWindowTheBuilderCannotTurnIntoARecordStaysOpenAndEveryOtherWindowCloses() {
    // e.g. counts another replica stored for an instance id that is no CRN, with its region,
    // while this replica has none: its window must not stop the billing of every other one
    String plain = "plain-id";
    outbox.mergeOpenCounts(List.of(count("API_CALL", Aggregation.SUM, 0, 3),
        new MeterCount(plain, "plan-1", "API_CALL", Aggregation.SUM, T0,
            T0.plus(Duration.ofHours(1)), 5),
        count("API_CALL", Aggregation.SUM, 1, 4)));
    assertThat(outbox.closeWindows(T0.plus(Duration.ofHours(2)), counts -> {
      MeterCount first = counts.get(0);
      return UsageRecord.builder(first.resourceInstanceId(), first.planId())
          .window(first.windowStart(), first.windowEnd())
          .measure("API_CALL", first.value()).build(); // no region for plain-id: throws
    })).isEqualTo(2);
    assertThat(outbox.openCounts()).extracting(MeterCount::resourceInstanceId)
        .containsExactly(plain);
    assertThat(outbox.claim("a", 10, T0.plus(Duration.ofHours(2)), LEASE))
        .extracting(c -> c.record().quantity("API_CALL")).containsExactly(3.0, 4.0);

    // a replica that can build it closes it later, with everything counted in it
    assertThat(outbox.closeWindows(T0.plus(Duration.ofHours(2)), counts ->
        UsageRecord.builder(plain, "plan-1").region("us-south").window(T0,
            T0.plus(Duration.ofHours(1))).measure("API_CALL", counts.get(0).value()).build()))
        .isEqualTo(1);
    assertThat(outbox.openCounts()).isEmpty();
    assertThat(outbox.claim("b", 10, T0.plus(Duration.ofHours(2)), LEASE)).singleElement()
        .satisfies(c -> assertThat(c.record().quantity("API_CALL")).isEqualTo(5.0));
  }
}
