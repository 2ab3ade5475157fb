package io.github.osbsdk.broker.iam.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.core.testsupport.TestClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class ExchangeLimitTest {
  final TestClock clock = new TestClock(); // stands still unless moved
  /** The monotonic clock the limit ages on, moved with {@link #clock}. */
  final LongSupplier nanos = () -> TimeUnit.MILLISECONDS.toNanos(clock.millis());

  @Test
  void aBurstOfMaxIsTakenThenTheNextWaitsForOneToRefill() {
    ExchangeLimit limit = new ExchangeLimit(3, Duration.ofSeconds(30), nanos);
    for (int i = 0; i < 3; i++) {
      assertThat(limit.tryTake()).as("take %d", i).isZero();
    }
    assertThat(limit.tryTake()).isEqualTo(10_000);
    clock.advance(Duration.ofMillis(9_999));
    assertThat(limit.tryTake()).isEqualTo(1);
    clock.advance(Duration.ofMillis(1));
    assertThat(limit.tryTake()).isZero();
    assertThat(limit.tryTake()).isEqualTo(10_000);
  }

  @Test
  void anExchangeGivenBackCanBeTakenAgain() {
    ExchangeLimit limit = new ExchangeLimit(2, Duration.ofMinutes(1), nanos);
    for (int i = 0; i < 100; i++) {
      assertThat(limit.tryTake()).as("take %d", i).isZero();
      limit.giveBack();
    }
    assertThat(limit.tryTake()).isZero();
    assertThat(limit.tryTake()).isZero();
    assertThat(limit.tryTake()).isPositive();
  }

  @Test
  void aLongQuietSpellRefillsNoMoreThanMax() {
    ExchangeLimit limit = new ExchangeLimit(2, Duration.ofMinutes(1), nanos);
    clock.advance(Duration.ofDays(3));
    assertThat(limit.tryTake()).isZero();
    assertThat(limit.tryTake()).isZero();
    assertThat(limit.tryTake()).isEqualTo(30_000);
  }

  @Test
  void aClockGoneBackPausesNoLongerThanOneRefill() {
    ExchangeLimit limit = new ExchangeLimit(2, Duration.ofMinutes(1), nanos);
    limit.tryTake();
    limit.tryTake();
    clock.advance(Duration.ofHours(-5));
    assertThat(limit.tryTake()).isEqualTo(30_000);
    clock.advance(Duration.ofSeconds(30));
    assertThat(limit.tryTake()).isZero();
  }

  @Test
  void threadsTakingAtOnceTakeExactlyMaxWhileTheClockStandsStill() throws Exception {
    ExchangeLimit limit = new ExchangeLimit(50, Duration.ofMinutes(1), nanos);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Integer>> taken = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        taken.add(pool.submit(() -> {
          go.await();
          int n = 0;
          for (int i = 0; i < 1_000; i++) {
            n += limit.tryTake() == 0 ? 1 : 0;
          }
          return n;
        }));
      }
      go.countDown();
      int total = 0;
      for (Future<Integer> f : taken) {
        total += f.get(30, TimeUnit.SECONDS);
      }
      assertThat(total).isEqualTo(50); // whatever the interleaving: the state is one CAS'd value
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void nonsenseSettingsAreRefused() {
    assertThatThrownBy(() -> new ExchangeLimit(0, Duration.ofMinutes(1), nanos))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ExchangeLimit(1, Duration.ofMillis(-1), nanos))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ExchangeLimit(1, Duration.ofDays(2), nanos))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
