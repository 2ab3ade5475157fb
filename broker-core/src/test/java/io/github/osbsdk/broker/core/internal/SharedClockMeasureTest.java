package io.github.osbsdk.broker.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import io.github.osbsdk.broker.core.store.StoreProxy;
import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import io.github.osbsdk.broker.core.testsupport.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * How a replica measures its clock against the store's: a slow first call (a connection being
 * opened) does not pass for an offset, and a large offset is a WARN, not repeated every round.
 */
class SharedClockMeasureTest {
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private final TestClock clock = new TestClock(T0);
  private final AtomicInteger calls = new AtomicInteger();

  /** A store whose clock is {@code ahead} of the replica's; its first answer takes 1.4 s. */
  private BrokerStore storeAhead(Duration ahead) {
    return StoreProxy.around(new InMemoryBrokerStore(), (method, args, target) -> {
      if (!method.getName().equals("sharedTime")) {
        return target.proceed(args);
      }
      // the time is read at the end of the call: before it, a connection was opened
      clock.advance(Duration.ofMillis(calls.incrementAndGet() == 1 ? 1400 : 2));
      return Optional.of(clock.instant().plus(ahead));
    });
  }

  /** The replica's monotonic clock: the test clock's, which only the test moves. */
  private long nanos() {
    return clock.millis() * 1_000_000L;
  }

  private long offsetMillis(SharedClock shared) {
    return Duration.between(clock.instant(), shared.now()).toMillis();
  }

  @Test
  void aSlowFirstCallIsMeasuredAgainAndTheShortestRoundTripCounts() {
    // before: the midpoint of the 1.4 s call made a 700 ms offset between two synced clocks
    SharedClock shared = new SharedClock(storeAhead(Duration.ZERO), clock, this::nanos,
        Duration.ofSeconds(1));
    shared.measure();
    assertThat(offsetMillis(shared)).isBetween(-2L, 2L);
    assertThat(calls.get()).isEqualTo(2);
  }

  @Test
  void aWallClockStepBetweenMeasurementsDoesNotMoveTheSharedTime() {
    // before: the wall clock plus the last offset, so a step back of two minutes moved the
    // shared time (and the leases written with it) two minutes back until the next measurement
    AtomicLong ticks = new AtomicLong();
    SharedClock shared = new SharedClock(storeAhead(Duration.ofSeconds(30)), clock, ticks::get,
        Duration.ofSeconds(1));
    shared.measure();
    Instant measured = clock.instant().plusSeconds(30);
    clock.advance(Duration.ofMinutes(-2));
    ticks.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(shared.now()).isEqualTo(measured.plusSeconds(1));
  }

  @Test
  void anOffsetOverFiveSecondsIsAWarnThatIsNotRepeatedEveryRound() {
    // before: an INFO line, as for a change of a few milliseconds
    SharedClock shared = new SharedClock(storeAhead(Duration.ofSeconds(60)), clock,
        this::nanos, Duration.ofSeconds(1));
    try (StderrCapture log = new StderrCapture()) {
      shared.measure();
      shared.measure();
      clock.advance(Duration.ofMillis(SharedClock.WARN_EVERY_MILLIS));
      shared.measure();
      List<String> lines = log.lines().stream().filter(l -> l.contains("differs")).toList();
      assertThat(lines).hasSize(2).allSatisfy(l -> assertThat(l).contains("WARN")
          .contains("by 60001 ms").contains("time synchronisation"));
    }
    assertThat(offsetMillis(shared)).isBetween(59_998L, 60_002L);
  }

  @Test
  void aSmallOffsetChangeIsLoggedAtInfo() {
    SharedClock shared = new SharedClock(storeAhead(Duration.ofSeconds(3)), clock,
        this::nanos, Duration.ofSeconds(1));
    try (StderrCapture log = new StderrCapture()) {
      shared.measure();
      assertThat(log.lines()).filteredOn(l -> l.contains("differs")).singleElement()
          .satisfies(l -> assertThat(l).contains("INFO").contains("by 3001 ms"));
    }
  }
}
