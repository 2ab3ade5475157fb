package io.github.osbsdk.broker.api.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LogLimiterTest {
  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  final MovableClock clock = new MovableClock(START);
  final LogLimiter limiter = new LogLimiter(Duration.ofMinutes(1), clock);

  @Test
  void theFirstEventIsLetThroughWithNothingSuppressed() {
    LogLimiter.Decision line = limiter.tryLog();
    assertThat(line.logs()).isTrue();
    assertThat(line.suppressed()).isZero();
    assertThat(line.note()).isEmpty();
  }

  @Test
  void eventsWithinTheIntervalAreHeldBackAndCounted() {
    limiter.tryLog();
    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofSeconds(10));
      LogLimiter.Decision d = limiter.tryLog();
      assertThat(d.logs()).as("event %d", i).isFalse();
      assertThat(d.note()).isEmpty();
    }
    assertThat(limiter.suppressed()).isEqualTo(5);
  }

  @Test
  void theNextLineAfterTheIntervalSaysHowManyWereSuppressedAndSinceWhen() {
    limiter.tryLog();
    for (int i = 0; i < 99; i++) {
      clock.advance(Duration.ofMillis(100));
      limiter.tryLog();
    }
    clock.set(START.plus(Duration.ofMinutes(1)));
    LogLimiter.Decision line = limiter.tryLog();
    assertThat(line.logs()).isTrue();
    assertThat(line.suppressed()).isEqualTo(99);
    assertThat(line.since()).isEqualTo(START);
    assertThat(line.note())
        .isEqualTo(" (99 similar suppressed since 2026-01-01T00:00:00Z)");
    assertThat(limiter.suppressed()).isZero();
  }

  @Test
  void theIntervalRunsFromTheLastLineLetThrough() {
    limiter.tryLog();
    clock.advance(Duration.ofSeconds(90));
    assertThat(limiter.tryLog().logs()).isTrue();
    clock.advance(Duration.ofSeconds(59));
    assertThat(limiter.tryLog().logs()).isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(limiter.tryLog().logs()).isTrue();
  }

  @Test
  void aClockGoneBackLetsTheNextEventThroughAndRestartsTheInterval() {
    limiter.tryLog();
    assertThat(limiter.tryLog().logs()).isFalse();
    clock.set(START.minus(Duration.ofHours(1)));
    LogLimiter.Decision line = limiter.tryLog();
    assertThat(line.logs()).isTrue();
    assertThat(line.suppressed()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(30));
    assertThat(limiter.tryLog().logs()).isFalse();
    clock.advance(Duration.ofSeconds(30));
    assertThat(limiter.tryLog().logs()).isTrue();
  }

  @Test
  void resetLetsTheNextEventThroughStillCountingTheSuppressedOnes() {
    limiter.tryLog();
    limiter.tryLog();
    limiter.tryLog();
    limiter.reset();
    clock.advance(Duration.ofSeconds(1));
    LogLimiter.Decision line = limiter.tryLog();
    assertThat(line.logs()).isTrue();
    assertThat(line.note()).isEqualTo(" (2 similar suppressed since " + START + ")");
    assertThat(limiter.tryLog().logs()).isFalse();
  }

  @Test
  void onlyAPositiveIntervalIsAccepted() {
    assertThatThrownBy(() -> new LogLimiter(Duration.ZERO, clock))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LogLimiter(Duration.ofSeconds(-1), clock))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new LogLimiter(Duration.ofNanos(1), clock).tryLog().logs()).isTrue();
  }

  @Test
  void threadsHammeringOneLimiterLetExactlyOneLineThroughPerInterval() throws Exception {
    int threads = 8;
    int eventsPerThread = 10_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < 3; round++) {
        CountDownLatch start = new CountDownLatch(1);
        AtomicLong lines = new AtomicLong();
        AtomicLong reported = new AtomicLong();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          done.add(pool.submit(() -> {
            start.await();
            for (int i = 0; i < eventsPerThread; i++) {
              LogLimiter.Decision line = limiter.tryLog();
              if (line.logs()) {
                lines.incrementAndGet();
                reported.addAndGet(line.suppressed());
              }
            }
            return null;
          }));
        }
        long pendingBefore = limiter.suppressed();
        start.countDown();
        for (Future<?> f : done) {
          f.get(30, TimeUnit.SECONDS);
        }
        assertThat(lines.get()).as("round %d", round).isEqualTo(1);
        // events held back by other threads between the line's gate and its count go into that
        // line's note rather than the next one's: counted once either way, never lost
        assertThat(reported.get()).as("round %d", round).isGreaterThanOrEqualTo(pendingBefore);
        assertThat(reported.get() + limiter.suppressed()).as("round %d", round)
            .isEqualTo(pendingBefore + (long) threads * eventsPerThread - 1);
        clock.advance(Duration.ofMinutes(1));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void threadsHammeringWhileTheClockMovesLoseNoEvent() throws Exception {
    int threads = 4;
    int eventsPerThread = 20_000;
    AtomicLong lines = new AtomicLong();
    AtomicLong reported = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < eventsPerThread; i++) {
            if (i % 1000 == 0) {
              clock.advance(Duration.ofSeconds(1));
            }
            LogLimiter.Decision line = limiter.tryLog();
            if (line.logs()) {
              lines.incrementAndGet();
              reported.addAndGet(line.suppressed());
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    long total = (long) threads * eventsPerThread;
    assertThat(lines.get() + reported.get() + limiter.suppressed()).isEqualTo(total);
    // 80 seconds pass in all: the first event's line, and one after the first minute
    assertThat(lines.get()).isEqualTo(2);
  }

  /** A clock the test moves; safe to move from several threads. */
  static final class MovableClock extends Clock {
    private final AtomicLong millis;

    MovableClock(Instant start) {
      this.millis = new AtomicLong(start.toEpochMilli());
    }

    void advance(Duration by) {
      millis.addAndGet(by.toMillis());
    }

    void set(Instant to) {
      millis.set(to.toEpochMilli());
    }

    @Override
    public long millis() {
      return millis.get();
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
