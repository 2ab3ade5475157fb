package io.github.osbsdk.broker.metering;

import static io.github.osbsdk.broker.metering.HeldCountContract.CRN;
import static io.github.osbsdk.broker.metering.HeldCountContract.HUGE;
import static io.github.osbsdk.broker.metering.HeldCountContract.OTHER;
import static io.github.osbsdk.broker.metering.HeldCountContract.T0;
import static io.github.osbsdk.broker.metering.HeldCountContract.count;
import static io.github.osbsdk.broker.metering.HeldCountContract.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A count whose sum with what its window already holds passes the largest double (a sum no
 * record can bill) never blocks, loses or doubles another count: at a hold
 * ({@link UsageOutbox#holdCounts}) and at a window close ({@link UsageOutbox#closeWindows})
 * (from broker-metering's test-jar, like {@link HeldCountContract}): an implementation's test
 * extends it and returns a fresh, empty outbox from {@link #newOutbox()}.
 *
 * <p>Found in review: such a count failed the whole hold (every count of it stayed in the
 * meter's memory) and the whole close (no window of any instance closed, at every tick).
 */
public abstract class UnbillableSumContract {
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

  private int closeThrough(int hours) {
    return outbox.closeWindows(T0.plus(Duration.ofHours(hours)), records());
  }

  private List<UsageRecord> claimAll() {
    return outbox.claim("me", 100, Instant.now().plus(Duration.ofDays(1)),
        Duration.ofMinutes(1)).stream().map(ClaimedUsage::record).toList();
  }

  @Test
  void aWindowWhoseSumWithItsUnsentRecordIsNotFiniteStaysOpenAloneTheOthersClose() {
    UsageRecord unsent = records().apply(List.of(count(CRN, 0, HUGE)));
    outbox.append(List.of(unsent));
    outbox.mergeOpenCounts(List.of(count(CRN, 0, HUGE), count(OTHER, 0, 2)));

    assertThat(closeThrough(1)).as("the other window's record").isEqualTo(1);

    assertThat(outbox.openCounts()).as("only the window that cannot be added up, as it was")
        .containsExactly(count(CRN, 0, HUGE));
    assertThat(claimAll()).as("the other window billed, the unsent record as it was")
        .containsExactlyInAnyOrder(unsent, records().apply(List.of(count(OTHER, 0, 2))));
    assertThat(outbox.mergeOpenCounts(List.of(count(OTHER, 0, 1))))
        .as("the watermark rose: the closed windows take no more counts")
        .containsExactly(count(OTHER, 0, 1));

    assertThat(closeThrough(1)).as("once the record was sent, a late key bills it").isEqualTo(1);
    assertThat(outbox.openCounts()).isEmpty();
    List<UsageRecord> late = claimAll();
    assertThat(late).hasSize(1);
    assertThat(late.get(0).consumerId()).isEqualTo("late-1");
    assertThat(late.get(0).measuredUsage()).containsExactly(new Measure("API_CALL", HUGE));
  }

  @Test
  void aWindowLeftOpenForItsSumIsCountedUntilItCloses() {
    // before: not counted anywhere, so the health's unclosedWindows said 0 while it stayed open
    outbox.append(List.of(records().apply(List.of(count(CRN, 0, HUGE)))));
    outbox.mergeOpenCounts(List.of(count(CRN, 0, HUGE), count(OTHER, 0, 2)));
    assertThat(outbox.unsummableWindows()).as("no close yet").isZero();

    closeThrough(1);
    assertThat(outbox.unsummableWindows()).isOne();
    closeThrough(1);
    assertThat(outbox.unsummableWindows()).as("still open at the next close").isOne();

    assertThat(claimAll()).hasSize(2); // the unsent record is sent: a late key takes the window
    closeThrough(1);
    assertThat(outbox.openCounts()).isEmpty();
    assertThat(outbox.unsummableWindows()).as("closed").isZero();
  }

  @Test
  void aCountWhoseSumWithItsHeldCountIsNotFiniteIsNamedAndNothingIsHeld() {
    outbox.holdCounts(List.of(count(CRN, 0, HUGE)));

    assertThatThrownBy(() -> outbox.holdCounts(List.of(count(OTHER, 0, 2), count(CRN, 0, HUGE),
        count(OTHER, 1, 3))))
        .isInstanceOfSatisfying(CountsNotHeldException.class,
            e -> assertThat(e.counts()).containsExactly(count(CRN, 0, HUGE)));
    assertThat(outbox.heldCounts()).as("nothing of the refused call")
        .containsExactly(count(CRN, 0, HUGE));

    outbox.holdCounts(List.of(count(OTHER, 0, 2), count(OTHER, 1, 3))); // the others
    assertThat(outbox.heldCounts()).containsExactlyInAnyOrder(count(CRN, 0, HUGE),
        count(OTHER, 0, 2), count(OTHER, 1, 3));
  }

  @Test
  void countsOfOneHoldWhoseSumIsNotFiniteAreNamedFromTheSecond() {
    assertThatThrownBy(() -> outbox.holdCounts(List.of(count(CRN, 0, HUGE), count(OTHER, 0, 2),
        count(CRN, 0, HUGE))))
        .isInstanceOfSatisfying(CountsNotHeldException.class,
            e -> assertThat(e.counts()).containsExactly(count(CRN, 0, HUGE)));
    assertThat(outbox.heldCounts()).isEmpty();
  }
}
