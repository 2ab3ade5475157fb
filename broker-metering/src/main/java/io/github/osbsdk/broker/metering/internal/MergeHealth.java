package io.github.osbsdk.broker.metering.internal;

import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * Whether a meter's merges of counts into the outbox keep failing (the outbox is down or
 * read-only, or a merge's outcome stays unknown) or leave counts waiting (refused while the
 * outbox cannot tell whether their instance ended: in memory, where a crash or a close loses
 * them, or held by the outbox, which fails to release them), which the metering health reports.
 * Thread-safe.
 */
public final class MergeHealth {
  /** How many persist steps in a row must fail before the health reports it. */
  public static final int FAILURES_IN_A_ROW = 3;

  private final LongSupplier clock;
  private int failuresInARow; // guarded by this
  private long failingSinceMillis; // guarded by this
  private boolean stopped; // guarded by this

  /**
   * Creates the tracker.
   *
   * @param clock the current time in epoch milliseconds
   */
  public MergeHealth(LongSupplier clock) {
    this.clock = clock;
  }

  /**
   * Records the outcome of one persist step.
   *
   * @param persisted whether every count was handed to the outbox (none waits in memory)
   * @return {@code persisted}
   */
  public synchronized boolean record(boolean persisted) {
    if (persisted || stopped) {
      failuresInARow = 0;
    } else if (failuresInARow++ == 0) {
      failingSinceMillis = clock.getAsLong();
    }
    return persisted;
  }

  /**
   * Stops reporting: the meter closed, its counts persisted or lost (logged as an ERROR).
   */
  public synchronized void stop() {
    stopped = true;
    failuresInARow = 0;
  }

  /**
   * Returns since when merges fail, once {@value #FAILURES_IN_A_ROW} persist steps in a row
   * failed (one failure, e.g. a database failover, is retried at the next tick).
   *
   * @return the time of the first failure in a row, or null while merges succeed
   */
  public synchronized Instant failingSince() {
    return failuresInARow >= FAILURES_IN_A_ROW ? Instant.ofEpochMilli(failingSinceMillis) : null;
  }
}
