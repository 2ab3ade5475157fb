package io.github.osbsdk.broker.metering;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The release of held counts ({@link UsageOutbox#holdCounts},
 * {@link UsageOutbox#releaseHeldCounts}) when one held window cannot be stored: it stays held
 * alone, and every other held count is released (from broker-metering's test-jar, like
 * {@link UsageOutboxContract}): an implementation's test extends it and returns a fresh, empty
 * outbox from {@link #newOutbox()}.
 *
 * <p>Found in review: a held count whose sum with its window's open count or unsent record
 * passed the largest double failed the whole release, at every tick, so no held count of any
 * instance was billed.
 */
public abstract class HeldCountContract {
  /** The start of an hour three hours ago: its window has ended on every clock. */
  protected static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.HOURS)
      .minus(Duration.ofHours(3));
  protected static final String CRN = "crn:v1:bluemix:public:hello:us-south:a/acc:inst-1::";
  protected static final String OTHER = "crn:v1:bluemix:public:hello:us-south:a/acc:inst-2::";
  /** Half of the largest double, and a bit more: two of them pass it. */
  protected static final double HUGE = Double.MAX_VALUE / 2 * 1.5;
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
   * Builds a record of a window's counts as the meter does.
   *
   * @return the builder
   */
  protected static Function<List<MeterCount>, UsageRecord> records() {
    return counts -> UsageRecord.builder(counts.get(0).resourceInstanceId(), "metered")
        .window(counts.get(0).windowStart(), counts.get(0).windowEnd())
        .measure("API_CALL", counts.stream().mapToDouble(MeterCount::value).sum()).build();
  }

  /** Closes the windows that ended by {@code T0 + hours}, none open: the watermark moves. */
  protected void closeThrough(int hours) {
    outbox.closeWindows(T0.plus(Duration.ofHours(hours)), records());
  }

  private List<UsageRecord> claimAll() {
    return outbox.claim("me", 100, Instant.now().plus(Duration.ofDays(1)),
        Duration.ofMinutes(1)).stream().map(ClaimedUsage::record).toList();
  }

  @Test
  void aHeldWindowWhoseSumWithItsUnsentRecordPassesTheLargestDoubleStaysHeldAlone() {
    outbox.append(List.of(records().apply(List.of(count(CRN, 0, HUGE))))); // not sent yet
    closeThrough(1);
    outbox.holdCounts(List.of(count(CRN, 0, HUGE), count(OTHER, 0, 2)));

    assertThat(outbox.releaseHeldCounts(records())).isEmpty();

    assertThat(outbox.heldCounts()).as("only the window that cannot be added up")
        .containsExactly(count(CRN, 0, HUGE));
    assertThat(claimAll()).as("the other window billed, the unsent record as it was")
        .containsExactlyInAnyOrder(records().apply(List.of(count(CRN, 0, HUGE))),
            records().apply(List.of(count(OTHER, 0, 2))));
  }

  @Test
  void aHeldCountWhoseSumWithItsOpenWindowPassesTheLargestDoubleStaysHeldAlone() {
    outbox.mergeOpenCounts(List.of(count(CRN, 5, HUGE)));
    outbox.holdCounts(List.of(count(CRN, 5, HUGE), count(OTHER, 5, 2)));

    assertThat(outbox.releaseHeldCounts(records())).isEmpty();

    assertThat(outbox.heldCounts()).containsExactly(count(CRN, 5, HUGE));
    assertThat(outbox.openCounts()).as("the other count, merged into its open window")
        .containsExactlyInAnyOrder(count(CRN, 5, HUGE), count(OTHER, 5, 2));
  }
}
