package io.github.osbsdk.broker.api.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.api.internal.LogLimiterTest.MovableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class KeyedLogLimiterTest {
  final MovableClock clock = new MovableClock(LogLimiterTest.START);

  @Test
  void eachKeyLogsItsFirstEventAtOnceWhileAnotherKeyIsHeldBack() {
    KeyedLogLimiter<String> limiters = new KeyedLogLimiter<>(Duration.ofMinutes(1), clock);
    assertThat(limiters.of("a").tryLog().logs()).isTrue();
    assertThat(limiters.of("a").tryLog().logs()).isFalse();
    assertThat(limiters.of("b").tryLog().logs()).isTrue();
  }

  @Test
  void withoutABoundEveryKeyKeepsALimiterOfItsOwn() {
    KeyedLogLimiter<Integer> limiters = new KeyedLogLimiter<>(Duration.ofMinutes(1), clock);
    for (int i = 0; i < 1000; i++) {
      assertThat(limiters.of(i).tryLog().logs()).as("key %d", i).isTrue();
    }
    assertThat(limiters.keys()).isEqualTo(1000);
  }

  @Test
  void keysPastTheBoundShareOneOverflowLimiter() {
    KeyedLogLimiter<String> limiters = new KeyedLogLimiter<>(Duration.ofMinutes(1), clock, 2);
    limiters.of("a").tryLog();
    limiters.of("b").tryLog();
    assertThat(limiters.of("c").tryLog().logs()).isTrue();
    assertThat(limiters.of("d").tryLog().logs()).as("shares c's limiter").isFalse();
    assertThat(limiters.of("d")).isSameAs(limiters.of("c"));
    assertThat(limiters.keys()).isEqualTo(2);
  }

  @Test
  void theOverflowLineAfterTheIntervalCountsTheEventsOfAllKeysPastTheBound() {
    KeyedLogLimiter<String> limiters = new KeyedLogLimiter<>(Duration.ofMinutes(1), clock, 1);
    limiters.of("a").tryLog();
    limiters.of("b").tryLog();
    limiters.of("c").tryLog();
    limiters.of("d").tryLog();
    clock.advance(Duration.ofMinutes(1));
    limiters.of("a").tryLog(); // still in use: keeps its place, so "e" finds the table full
    LogLimiter.Decision line = limiters.of("e").tryLog();
    assertThat(line.logs()).isTrue();
    assertThat(line.suppressed()).isEqualTo(2);
  }

  @Test
  void aKeySeenBeforeTheBoundKeepsItsOwnLimiterAfterIt() {
    KeyedLogLimiter<String> limiters = new KeyedLogLimiter<>(Duration.ofMinutes(1), clock, 1);
    LogLimiter own = limiters.of("a");
    limiters.of("b").tryLog();
    assertThat(limiters.of("a")).isSameAs(own);
    assertThat(limiters.of("a").tryLog().logs()).isTrue();
  }

  /**
   * Keys that come without end (identities from tokens any IBM Cloud account can get) must not
   * keep the first keys' places for good: whoever sent the first keys would leave every later
   * key to the shared overflow limiter, one line a minute for all of them.
   */
  @Test
  void aKeyIdleForAnIntervalGivesItsPlaceToANewKey() {
    KeyedLogLimiter<String> limiters = new KeyedLogLimiter<>(Duration.ofMinutes(1), clock, 2);
    limiters.of("a").tryLog();
    limiters.of("b").tryLog();
    clock.advance(Duration.ofMinutes(1));

    assertThat(limiters.of("c").tryLog().logs()).isTrue();
    assertThat(limiters.of("d").tryLog().logs()).as("a limiter of its own, not c's").isTrue();
    assertThat(limiters.of("d")).isNotSameAs(limiters.of("c"));
    assertThat(limiters.keys()).isEqualTo(2);
  }

  @Test
  void aKeyUsedWithinTheIntervalKeepsItsLimiterWhileIdleKeysGiveUpTheirs() {
    KeyedLogLimiter<String> limiters = new KeyedLogLimiter<>(Duration.ofMinutes(1), clock, 2);
    LogLimiter a = limiters.of("a");
    a.tryLog();
    limiters.of("b").tryLog();
    clock.advance(Duration.ofSeconds(30));
    assertThat(limiters.of("a").tryLog().logs()).isFalse();
    clock.advance(Duration.ofSeconds(30));

    assertThat(limiters.of("c").tryLog().logs()).as("takes b's place").isTrue();
    assertThat(limiters.of("a")).isSameAs(a);
    LogLimiter.Decision line = limiters.of("a").tryLog();
    assertThat(line.logs()).isTrue();
    assertThat(line.suppressed()).as("a's count kept").isEqualTo(1);
  }

  @Test
  void aClockGoneBackFreesThePlacesOfTheKeysItWasAhead() {
    KeyedLogLimiter<String> limiters = new KeyedLogLimiter<>(Duration.ofMinutes(1), clock, 1);
    limiters.of("a").tryLog();
    clock.set(LogLimiterTest.START.minus(Duration.ofHours(1)));

    LogLimiter b = limiters.of("b");
    assertThat(limiters.of("c")).as("b took a's place; c shares the overflow").isNotSameAs(b);
    assertThat(limiters.of("b")).isSameAs(b);
    assertThat(limiters.keys()).isEqualTo(1);
  }

  @Test
  void resetLetsTheNextEventOfEveryKeyAndOfTheOverflowThrough() {
    KeyedLogLimiter<String> limiters = new KeyedLogLimiter<>(Duration.ofMinutes(1), clock, 1);
    limiters.of("a").tryLog();
    limiters.of("b").tryLog();
    limiters.of("a").tryLog();
    limiters.reset();
    LogLimiter.Decision a = limiters.of("a").tryLog();
    assertThat(a.logs()).isTrue();
    assertThat(a.suppressed()).as("held back before the reset").isEqualTo(1);
    assertThat(limiters.of("b").tryLog().logs()).isTrue();
  }

  @Test
  void threadsRacingForNewKeysAddAtMostOneKeyEachPastTheBound() throws Exception {
    int bound = 16;
    int threads = 4;
    KeyedLogLimiter<String> limiters = new KeyedLogLimiter<>(Duration.ofMinutes(1), clock,
        bound);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String prefix = "thread " + t + " key ";
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < 2000; i++) {
            limiters.of(prefix + i).tryLog();
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(limiters.keys()).isBetween(bound, bound + threads - 1);
  }

  @Test
  void refusesABoundThatKeepsNoKey() {
    assertThatThrownBy(() -> new KeyedLogLimiter<>(Duration.ofMinutes(1), clock, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
