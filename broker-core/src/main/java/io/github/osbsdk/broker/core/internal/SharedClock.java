package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.internal.LogLimiter;
import io.github.osbsdk.broker.core.internal.time.SharedTimeReading;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The time a replica records operations with: the store's shared clock
 * ({@link BrokerStore#sharedTime()}, a database server's) as last measured, plus the time this
 * JVM's monotonic clock ({@code System.nanoTime()}) counted since ({@link SharedTimeReading},
 * with which broker-store-jdbc's copies of operations in progress judge leases too), so that
 * leases written on one replica and judged on another use one clock. The wall clock does not
 * count: a step of it (an NTP correction) between two measurements does not move the time leases
 * are written with, or a replica whose clock stepped back by more than a lease would write leases
 * already expired and another replica would take over the work it still runs. A store without a
 * shared clock (one process) gets this JVM's wall clock as it is.
 *
 * <p>A suspended host or VM is the exception: the monotonic clock may not count the time it was
 * suspended (Linux's {@code CLOCK_MONOTONIC}, which {@code nanoTime} reads, does not count a
 * suspend), so once it resumes the times handed out are behind the store's by that long until
 * the next measurement the store answers (the maintenance measures at the start of each round,
 * up to a third of a lease after the resume). The leases written in between (those of the
 * operations started then) end early by as much: after a suspension longer than a lease, other
 * replicas may take these operations over while they run here.
 *
 * <p>No time is handed out on a store's clock before its first successful measurement, as a
 * replica whose clock is far off the store's would otherwise write its first leases on its own
 * clock. The first caller measures it; the callers arriving while it does wait for that
 * measurement and take its outcome, a failure too (as a {@link StoreUnavailableException}),
 * instead of measuring in turn: with the store down, each measurement lasts up to a connection
 * timeout, and the k-th caller would wait k of them. A caller arriving after a failed
 * measurement ended measures again. The wait holds no lock and ends at an interrupt (with a
 * {@link StoreUnavailableException}, the thread's interrupt flag set).
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
  /**
   * The first measurement a caller of {@link #now()} makes, while it runs: the callers arriving
   * meanwhile take its outcome. Null when none runs.
   */
  private final AtomicReference<CompletableFuture<Void>> firstAttempt = new AtomicReference<>();
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
      measureFirst();
      r = reading;
    }
    if (r == null) {
      return Instant.ofEpochMilli(clock.millis());
    }
    return r.at(nanoTime.getAsLong());
  }

  /**
   * Makes the first measurement, or waits for the one another caller makes and takes its
   * outcome.
   *
   * @throws StoreUnavailableException when that measurement fails, or the wait is interrupted
   */
  private void measureFirst() {
    CompletableFuture<Void> mine = new CompletableFuture<>();
    CompletableFuture<Void> running = firstAttempt.compareAndExchange(null, mine);
    if (running != null) {
      await(running);
      return;
    }
    try {
      if (reading == null && !unshared) { // else the attempt that just ended succeeded
        measure();
      }
    } catch (Throwable e) { // NOPMD: whatever ends the attempt must end its callers' wait
      firstAttempt.set(null); // the callers arriving from now on measure again
      mine.completeExceptionally(e);
      throw e;
    }
    firstAttempt.set(null);
    mine.complete(null);
  }

  /** Waits for {@code attempt} to end; its failure, if any, is thrown as this caller's own. */
  private static void await(CompletableFuture<Void> attempt) {
    try {
      attempt.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException(
          "Interrupted while waiting for the store's clock to be read", e);
    } catch (ExecutionException e) {
      Throwable failure = e.getCause();
      if (failure instanceof StoreUnavailableException) {
        throw new StoreUnavailableException(failure.getMessage(), failure);
      }
      throw new IllegalStateException("Reading the store's clock failed", failure);
    }
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
