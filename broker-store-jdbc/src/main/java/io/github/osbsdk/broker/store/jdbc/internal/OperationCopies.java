package io.github.osbsdk.broker.store.jdbc.internal;

import io.github.osbsdk.broker.core.store.StoredOperation;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.LongSupplier;
import javax.sql.DataSource;

/**
 * Answers reads of an operation by id, the {@code last_operation} polls, from this replica's
 * copies where that cannot differ from the database: finished operations
 * ({@link FinishedOperations}, they never change) and asynchronous operations in progress while
 * this replica listens to the notifications every finish sends ({@link RunningOperations},
 * {@link OperationNotifications}); otherwise from the database.
 */
public final class OperationCopies implements AutoCloseable {
  private final Reads reads;
  private final FinishedOperations finished;
  private final RunningOperations running;
  private final OperationNotifications notifications;
  /** How far the database's clock is ahead of this JVM's, as {@link #sawDatabaseTime} saw. */
  private volatile long databaseClockOffsetMillis;

  /**
   * Creates the copies; nothing touches the database until the first read.
   *
   * @param dataSource the pool the listener borrows its connection from
   * @param tables the tables (and so the notification channel)
   * @param reads the database reads
   * @param finishedEntries at most this many copies of finished operations; 0 keeps none
   * @param finishedTtl how long a copy of a finished operation is used
   * @param runningEntries at most this many copies of operations in progress; 0 keeps none and
   *     never listens
   * @param runningTtl how long a copy of an operation in progress is used at most
   * @param runningClock the clock those copies age by ({@code System::nanoTime})
   */
  public OperationCopies(DataSource dataSource, Tables tables, Reads reads, int finishedEntries,
      Duration finishedTtl, int runningEntries, Duration runningTtl, LongSupplier runningClock) {
    this.reads = reads;
    finished = new FinishedOperations(finishedEntries, finishedTtl, System::nanoTime);
    running = new RunningOperations(runningEntries, runningTtl,
        OperationNotifications.MAX_SILENCE, runningClock);
    notifications = new OperationNotifications(dataSource, tables.channel(), running,
        Duration.ofSeconds(30), System::nanoTime);
  }

  /**
   * Reads an operation by id: from a copy if one may be used, else from the database, keeping a
   * copy of what it read.
   *
   * @param instanceId the instance
   * @param bindingId the binding, or null for an instance operation
   * @param operationId the operation's id
   * @return the operation, or empty when there is none
   */
  public Optional<StoredOperation> find(String instanceId, String bindingId,
      String operationId) {
    Optional<StoredOperation> copy = finished.get(instanceId, bindingId, operationId);
    if (copy.isEmpty()) {
      // leases are on the database's clock (see sawDatabaseTime)
      copy = running.get(instanceId, bindingId, operationId,
          Instant.now().plusMillis(databaseClockOffsetMillis));
    }
    if (copy.isPresent()) {
      return copy;
    }
    long purges = finished.purges();
    RunningOperations.Ticket ticket = running.reserve(instanceId, bindingId, operationId);
    Optional<StoredOperation> read = Optional.empty();
    try {
      read = reads.operation(instanceId, bindingId, operationId);
    } finally {
      if (ticket != null) {
        running.put(ticket, read.orElse(null));
      }
    }
    if (read.isPresent()) {
      finished.put(instanceId, bindingId, operationId, read.get(), purges);
      if (ticket == null && read.get().inProgress() && read.get().async()
          && running.enabled()) {
        notifications.ensureListening(); // the next poll may be answered from a copy
      }
    }
    return read;
  }

  /**
   * Drops this replica's copy of an operation in progress that this replica changed (accepted,
   * finished or took over): its next read goes to the database.
   *
   * @param operationId the operation's id
   */
  public void changed(String operationId) {
    running.invalidate(operationId);
  }

  /**
   * Drops the copies of operations finished before a time, once a purge deleted them.
   *
   * @param finishedBefore the time
   */
  public void purge(Instant finishedBefore) {
    finished.purge(finishedBefore);
  }

  /**
   * Notes the database's clock, which leases are on, against this JVM's.
   *
   * @param databaseTime the database's time
   * @param askedAtMillis this JVM's time when it asked
   * @param answeredAtMillis this JVM's time when the answer came
   */
  public void sawDatabaseTime(Instant databaseTime, long askedAtMillis, long answeredAtMillis) {
    databaseClockOffsetMillis = databaseTime.toEpochMilli()
        - (askedAtMillis + answeredAtMillis) / 2;
  }

  /**
   * Whether this replica listens to notifications of finished operations.
   *
   * @return true while listening
   */
  public boolean listening() {
    return running.listening();
  }

  /** Stops listening and gives back the listener's connection, if any. */
  @Override
  public void close() {
    notifications.close();
  }
}
