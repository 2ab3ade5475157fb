package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The time a replica records operations with: its own clock, corrected by how far the store's
 * shared clock ({@link BrokerStore#sharedTime()}, a database server's) is ahead of it, so that
 * leases written on one replica and judged on another use one clock.
 */
final class SharedClock {
  private static final Logger LOG = LoggerFactory.getLogger(SharedClock.class);

  private final BrokerStore store;
  private final Clock clock;
  private final long logChangesOverMillis;
  /** How far the store's clock is ahead of {@link #clock}, in milliseconds (0 without one). */
  private volatile long offsetMillis;

  /**
   * @param store the store
   * @param clock this JVM's clock
   * @param logChangesOver an offset change this large is logged
   */
  SharedClock(BrokerStore store, Clock clock, Duration logChangesOver) {
    this.store = store;
    this.clock = clock;
    this.logChangesOverMillis = logChangesOver.toMillis();
  }

  /** @return now on the shared clock, to the millisecond */
  Instant now() {
    return clock.instant().plusMillis(offsetMillis).truncatedTo(ChronoUnit.MILLIS);
  }

  /**
   * Measures this JVM's clock against the store's (the midpoint of the call counts as the moment
   * the store's was read).
   *
   * @throws StoreUnavailableException when the store does not answer (the last offset stays)
   */
  void measure() {
    long before = clock.millis();
    Optional<Instant> shared = store.sharedTime();
    long after = clock.millis();
    if (shared.isEmpty()) {
      return;
    }
    long offset = shared.get().toEpochMilli() - (before + after) / 2;
    long previous = offsetMillis;
    offsetMillis = offset;
    if (Math.abs(offset - previous) > logChangesOverMillis) {
      LOG.info("This replica's clock differs from the store's by {} ms; operation times and"
          + " leases follow the store's clock", offset);
    }
  }
}
