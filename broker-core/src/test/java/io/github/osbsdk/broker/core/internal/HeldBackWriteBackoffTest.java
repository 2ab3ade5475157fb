package io.github.osbsdk.broker.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The writes an outage held back (an operation's end or undo) are tried again soon, and never
 * further apart than a retry on another replica waits for them ({@code repeatWait}, 3 s by
 * default): once the store is back, the owner writes the end before such a retry gives up with
 * 422 ConcurrencyError.
 */
class HeldBackWriteBackoffTest {
  @Test
  void heldBackWritesDoubleFromAQuarterSecondUpToTwoSecondsWithTheDefaultLease() {
    Duration lease = Duration.ofSeconds(30);
    assertThat(PendingFinishes.delay(lease, 0)).isEqualTo(250);
    assertThat(PendingFinishes.delay(lease, 1)).isEqualTo(500);
    assertThat(PendingFinishes.delay(lease, 2)).isEqualTo(1000);
    assertThat(PendingFinishes.delay(lease, 3)).isEqualTo(2000);
    assertThat(PendingFinishes.delay(lease, 4)).isEqualTo(2000);
    assertThat(PendingFinishes.delay(lease, 40)).isEqualTo(2000);
  }

  @Test
  void aShortLeaseKeepsHeldBackWritesWithinASixthOfIt() {
    Duration lease = Duration.ofSeconds(3);
    assertThat(PendingFinishes.delay(lease, 0)).isEqualTo(250);
    assertThat(PendingFinishes.delay(lease, 5)).isEqualTo(500);
  }

  @Test
  void aLongLeaseStillWritesHeldBackEndsEveryTwoSecondsAtMost() {
    assertThat(PendingFinishes.delay(Duration.ofMinutes(10), 10)).isEqualTo(2000);
  }
}
