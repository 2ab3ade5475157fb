package io.github.osbsdk.broker.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The writes an outage held back (an operation's end or undo) are tried again soon, and never
 * further apart than a retry on another replica waits for them ({@code repeatWait}, 3 s by
 * default): once the store is back, the owner writes the end before such a retry gives up with
 * 422 ConcurrencyError.
 */
class HeldBackWriteBackoffTest {
  private static OperationMaintenance maintenance(Duration lease) {
    return new OperationMaintenance(new InMemoryBrokerStore(), "replica-a", lease,
        Duration.ofDays(1), Instant::now, op -> { }, () -> { }, () -> 0, () -> { }, () -> { });
  }

  @Test
  void heldBackWritesDoubleFromAQuarterSecondUpToTwoSecondsWithTheDefaultLease() {
    try (OperationMaintenance m = maintenance(Duration.ofSeconds(30))) {
      assertThat(m.soonDelay(0)).isEqualTo(250);
      assertThat(m.soonDelay(1)).isEqualTo(500);
      assertThat(m.soonDelay(2)).isEqualTo(1000);
      assertThat(m.soonDelay(3)).isEqualTo(2000);
      assertThat(m.soonDelay(4)).isEqualTo(2000);
      assertThat(m.soonDelay(40)).isEqualTo(2000);
    }
  }

  @Test
  void aShortLeaseKeepsHeldBackWritesWithinASixthOfIt() {
    try (OperationMaintenance m = maintenance(Duration.ofSeconds(3))) {
      assertThat(m.soonDelay(0)).isEqualTo(250);
      assertThat(m.soonDelay(5)).isEqualTo(500);
    }
  }

  @Test
  void aLongLeaseStillWritesHeldBackEndsEveryTwoSecondsAtMost() {
    try (OperationMaintenance m = maintenance(Duration.ofMinutes(10))) {
      assertThat(m.soonDelay(10)).isEqualTo(2000);
    }
  }
}
