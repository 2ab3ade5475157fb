package io.github.osbsdk.broker.iam.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExpiringCacheTest {
  @Test
  void valueIsReturnedUntilItsLastValidInstant() {
    ExpiringCache<String> cache = new ExpiringCache<>(10);
    cache.put("k", "v", 1_000, 0, 0);

    assertThat(cache.get("k", 999, 0)).isEqualTo("v");
    assertThat(cache.get("k", 1_000, 0)).isNull();
  }

  @Test
  void expiredEntryIsDroppedWhenRead() {
    ExpiringCache<String> cache = new ExpiringCache<>(10);
    cache.put("k", "v", 1_000, 0, 0);

    cache.get("k", 5_000, 0);

    assertThat(cache.size()).isZero();
  }

  @Test
  void valueWithoutLifetimeIsNotKept() {
    ExpiringCache<String> cache = new ExpiringCache<>(10);
    cache.put("zero", "v", 0, 500, 0);
    cache.put("negative", "v", -100, 500, 0);

    assertThat(cache.size()).isZero();
  }

  @Test
  void zeroBoundKeepsNothing() {
    ExpiringCache<String> cache = new ExpiringCache<>(0);
    cache.put("k", "v", Long.MAX_VALUE, 0, 0);

    assertThat(cache.get("k", 1, 0)).isNull();
    assertThat(cache.size()).isZero();
  }

  @Test
  void negativeBoundIsRefused() {
    assertThatThrownBy(() -> new ExpiringCache<String>(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fullCacheDropsExpiredEntriesBeforeLiveOnes() {
    ExpiringCache<String> cache = new ExpiringCache<>(10);
    for (int i = 0; i < 5; i++) {
      cache.put("old" + i, "v", 100, 0, 0);
    }
    for (int i = 0; i < 5; i++) {
      cache.put("live" + i, "v", 10_000, 0, 0);
    }

    cache.put("new", "v", 10_000, 200, 0);

    assertThat(cache.size()).isEqualTo(6);
    for (int i = 0; i < 5; i++) {
      assertThat(cache.get("live" + i, 200, 0)).isEqualTo("v");
    }
    assertThat(cache.get("new", 200, 0)).isEqualTo("v");
  }

  @Test
  void neverGrowsBeyondItsBound() {
    ExpiringCache<Integer> cache = new ExpiringCache<>(100);
    for (int i = 0; i < 10_000; i++) {
      cache.put("k" + i, i, Long.MAX_VALUE, 0, 0);
      assertThat(cache.size()).isLessThanOrEqualTo(100);
    }
    assertThat(cache.get("k9999", 0, 0)).isEqualTo(9999);
  }

  @Test
  void clearForgetsEverything() {
    ExpiringCache<String> cache = new ExpiringCache<>(10);
    cache.put("k", "v", 1_000, 0, 0);

    cache.clear();

    assertThat(cache.get("k", 0, 0)).isNull();
  }

  @Test
  void lifetimeInNanosSaturatesInsteadOfOverflowing() {
    assertThat(ExpiringCache.nanos(Duration.ofSeconds(2))).isEqualTo(2_000_000_000L);
    assertThat(ExpiringCache.nanos(Duration.ofDays(365L * 1_000))).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void ageIsADifferenceOfReadingsSoAWrappingClockKeepsTheValueForItsLifetime() {
    ExpiringCache<String> cache = new ExpiringCache<>(10);
    long storedAt = Long.MAX_VALUE - 500; // System.nanoTime may start anywhere and wrap
    cache.put("k", "v", 1_000, storedAt, 0);

    assertThat(cache.get("k", storedAt + 999, 0)).isEqualTo("v"); // wrapped past Long.MIN_VALUE
    assertThat(cache.get("k", storedAt + 1_000, 0)).isNull();
  }

  @Test
  void readingBeforeTheValueWasStoredCountsAsExpired() {
    ExpiringCache<String> cache = new ExpiringCache<>(10);
    cache.put("k", "v", 1_000, 5_000, 0);

    assertThat(cache.get("k", 4_999, 0)).isNull();
  }

  @Test
  void aSuspendEndsAnEntryAtItsWallClockEndThoughTheMonotonicClockStoodStill() {
    ExpiringCache<String> cache = new ExpiringCache<>(10);
    cache.put("k", "v", 2_000_000_000L, 0, 10_000); // two seconds

    assertThat(cache.get("k", 1, 11_999)).isEqualTo("v");
    assertThat(cache.get("k", 1, 12_000)).isNull(); // nanoTime barely moved: suspended
  }

  @Test
  void aWallClockStepBackLeavesTheMonotonicEndToDecide() {
    ExpiringCache<String> cache = new ExpiringCache<>(10);
    cache.put("k", "v", 2_000_000_000L, 0, 10_000);

    assertThat(cache.get("k", 1_999_999_999L, -3_600_000)).isEqualTo("v");
    assertThat(cache.get("k", 2_000_000_000L, -3_600_000)).isNull();
  }
}
