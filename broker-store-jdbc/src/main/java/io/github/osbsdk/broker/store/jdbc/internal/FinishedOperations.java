package io.github.osbsdk.broker.store.jdbc.internal;

import io.github.osbsdk.broker.core.store.StoredOperation;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * This replica's copies of finished operations, read by id. A finished operation (succeeded or
 * failed) never changes again: the store only updates rows still in progress, and a retry writes
 * a new operation. So a poll of {@code last_operation} that names a finished operation can be
 * answered from a copy, on any replica, without a round trip to the database. Only purging
 * deletes such a row: when this replica's purge returns, it keeps no copy of what it deleted
 * (a read that raced the purge keeps none either, see {@link #purges()}), and a copy lives at
 * most the time to live, so another replica's purge shows here within that time. Operations in
 * progress are never kept here (see {@link RunningOperations} for the asynchronous ones).
 *
 * <p>Bounded: when full, expired copies go first, then arbitrary ones. An operation whose
 * payload and step arguments hold more than {@value #MAX_COPIED_CHARS} characters is not copied
 * (it is read from the database every time): an asynchronous update's payload carries the
 * customer's parameters, up to a request body, so copies of such operations would let polls fill
 * the heap with the cache's entries times a request body.
 */
public final class FinishedOperations {
  private record Key(String instanceId, String bindingId, String operationId) {}

  private record Copy(StoredOperation operation, long expiresAt) {}

  /** The most characters of payload and step arguments an operation copied here holds. */
  static final int MAX_COPIED_CHARS = 8_192;
  private final ConcurrentHashMap<Key, Copy> copies = new ConcurrentHashMap<>();
  private final int maxEntries;
  private final long ttlNanos;
  private final LongSupplier nanoTime;
  private final AtomicLong purges = new AtomicLong();

  /**
   * Creates the cache.
   *
   * @param maxEntries at most this many copies; 0 keeps none
   * @param timeToLive how long a copy is used
   * @param nanoTime the clock ({@code System::nanoTime})
   */
  public FinishedOperations(int maxEntries, Duration timeToLive, LongSupplier nanoTime) {
    if (maxEntries < 0) {
      throw new IllegalArgumentException("maxEntries < 0: " + maxEntries);
    }
    this.maxEntries = maxEntries;
    this.ttlNanos = Objects.requireNonNull(timeToLive, "timeToLive == null").toNanos();
    this.nanoTime = nanoTime;
  }

  /**
   * Reads a copy.
   *
   * @param instanceId the instance id
   * @param bindingId the binding id, null for an instance operation
   * @param operationId the operation id
   * @return the finished operation, or empty when this replica has no live copy
   */
  public Optional<StoredOperation> get(String instanceId, String bindingId, String operationId) {
    if (maxEntries == 0) {
      return Optional.empty();
    }
    Key key = new Key(instanceId, bindingId, operationId);
    Copy copy = copies.get(key);
    if (copy == null) {
      return Optional.empty();
    }
    if (nanoTime.getAsLong() - copy.expiresAt() >= 0) {
      copies.remove(key, copy);
      return Optional.empty();
    }
    return Optional.of(copy.operation());
  }

  /**
   * How many purges have started; read it before reading an operation from the database and
   * give it to {@link #put(String, String, String, StoredOperation, long)}, so that a read that
   * raced a purge keeps no copy of a row the purge deleted.
   *
   * @return the count
   */
  public long purges() {
    return purges.get();
  }

  /**
   * Keeps a copy of an operation read by id, when it is finished.
   *
   * @param instanceId the instance id asked for
   * @param bindingId the binding id asked for
   * @param operationId the operation id asked for
   * @param operation what the database answered
   */
  public void put(String instanceId, String bindingId, String operationId,
      StoredOperation operation) {
    put(instanceId, bindingId, operationId, operation, purges());
  }

  /**
   * Keeps a copy of an operation read by id, when it is finished and no purge started since the
   * read began.
   *
   * @param instanceId the instance id asked for
   * @param bindingId the binding id asked for
   * @param operationId the operation id asked for
   * @param operation what the database answered
   * @param purgesBeforeTheRead {@link #purges()} before the read
   */
  public void put(String instanceId, String bindingId, String operationId,
      StoredOperation operation, long purgesBeforeTheRead) {
    if (maxEntries == 0 || operation.inProgress() || !small(operation)) {
      return;
    }
    long now = nanoTime.getAsLong();
    if (copies.size() >= maxEntries) {
      evict(now);
    }
    Key key = new Key(instanceId, bindingId, operationId);
    Copy copy = new Copy(operation, now + ttlNanos);
    copies.put(key, copy);
    // checked after the put: a purge that started since either sees the copy or is seen here
    if (purges.get() != purgesBeforeTheRead) {
      copies.remove(key, copy);
    }
  }

  /**
   * Whether an operation is small enough to be copied: its payload and step arguments (the only
   * fields a request fills with what a customer sent) hold at most {@value #MAX_COPIED_CHARS}
   * characters together; the others are bounded (ids, a description of at most 4,096
   * characters).
   */
  static boolean small(StoredOperation op) {
    long chars = (op.payload() == null ? 0 : op.payload().length())
        + (op.stepArguments() == null ? 0 : op.stepArguments().length());
    return chars <= MAX_COPIED_CHARS;
  }

  /**
   * Drops the copies of operations finished before a time (the store purged them; call it after
   * the rows are deleted, so that no read can copy them again).
   *
   * @param finishedBefore the purge's limit
   */
  public void purge(Instant finishedBefore) {
    purges.incrementAndGet(); // before the scan: a read that raced it keeps no copy
    copies.values().removeIf(c -> c.operation().finishedAt() == null
        || c.operation().finishedAt().isBefore(finishedBefore));
  }

  /** @return the number of copies held */
  int size() {
    return copies.size();
  }

  private void evict(long now) {
    copies.values().removeIf(c -> now - c.expiresAt() >= 0);
    // still full: drop about a quarter, whichever come first
    int drop = copies.size() - maxEntries * 3 / 4;
    Iterator<Map.Entry<Key, Copy>> it = copies.entrySet().iterator();
    while (drop-- > 0 && it.hasNext()) {
      it.next();
      it.remove();
    }
  }
}
