package io.github.osbsdk.broker.iam.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplayGuardTest {
  private static final long MINUTE = 60_000;

  @Test
  void aValueIsAcceptedOnceUntilItExpires() {
    ReplayGuard guard = new ReplayGuard(MINUTE, 10);
    long now = 1_000_000 * MINUTE;
    assertThat(guard.wasUsed("a", now + 5 * MINUTE)).isFalse();
    assertThat(guard.firstUse("a", now + 5 * MINUTE, now)).isTrue();
    assertThat(guard.wasUsed("a", now + 5 * MINUTE)).isTrue();
    assertThat(guard.firstUse("a", now + 5 * MINUTE, now + MINUTE)).isFalse();
    assertThat(guard.firstUse("b", now + 5 * MINUTE, now)).isTrue();
  }

  @Test
  void expiredValuesAreNotRecorded() {
    ReplayGuard guard = new ReplayGuard(MINUTE, 10);
    assertThat(guard.firstUse("a", 1000, 1000)).isFalse();
    assertThat(guard.sliceCount()).isZero();
  }

  @Test
  void passedSlicesAreDroppedWhole() {
    ReplayGuard guard = new ReplayGuard(MINUTE, 100_000);
    long now = 1_000_000 * MINUTE;
    for (int i = 0; i < 100_000; i++) { // values spread over ten minutes of expiry
      assertThat(guard.firstUse("v" + i, now + 1 + (i % 10) * MINUTE, now)).isTrue();
    }
    assertThat(guard.sliceCount()).isEqualTo(10);
    guard.firstUse("late", now + 20 * MINUTE, now + 11 * MINUTE);
    assertThat(guard.sliceCount()).isEqualTo(1);
    assertThat(guard.wasUsed("v0", now + 1)).isFalse();
  }

  @Test
  void aFullSliceRefusesMoreButOtherSlicesStillAccept() {
    ReplayGuard guard = new ReplayGuard(MINUTE, 3);
    long now = 1_000_000 * MINUTE;
    for (int i = 0; i < 3; i++) {
      assertThat(guard.firstUse("v" + i, now + MINUTE, now)).isTrue();
    }
    assertThat(guard.firstUse("v3", now + MINUTE, now)).isFalse(); // fail closed
    assertThat(guard.firstUse("w", now + 3 * MINUTE, now)).isTrue();
  }

  @Test
  void recordingTellsAReplayFromAFullSlice() {
    ReplayGuard guard = new ReplayGuard(MINUTE, 1);
    long now = 1_000_000 * MINUTE;
    assertThat(guard.isFull(now + MINUTE)).isFalse();
    assertThat(guard.record("a", now + MINUTE, now)).isEqualTo(ReplayGuard.Use.FIRST);
    assertThat(guard.isFull(now + MINUTE)).isTrue();
    assertThat(guard.record("a", now + MINUTE, now)).isEqualTo(ReplayGuard.Use.REPLAY);
    assertThat(guard.record("b", now + MINUTE, now)).isEqualTo(ReplayGuard.Use.FULL);
  }
}
