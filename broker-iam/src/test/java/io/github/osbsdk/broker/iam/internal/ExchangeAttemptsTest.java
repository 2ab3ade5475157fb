package io.github.osbsdk.broker.iam.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.iam.internal.ExchangeAttempts.Attempt;
import org.junit.jupiter.api.Test;

class ExchangeAttemptsTest {
  private static final long MINUTE = 60_000;
  private static final long NOW = 1_000_000 * MINUTE;

  @Test
  void aSignInGetsItsAttemptsThenNoMore() {
    ExchangeAttempts attempts = new ExchangeAttempts(MINUTE, 10, 3);
    for (int i = 0; i < 3; i++) {
      assertThat(attempts.tryAttempt("a", NOW + 5 * MINUTE, NOW)).isEqualTo(Attempt.ALLOWED);
    }
    assertThat(attempts.tryAttempt("a", NOW + 5 * MINUTE, NOW)).isEqualTo(Attempt.EXHAUSTED);
    assertThat(attempts.tryAttempt("b", NOW + 5 * MINUTE, NOW)).isEqualTo(Attempt.ALLOWED);
  }

  @Test
  void aFullSliceLetsNewSignInsThroughUncountedButKeepsCounting() {
    ExchangeAttempts attempts = new ExchangeAttempts(MINUTE, 2, 1);
    assertThat(attempts.tryAttempt("a", NOW + MINUTE, NOW)).isEqualTo(Attempt.ALLOWED);
    assertThat(attempts.tryAttempt("b", NOW + MINUTE, NOW)).isEqualTo(Attempt.ALLOWED);
    assertThat(attempts.tryAttempt("c", NOW + MINUTE, NOW)).isEqualTo(Attempt.UNTRACKED);
    assertThat(attempts.tryAttempt("a", NOW + MINUTE, NOW)).isEqualTo(Attempt.EXHAUSTED);
    assertThat(attempts.tryAttempt("d", NOW + 3 * MINUTE, NOW)).isEqualTo(Attempt.ALLOWED);
  }

  @Test
  void passedSlicesAreForgotten() {
    ExchangeAttempts attempts = new ExchangeAttempts(MINUTE, 1, 1);
    assertThat(attempts.tryAttempt("a", NOW + 1, NOW)).isEqualTo(Attempt.ALLOWED);
    assertThat(attempts.tryAttempt("b", NOW + 1, NOW)).isEqualTo(Attempt.UNTRACKED);
    long later = NOW + 2 * MINUTE; // the slice of "a" has passed: its place is free again
    assertThat(attempts.tryAttempt("c", later + 1, later)).isEqualTo(Attempt.ALLOWED);
  }
}
