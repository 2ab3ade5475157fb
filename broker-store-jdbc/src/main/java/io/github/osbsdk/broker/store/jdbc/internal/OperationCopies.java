package io.github.osbsdk.broker.store.jdbc.internal;

import io.github.osbsdk.broker.core.internal.time.SharedTimeReading;
import io.github.osbsdk.broker.core.store.StoredOperation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Answers reads of an operation by id, the {@code last_operation} polls, from this replica's
 * copies where that cannot differ from the database: finished operations
 * ({@link FinishedOperations}, they never change) and asynchronous operations in progress while
 * this replica listens to the notifications every finish sends ({@link RunningOperations},
 * {@link OperationNotifications}); otherwise from the database. A copy's lease is judged on the
 * database's clock, which leases are written on, as this replica last read it plus what the
 * monotonic clock counted since ({@link SharedTimeReading}, as the SDK writes leases): a step of
 * this host's wall clock does not change it.
 */
public final class OperationCopies implements AutoCloseable {
  private final Reads reads;
  private final FinishedOperations finished;
  private final RunningOperations running;
  private final OperationNotifications notifications;
  /** Reads the database's clock. */
  private final Supplier<Instant> databaseClock;
  /** The monotonic clock the copies age by and their leases are judged on. */
  private final LongSupplier nanoTime;
  /** The last reading of the database's clock, or null before the first. */
  private volatile SharedTimeReading reading;

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
   * @param runningClock the monotonic clock those copies age by and their leases are judged on,
   *     with the database's clock as last read ({@code System::nanoTime})
   * @param databaseClock reads the database's clock
   */
  public OperationCopies(DataSource dataSource, Tables tables, Reads reads, int finishedEntries,
      Duration finishedTtl, int runningEntries, Duration runningTtl, LongSupplier runningClock,
      Supplier<Instant> databaseClock) {
    this.reads = reads;
    this.databaseClock = databaseClock;
    this.nanoTime = runningClock;
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
      copy = running.get(instanceId, bindingId, operationId, this::databaseNow);
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
   * Drops this replica's copies of the operations it took over.
   *
   * @param taken the operations taken over
   * @return {@code taken}
   */
  public List<StoredOperation> tookOver(List<StoredOperation> taken) {
    taken.forEach(op -> running.invalidate(op.id()));
    return taken;
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
   * Reads the database's clock, which leases are on, and keeps the reading for the copies.
   *
   * @return the database's time
   */
  public Instant databaseTime() {
    long before = nanoTime.getAsLong();
    Instant t = databaseClock.get();
    reading = SharedTimeReading.of(t, before, nanoTime.getAsLong());
    return t;
  }

  /**
   * The database's time now, as the copies judge leases: its last reading plus what the
   * monotonic clock counted since; read first when it was never read (a store used without the
   * SDK's replicas, which read it every third of a lease).
   */
  private Instant databaseNow() {
    SharedTimeReading r = reading;
    if (r == null) {
      databaseTime();
      r = reading;
    }
    return r.at(nanoTime.getAsLong());
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
