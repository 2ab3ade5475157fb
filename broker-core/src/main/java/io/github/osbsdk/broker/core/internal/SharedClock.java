package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.internal.LogLimiter;
import io.github.osbsdk.broker.core.internal.time.SharedTimeReading;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The time a replica records operations with: the store's shared clock
 * ({@link BrokerStore#sharedTime()}, a database server's) as last measured, plus the time this
 * JVM's monotonic clock ({@code System.nanoTime()}) counted since ({@link SharedTimeReading},
 * with which broker-store-jdbc's copies of operations in progress judge leases too), so that
 * leases written on one replica and judged on another use one clock. The wall clock does not
 * count: a step of it (an NTP correction, a VM resumed) between two measurements must not move
 * the time leases are written with, or a replica whose clock stepped back by more than a lease
 * writes leases already expired and another replica takes over the work it still runs. A store
 * without a shared clock (one process) gets this JVM's wall clock as it is.
 *
 * <p>No time is handed out on a store's clock before its first measurement: the first caller
 * measures it (the others wait for that), as a replica whose clock is far off the store's would
 * otherwise write its first leases on its own clock.
 *
 * <p>How far the wall clock is off the store's is logged: an offset over
 * {@value #WARN_OVER_MILLIS} ms at WARN (this host's time is not synchronised), at most every
 * {@value #WARN_EVERY_MILLIS} ms unless it changes (the next WARN counts the measurements not
 * logged); smaller changes at INFO.
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
  private static final long NANOS_PER_MILLI = 1_000_000L;

  private final BrokerStore store;
  private final Clock clock;
  private final LongSupplier nanoTime;
  private final long logChangesOverMillis;
  /** The last measurement, or null before the first (or without a shared clock). */
  private volatile SharedTimeReading reading;
  /** Set once the store answered that it has no shared clock. */
  private volatile boolean unshared;
  /** Held by the first measurement a caller of {@link #now()} makes. */
  private final Object first = new Object();
  /** How far the store's clock is ahead of {@link #clock}, in ms (for the log only). */
  private volatile long offsetMillis;
  /** The offset last logged at WARN; guarded by this. */
  private long warnedOffset;
  private final LogLimiter warnings;

  /**
   * @param store the store
   * @param clock this JVM's wall clock
   * @param logChangesOver an offset change this large is logged
   */
  SharedClock(BrokerStore store, Clock clock, Duration logChangesOver) {
    this(store, clock, System::nanoTime, logChangesOver);
  }

  /**
   * @param store the store
   * @param clock this JVM's wall clock
   * @param nanoTime this JVM's monotonic clock ({@code System::nanoTime}; a test's)
   * @param logChangesOver an offset change this large is logged
   */
  SharedClock(BrokerStore store, Clock clock, LongSupplier nanoTime, Duration logChangesOver) {
    this.store = store;
    this.clock = clock;
    this.nanoTime = nanoTime;
    this.logChangesOverMillis = logChangesOver.toMillis();
    this.warnings = new LogLimiter(Duration.ofMillis(WARN_EVERY_MILLIS), clock);
  }

  /**
   * @return now on the shared clock, to the millisecond (the wall clock's {@code millis()}
   *     without one)
   * @throws StoreUnavailableException when the store has not answered a measurement yet and
   *     does not answer the one made now
   */
  Instant now() {
    SharedTimeReading r = reading;
    if (r == null && !unshared) {
      synchronized (first) {
        if (reading == null && !unshared) {
          measure();
        }
      }
      r = reading;
    }
    if (r == null) {
      return Instant.ofEpochMilli(clock.millis());
    }
    return r.at(nanoTime.getAsLong());
  }

  /**
   * Reads the store's clock: the midpoint of a call counts as the moment it was read, so a
   * call's round trip bounds the error by half of it. A slow round trip (a connection being
   * opened, a pool under load) is measured again, up to {@value #MAX_SAMPLES} calls, and the
   * shortest one counts: else the wait before the query, not the clock, makes most of the
   * error.
   *
   * @throws StoreUnavailableException when the store does not answer (the last reading stays)
   */
  void measure() {
    SharedTimeReading best = null;
    long offset = 0;
    long roundTrip = Long.MAX_VALUE;
    for (int i = 0; i < MAX_SAMPLES && roundTrip > CLOSE_ENOUGH_MILLIS * NANOS_PER_MILLI; i++) {
      long before = nanoTime.getAsLong();
      Optional<Instant> shared = store.sharedTime();
      long after = nanoTime.getAsLong();
      if (shared.isEmpty()) {
        unshared = true; // one process: its wall clock, as it is
        return;
      }
      long wallAfter = clock.millis();
      if (after - before < roundTrip) {
        roundTrip = after - before;
        best = SharedTimeReading.of(shared.get(), before, after);
        offset = best.sharedMillis() - (wallAfter - roundTrip / 2 / NANOS_PER_MILLI);
      }
    }
    reading = best;
    long previous = offsetMillis;
    offsetMillis = offset;
    log(offset, previous, (roundTrip / NANOS_PER_MILLI + 1) / 2);
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
