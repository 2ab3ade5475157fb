package io.github.osbsdk.broker.store.jdbc.internal;

import io.github.osbsdk.broker.core.store.StoredOperation;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * This replica's copies of asynchronous operations in progress, read by id, so that the polls
 * of {@code last_operation} that the platform repeats while an operation runs do not each read
 * the database. A copy is only used while this replica listens to the database's notifications
 * of finished operations (see {@link OperationNotifications}): every statement that finishes an
 * asynchronous operation, on any replica, notifies its id in the same transaction, and the copy
 * is dropped when the notification arrives, usually a few milliseconds after the commit (up
 * to about 2 s while the listener waits for a pooled connection for its probe). Copies are used
 * only within {@link OperationNotifications#MAX_SILENCE} of the last probe heard and are bounded
 * in age (the time to live), which bounds what a listener that silently stopped hearing could
 * serve, and a copy whose lease has expired is never used (the caller then reads the row and
 * may take the operation over).
 *
 * <p>Races: a read that started before a finish and whose answer would be stored after the
 * finish's notification was handled must not leave a stale copy. A reader therefore first puts
 * a placeholder for the id, reads the database, and replaces the placeholder with the copy only
 * if it is still there: a notification in between removed it. Each reader's placeholder is its
 * own, and every conditional replace or remove here names the very entry its caller put or
 * read: another poll's placeholder for the same operation, put after the notification, must
 * not stand in for one the notification removed. Every copy carries the listening session
 * (epoch) it was made in and is used only in that same session, so nothing made while or before
 * the listener was away is ever served.
 */
public final class RunningOperations {
  /**
   * A placeholder or a copy; a placeholder has no operation. Equal only to itself (no record, no
   * {@code equals}): the map's {@code replace(key, old, new)} and {@code remove(key, old)} then
   * match only the entry a caller holds, never another reader's equal placeholder.
   */
  private static final class Entry {
    private final long epoch;
    private final String instanceId;
    private final String bindingId;
    private final StoredOperation operation;
    private final long expiresAt;

    Entry(long epoch, String instanceId, String bindingId, StoredOperation operation,
        long expiresAt) {
      this.epoch = epoch;
      this.instanceId = instanceId;
      this.bindingId = bindingId;
      this.operation = operation;
      this.expiresAt = expiresAt;
    }

    long epoch() {
      return epoch;
    }

    String instanceId() {
      return instanceId;
    }

    String bindingId() {
      return bindingId;
    }

    StoredOperation operation() {
      return operation;
    }

    long expiresAt() {
      return expiresAt;
    }
  }

  /** What a reader holds between its placeholder and its copy. */
  public static final class Ticket {
    private final String operationId;
    private final Entry placeholder;

    private Ticket(String operationId, Entry placeholder) {
      this.operationId = operationId;
      this.placeholder = placeholder;
    }
  }

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final int maxEntries;
  private final long ttlNanos;
  private final LongSupplier nanoTime;
  /** Odd while listening; changes on every start and stop of a listening session. */
  private volatile long epoch;
  private volatile long lastUse;
  /** When the listener last heard its own probe: copies are used only while that is recent. */
  private volatile long heardAt;
  private final long maxSilenceNanos;

  /**
   * Creates the cache.
   *
   * @param maxEntries at most this many copies; 0 keeps none
   * @param timeToLive how long a copy is used at most
   * @param maxSilence how long after the listener last heard its probe copies are still used
   * @param nanoTime the clock ({@code System::nanoTime})
   */
  public RunningOperations(int maxEntries, Duration timeToLive, Duration maxSilence,
      LongSupplier nanoTime) {
    if (maxEntries < 0) {
      throw new IllegalArgumentException("maxEntries < 0: " + maxEntries);
    }
    this.maxEntries = maxEntries;
    this.ttlNanos = Objects.requireNonNull(timeToLive, "timeToLive == null").toNanos();
    this.maxSilenceNanos = Objects.requireNonNull(maxSilence, "maxSilence == null").toNanos();
    this.nanoTime = nanoTime;
    this.lastUse = nanoTime.getAsLong();
  }

  /** @return whether copies are kept at all */
  public boolean enabled() {
    return maxEntries > 0;
  }

  /** @return whether a listening session is on (copies may be made and used) */
  public boolean listening() {
    return (epoch & 1) == 1;
  }

  /**
   * Reads a copy.
   *
   * @param instanceId the instance id asked for
   * @param bindingId the binding id asked for, null for an instance operation
   * @param operationId the operation id asked for
   * @param now the time on the database's clock, compared with the copy's lease (asked only
   *     when there is a copy with a lease)
   * @return the operation, or empty when there is no usable copy
   */
  public Optional<StoredOperation> get(String instanceId, String bindingId, String operationId,
      Supplier<Instant> now) {
    if (maxEntries == 0) {
      return Optional.empty();
    }
    long t = nanoTime.getAsLong();
    if (t - lastUse > 100_000_000L) {
      lastUse = t; // a volatile write at most every 100 ms, not on every poll
    }
    Entry e = entries.get(operationId);
    if (e == null || e.operation() == null) {
      return Optional.empty();
    }
    StoredOperation op = e.operation();
    if (e.epoch() != epoch || t - e.expiresAt() >= 0 || t - heardAt >= maxSilenceNanos
        || (op.leaseExpiry() != null && !op.leaseExpiry().isAfter(now.get()))) {
      entries.remove(operationId, e);
      return Optional.empty();
    }
    if (!e.instanceId().equals(instanceId) || !Objects.equals(e.bindingId(), bindingId)) {
      return Optional.empty(); // asked with other ids: the database answers (404)
    }
    return Optional.of(op);
  }

  /**
   * Puts a placeholder before a read of the database, when copies may be made now.
   *
   * @param instanceId the instance id asked for
   * @param bindingId the binding id asked for
   * @param operationId the operation id asked for
   * @return the ticket for {@link #put}, or null when no copy can be made
   */
  public Ticket reserve(String instanceId, String bindingId, String operationId) {
    long session = epoch;
    if (maxEntries == 0 || (session & 1) == 0 || entries.size() >= maxEntries) {
      return null;
    }
    Entry placeholder = new Entry(session, instanceId, bindingId, null, 0);
    entries.put(operationId, placeholder);
    return new Ticket(operationId, placeholder);
  }

  /**
   * Keeps a copy of what the read found, when it is an asynchronous operation in progress and
   * nothing changed the operation since the placeholder was put; otherwise drops the
   * placeholder.
   *
   * @param ticket what {@link #reserve} gave
   * @param operation what the database answered, null for nothing
   */
  public void put(Ticket ticket, StoredOperation operation) {
    Entry placeholder = ticket.placeholder;
    if (operation == null || !operation.inProgress() || !operation.async()
        || !FinishedOperations.small(operation)) {
      // a large one (a customer's parameters in its payload) is read from the database
      entries.remove(ticket.operationId, placeholder);
      return;
    }
    Entry copy = new Entry(placeholder.epoch(), placeholder.instanceId(), placeholder.bindingId(),
        operation, nanoTime.getAsLong() + ttlNanos);
    if (entries.replace(ticket.operationId, placeholder, copy) && epoch != placeholder.epoch()) {
      entries.remove(ticket.operationId, copy); // the session ended meanwhile
    }
  }

  /**
   * Drops the copy of an operation (it changed).
   *
   * @param operationId the operation id
   */
  public void invalidate(String operationId) {
    entries.remove(operationId);
  }

  /** Starts a listening session (its probe was just heard): copies may be made and used. */
  synchronized void startSession() {
    entries.clear();
    heardAt = nanoTime.getAsLong();
    epoch = (epoch & 1) == 0 ? epoch + 1 : epoch + 2;
  }

  /** The listener heard its probe again: notifications still arrive. */
  void heard() {
    heardAt = nanoTime.getAsLong();
  }

  /** Ends the listening session: no copy is used until the next one starts. */
  synchronized void endSession() {
    if ((epoch & 1) == 1) {
      epoch = epoch + 1;
    }
    entries.clear();
  }

  /**
   * Whether nothing asked for a copy for a while (the listener then ends the session, which
   * drops every copy); otherwise drops the copies whose time to live is over.
   *
   * @param idleNanos how long
   * @return true when the last request is older
   */
  boolean idleFor(long idleNanos) {
    long t = nanoTime.getAsLong();
    if (t - lastUse >= idleNanos) {
      return true;
    }
    entries.values().removeIf(e -> e.operation() != null && t - e.expiresAt() >= 0);
    return false;
  }

  /** @return the number of placeholders and copies held */
  int size() {
    return entries.size();
  }
}
