package io.github.osbsdk.broker.core.store;

import java.time.Instant;
import java.util.Collection;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory store's operations by id (running ones, and finished asynchronous ones until
 * they are purged), with the latest operation of each instance and binding for
 * {@code last_operation} without an operation id. Thread-safe; the store changes it under the
 * instance's lock.
 */
final class OperationIndex {
  private final ConcurrentHashMap<String, StoredOperation> operations = new ConcurrentHashMap<>();
  /**
   * The latest operation id per instance ({@code id}) or binding ({@code id \0 bindingId}), with
   * the one before it, so that deleting a synchronous operation uncovers the one before.
   */
  private final ConcurrentHashMap<String, Latest> latest = new ConcurrentHashMap<>();

  private record Latest(String current, String previous) {}

  private static String latestKey(String instanceId, String bindingId) {
    return bindingId == null ? instanceId : instanceId + '\0' + bindingId;
  }

  /** Adds a new operation; it becomes the latest of its instance or binding. */
  void track(StoredOperation op) {
    operations.put(op.id(), op);
    latest.compute(latestKey(op.instanceId(), op.bindingId()),
        (k, old) -> new Latest(op.id(), old == null ? null : old.current()));
  }

  /** Replaces the stored state of a known operation (accepted, renewed, taken over, finished). */
  void replace(StoredOperation op) {
    operations.put(op.id(), op);
  }

  /** Deletes an operation, uncovering the one before it as the latest of its key. */
  void delete(StoredOperation op) {
    operations.remove(op.id());
    untrack(op);
  }

  private void untrack(StoredOperation op) {
    latest.computeIfPresent(latestKey(op.instanceId(), op.bindingId()), (k, l) -> {
      if (!l.current().equals(op.id())) {
        return l.previous() != null && l.previous().equals(op.id())
            ? new Latest(l.current(), null) : l;
      }
      return l.previous() != null && operations.containsKey(l.previous())
          ? new Latest(l.previous(), null) : null;
    });
  }

  /**
   * An operation by id.
   *
   * @return the operation, or null
   */
  StoredOperation get(String id) {
    return operations.get(id);
  }

  /**
   * An operation of an instance or binding: the named one, or the latest.
   *
   * @param operationId the id, or null for the latest
   * @return the operation, or null when none (or when the id belongs to another resource)
   */
  StoredOperation find(String instanceId, String bindingId, String operationId) {
    Latest l = operationId != null ? null : latest.get(latestKey(instanceId, bindingId));
    String id = operationId != null ? operationId : l == null ? null : l.current();
    if (id == null) {
      return null;
    }
    StoredOperation op = operations.get(id);
    if (op == null || !op.instanceId().equals(instanceId)
        || !Objects.equals(op.bindingId(), bindingId)) {
      return null;
    }
    return op;
  }

  /**
   * Every kept operation (a weakly consistent view).
   *
   * @return the operations
   */
  Collection<StoredOperation> all() {
    return operations.values();
  }

  /**
   * Deletes the finished operations older than an instant.
   *
   * @return how many were deleted
   */
  int purge(Instant finishedBefore) {
    int n = 0;
    for (Iterator<StoredOperation> it = operations.values().iterator(); it.hasNext(); ) {
      StoredOperation op = it.next();
      if (!op.inProgress() && op.finishedAt() != null && op.finishedAt().isBefore(finishedBefore)
          && operations.remove(op.id(), op)) {
        untrack(op);
        n++;
      }
    }
    return n;
  }
}
