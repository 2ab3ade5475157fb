package io.github.osbsdk.broker.metering.internal;

import io.github.osbsdk.broker.core.health.ComponentHealth;
import io.github.osbsdk.broker.metering.UsageOutbox;
import io.github.osbsdk.broker.metering.UsageRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The running part of a usage reporter: its sender thread, the queueing of checked records, the
 * health and the close. Thread-safe.
 */
public final class ReporterRuntime {
  private final UsageOutbox outbox;
  private final Clock clock;
  private final Duration flushTimeout;
  private final SendOutcomes outcomes;
  private final UsageSender sender;
  private final Thread thread;
  private volatile boolean closed;
  /** Held (shared) by queueing while it appends, (exclusive) by close to stop it. */
  private final ReadWriteLock queueing = new ReentrantReadWriteLock();

  /**
   * Starts the sender on a daemon thread of its own.
   *
   * @param settings what the sender needs; its listener must tell {@code outcomes}
   * @param outcomes the sender's last outcome, for the health
   * @param flushTimeout how long {@link #close()} keeps sending
   */
  public ReporterRuntime(SenderSettings settings, SendOutcomes outcomes, Duration flushTimeout) {
    this.outbox = settings.outbox();
    this.clock = settings.clock();
    this.flushTimeout = flushTimeout;
    this.outcomes = outcomes;
    this.sender = new UsageSender(settings);
    this.thread = new Thread(sender, "usage-sender");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Returns the outbox.
   *
   * @return the outbox
   */
  public UsageOutbox outbox() {
    return outbox;
  }

  /**
   * Returns the reporter's clock.
   *
   * @return the clock
   */
  public Clock clock() {
    return clock;
  }

  /**
   * Returns how long {@link #close()} keeps sending.
   *
   * @return the flush timeout
   */
  public Duration flushTimeout() {
    return flushTimeout;
  }

  /**
   * Throws when the reporter is closed.
   *
   * @throws IllegalStateException when it is
   */
  public void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the usage reporter is closed");
    }
  }

  /**
   * Appends checked records to the outbox and wakes the sender. {@link #close()} waits for a
   * queueing under way, so its flush sees every record queued.
   *
   * @param records the records
   * @return how many were appended
   * @throws IllegalStateException when the reporter is closed
   */
  public int queue(List<UsageRecord> records) {
    queueing.readLock().lock();
    try {
      checkOpen();
      int added = outbox.append(records);
      sender.wake();
      return added;
    } finally {
      queueing.readLock().unlock();
    }
  }

  /** Wakes the sender: records were queued. */
  public void wake() {
    sender.wake();
  }

  /**
   * Returns the health: {@code UP} while the sender runs and its outbox calls answer, with the
   * outbox's depth, invalid and rejected counts, the unclosed windows and the last outcome;
   * {@code DOWN} with {@code error} when closed or when the sender's last outbox calls failed
   * (e.g. a database that is down or read-only), with {@code outboxFailingSince};
   * {@code DOWN} too while a meter's merges keep failing (counts wait in memory), with
   * {@code mergesFailingSince}; {@code dropped} counts the records a non-durable outbox lost at
   * the close plus the counts dropped as late, {@code droppedLateCounts} those counts alone.
   *
   * @param unclosedWindows the ended windows the reporter's meters could not close
   * @param mergesFailingSince since when a meter's merges keep failing, or null
   * @param droppedLate the counts the meters and the outbox dropped as late
   * @return the health
   * @throws RuntimeException when the outbox fails
   */
  public ComponentHealth health(int unclosedWindows, Instant mergesFailingSince,
      long droppedLate) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("depth", outbox.depth());
    details.put("invalid", outbox.invalid());
    details.put("rejected", outbox.rejectedCount());
    details.put("unclosedWindows", unclosedWindows);
    details.put("dropped", sender.lost() + droppedLate);
    details.put("droppedLateCounts", droppedLate);
    outcomes.describe(details);
    boolean running = !closed && thread.isAlive();
    UsageSender.OutboxFailure failure = sender.outboxFailure();
    if (!running) {
      details.put("error", "the usage reporter is closed");
    } else if (failure != null) {
      // the type only: the report may be served without authentication, the log has the rest
      details.put("error", "the outbox fails (" + failure.error().getClass().getSimpleName()
          + "): records can be neither sent nor stored; see the log");
      details.put("outboxFailingSince", failure.since().toString());
    } else if (mergesFailingSince != null) {
      details.put("error", "a usage meter cannot persist its counts to the outbox: they wait in"
          + " memory, where a crash loses them (or the outbox cannot release the counts it holds"
          + " until their instance's end is known: not billed meanwhile); see the log");
    }
    if (mergesFailingSince != null) {
      details.put("mergesFailingSince", mergesFailingSince.toString());
    }
    return running && failure == null && mergesFailingSince == null
        ? ComponentHealth.up(details) : ComponentHealth.down(details);
  }

  /**
   * Returns how many records a non-durable outbox still held when the sender stopped at the
   * close: lost with the process, never billed (logged as a WARN with the count).
   *
   * @return the number of records; 0 before the close, or with a durable outbox
   */
  public long dropped() {
    return sender.lost();
  }

  /**
   * Refuses further records, waiting for a queueing under way, then sends what is due for at
   * most the flush timeout and stops the sender.
   */
  public void close() {
    queueing.writeLock().lock();
    try {
      closed = true; // a queueing under way has appended its records by now; later ones throw
    } finally {
      queueing.writeLock().unlock();
    }
    sender.flushAndStop(clock.instant().plus(flushTimeout));
    try {
      thread.join(flushTimeout.toMillis() + 1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Tells whether {@link #close()} was called.
   *
   * @return true once closed
   */
  public boolean closed() {
    return closed;
  }
}
