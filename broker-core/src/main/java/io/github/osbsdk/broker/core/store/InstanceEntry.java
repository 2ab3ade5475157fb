package io.github.osbsdk.broker.core.store;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything {@link InMemoryBrokerStore} keeps of one instance id: the instance, its bindings and
 * the operations running on them. Guarded by its own monitor; {@code dead} once removed from the
 * store's map, so a thread that found it there looks again.
 */
final class InstanceEntry {
  /** The instance, packed (see {@link PackedInstance}), or null. */
  private PackedInstance instance;
  Map<String, StoredBinding> bindings;
  StoredOperation instanceOp;
  Map<String, StoredOperation> bindingOps;
  boolean dead;

  /** @return the instance, or null */
  StoredInstance instance() {
    return instance == null ? null : instance.unpack();
  }

  /** @return whether there is an instance */
  boolean hasInstance() {
    return instance != null;
  }

  /** @return the instance's life-cycle state; there must be an instance */
  InstanceStatus status() {
    return instance.status();
  }

  /** Replaces the instance (null: none). */
  void instance(StoredInstance row) {
    instance = row == null ? null : new PackedInstance(row);
  }

  /** @return the operation running on the instance, else one running on a binding, else null */
  StoredOperation anyRunning() {
    if (instanceOp != null) {
      return instanceOp;
    }
    if (bindingOps != null) {
      for (StoredOperation op : bindingOps.values()) {
        return op;
      }
    }
    return null;
  }

  /** @return the operation running on the binding, or null */
  StoredOperation bindingOp(String bindingId) {
    return bindingOps == null ? null : bindingOps.get(bindingId);
  }

  /** @return the binding, or null */
  StoredBinding binding(String bindingId) {
    return bindings == null ? null : bindings.get(bindingId);
  }

  /**
   * @return the operation running where {@code op} runs (the instance, or its binding) when it
   *     is {@code op} (same id), else null
   */
  StoredOperation running(StoredOperation op) {
    StoredOperation current = op.bindingId() == null ? instanceOp : bindingOp(op.bindingId());
    return current != null && current.id().equals(op.id()) ? current : null;
  }

  /** Puts the binding's row and starts its operation. */
  void startOnBinding(StoredBinding binding, StoredOperation op) {
    if (bindings == null) {
      bindings = new HashMap<>(4);
    }
    bindings.put(binding.bindingId(), binding);
    if (bindingOps == null) {
      bindingOps = new HashMap<>(4);
    }
    bindingOps.put(binding.bindingId(), op);
  }

  /** Replaces the running operation that has {@code op}'s id with {@code op}. */
  void replaceRunning(StoredOperation op) {
    if (op.bindingId() == null) {
      instanceOp = op;
    } else {
      bindingOps.put(op.bindingId(), op);
    }
  }

  /** Ends the running operation {@code op} and applies its effect on the rows. */
  void finish(StoredOperation op, Finish.RowChange<StoredInstance> instanceChange,
      Finish.RowChange<StoredBinding> bindingChange) {
    if (op.bindingId() == null) {
      instanceOp = null;
    } else {
      bindingOps.remove(op.bindingId());
    }
    if (instanceChange instanceof Finish.RowChange.Put<StoredInstance> put) {
      // IBM Cloud's enabled state stays as stored: only setEnabled changes it
      instance(instance == null ? put.row() : keepEnabled(put.row(), instance));
    } else if (instanceChange instanceof Finish.RowChange.Delete<StoredInstance>) {
      instance = null;
      bindings = null;
    }
    if (op.bindingId() == null || bindings == null) {
      return;
    }
    if (bindingChange instanceof Finish.RowChange.Put<StoredBinding> put) {
      // credentials once stored stay: only replaceCredentials changes them
      StoredBinding stored = bindings.get(op.bindingId());
      bindings.put(op.bindingId(), stored == null || stored.credentials() == null
          ? put.row() : put.row().withResult(put.row().details(), stored.credentials()));
    } else if (bindingChange instanceof Finish.RowChange.Delete<StoredBinding>) {
      bindings.remove(op.bindingId());
    }
  }

  /** @return whether nothing is left to keep, so the entry can leave the store's map */
  boolean empty() {
    return instance == null && instanceOp == null
        && (bindingOps == null || bindingOps.isEmpty());
  }

  /**
   * Adds the bindings with stored credentials that come after a position (same instance: a
   * greater binding id; the caller skips instances before the position).
   *
   * @param afterInstanceId the position's instance id, or null for all
   * @param afterBindingId the position's binding id, or null for all
   * @param out where to add them
   * @return {@code out}
   */
  List<StoredBinding> bindingsWithCredentials(String afterInstanceId, String afterBindingId,
      List<StoredBinding> out) {
    if (bindings == null) {
      return out;
    }
    for (StoredBinding b : bindings.values()) {
      if (b.credentials() != null && (afterInstanceId == null
          || !b.instanceId().equals(afterInstanceId)
          || b.bindingId().compareTo(afterBindingId) > 0)) {
        out.add(b);
      }
    }
    return out;
  }

  private static StoredInstance keepEnabled(StoredInstance row, PackedInstance stored) {
    if (stored.sameEnabled(row.enabled(), row.enabledChangedAt())) {
      return row;
    }
    return new StoredInstance(row.id(), row.serviceId(), row.planId(), row.fingerprint(),
        row.parameters(), row.context(), row.organizationGuid(), row.spaceGuid(),
        row.maintenanceInfoVersion(), row.dashboardUrl(), row.metadata(), row.status(),
        stored.enabled(), stored.enabledChangedAt(), row.createdAt(), row.updatedAt());
  }
}
