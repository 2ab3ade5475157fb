package io.github.osbsdk.broker.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * How long a resumable step that found something unavailable waits before it runs again
 * ({@link DelayedTasks#delayMillis}): the backoff, or longer when the step's
 * {@code retryAfter} asks for it, at most an hour for that and never past the deadline.
 */
class StepRetryDelayTest {
  private static final Duration LEASE = Duration.ofSeconds(6); // backoff: 1 s, doubled

  @Test
  void withoutRetryAfterTheBackoffDoubles() {
    assertThat(DelayedTasks.delayMillis(LEASE, 0, null, null)).isEqualTo(1_000);
    assertThat(DelayedTasks.delayMillis(LEASE, 3, null, null)).isEqualTo(8_000);
  }

  @Test
  void aRetryAfterLongerThanTheBackoffIsWaited() {
    assertThat(DelayedTasks.delayMillis(LEASE, 0, null, Duration.ofSeconds(30)))
        .isEqualTo(30_000);
    assertThat(DelayedTasks.delayMillis(LEASE, 0, Duration.ofDays(7),
        Duration.ofMinutes(20))).as("longer than the backoff's 5 minutes").isEqualTo(1_200_000);
  }

  @Test
  void aRetryAfterShorterThanTheBackoffKeepsTheBackoff() {
    assertThat(DelayedTasks.delayMillis(LEASE, 3, null, Duration.ofMillis(100)))
        .isEqualTo(8_000);
  }

  @Test
  void aRetryAfterOfAFractionOfAMillisecondIsRoundedUp() {
    assertThat(DelayedTasks.delayMillis(LEASE, 0, null,
        Duration.ofMillis(1_500).plusNanos(1))).isEqualTo(1_501);
  }

  @Test
  void aRetryAfterIsWaitedAtMostAnHour() {
    assertThat(DelayedTasks.delayMillis(LEASE, 0, null, Duration.ofDays(3)))
        .isEqualTo(3_600_000);
    assertThat(DelayedTasks.delayMillis(LEASE, 0, null,
        Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(3_600_000);
  }

  @Test
  void aRetryAfterNeverWaitsPastTheDeadline() {
    assertThat(DelayedTasks.delayMillis(LEASE, 0, Duration.ofSeconds(10),
        Duration.ofMinutes(30))).isEqualTo(10_000);
    assertThat(DelayedTasks.delayMillis(LEASE, 0, Duration.ofMillis(1),
        Duration.ofMinutes(30))).as("at least the shortest wait").isEqualTo(5);
  }
}
