package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.internal.LogLimiter;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The time a replica records operations with: its own clock, corrected by how far the store's
 * shared clock ({@link BrokerStore#sharedTime()}, a database server's) is ahead of it, so that
 * leases written on one replica and judged on another use one clock.
 *
 * <p>An offset over {@value #WARN_OVER_MILLIS} ms is logged at WARN (this host's time is not
 * synchronised), at most every {@value #WARN_EVERY_MILLIS} ms unless it changes (the next WARN
 * counts the measurements not logged); smaller changes at INFO.
 */
final class SharedClock {
  private static final Logger LOG = LoggerFactory.getLogger(SharedClock.class);
  /** An offset this large is a clock out of sync, worth a WARN. */
  static final long WARN_OVER_MILLIS = 5_000;
  /** How often a lasting large offset is logged again at WARN. */
  static final long WARN_EVERY_MILLIS = 10 * 60_000;
  /** A round trip this short measures closely enough: no more samples are taken. */
  static final long CLOSE_ENOUGH_MILLIS = 50;
  /** The most samples one measurement takes, keeping the one of the shortest round trip. */
  static final int MAX_SAMPLES = 3;

  private final BrokerStore store;
  private final Clock clock;
  private final long logChangesOverMillis;
  /** How far the store's clock is ahead of {@link #clock}, in milliseconds (0 without one). */
  private volatile long offsetMillis;
  /** The offset last logged at WARN; guarded by this. */
  private long warnedOffset;
  private final LogLimiter warnings;

  /**
   * @param store the store
   * @param clock this JVM's clock
   * @param logChangesOver an offset change this large is logged
   */
  SharedClock(BrokerStore store, Clock clock, Duration logChangesOver) {
    this.store = store;
    this.clock = clock;
    this.logChangesOverMillis = logChangesOver.toMillis();
    this.warnings = new LogLimiter(Duration.ofMillis(WARN_EVERY_MILLIS), clock);
  }

  /**
   * @return now on the shared clock, to the millisecond (read as milliseconds: the system clock's
   *     {@code millis()} is far cheaper than its {@code instant()}, and a provision reads the time
   *     three times)
   */
  Instant now() {
    return Instant.ofEpochMilli(clock.millis() + offsetMillis);
  }

  /**
   * Measures this JVM's clock against the store's: the midpoint of a call counts as the moment
   * the store's was read, so a call's round trip bounds the error by half of it. A slow round
   * trip (a connection being opened, a pool under load) is measured again, up to
   * {@value #MAX_SAMPLES} calls, and the shortest one counts: else the wait before the query,
   * not the clocks, makes most of the offset.
   *
   * @throws StoreUnavailableException when the store does not answer (the last offset stays)
   */
  void measure() {
    long offset = 0;
    long roundTrip = Long.MAX_VALUE;
    for (int i = 0; i < MAX_SAMPLES && roundTrip > CLOSE_ENOUGH_MILLIS; i++) {
      long before = clock.millis();
      Optional<Instant> shared = store.sharedTime();
      long after = clock.millis();
      if (shared.isEmpty()) {
        return;
      }
      if (after - before < roundTrip) {
        roundTrip = after - before;
        offset = shared.get().toEpochMilli() - (before + after) / 2;
      }
    }
    long previous = offsetMillis;
    offsetMillis = offset;
    log(offset, previous, (roundTrip + 1) / 2);
  }

  private synchronized void log(long offset, long previous, long error) {
    if (Math.abs(offset) > WARN_OVER_MILLIS) {
      if (Math.abs(offset - warnedOffset) > logChangesOverMillis) {
        warnings.reset(); // a new offset is worth a line at once
      }
      LogLimiter.Decision d = warnings.tryLog();
      if (d.logs()) {
        warnedOffset = offset;
        LOG.warn("This replica's clock differs from the store's by {} ms (+/- {} ms): check"
            + " this host's time synchronisation; operation times and leases follow the store's"
            + " clock{}", offset, error, d.note());
      }
    } else if (Math.abs(offset - previous) > logChangesOverMillis) {
      LOG.info("This replica's clock differs from the store's by {} ms (+/- {} ms); operation"
          + " times and leases follow the store's clock", offset, error);
    }
  }
}
