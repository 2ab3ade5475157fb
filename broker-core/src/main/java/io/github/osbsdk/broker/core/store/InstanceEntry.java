package io.github.osbsdk.broker.core.store;

import java.util.List;
import java.util.Map;

/**
 * Everything {@link InMemoryBrokerStore} keeps of one instance id: the instance, its bindings and
 * the operations running on them. Guarded by its own monitor; {@code dead} once removed from the
 * store's map, so a thread that found it there looks again.
 */
final class InstanceEntry {
  StoredInstance instance;
  Map<String, StoredBinding> bindings;
  StoredOperation instanceOp;
  Map<String, StoredOperation> bindingOps;
  boolean dead;

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
   */
  void bindingsWithCredentials(String afterInstanceId, String afterBindingId,
      List<StoredBinding> out) {
    if (bindings == null) {
      return;
    }
    for (StoredBinding b : bindings.values()) {
      if (b.credentials() != null && (afterInstanceId == null
          || !b.instanceId().equals(afterInstanceId)
          || b.bindingId().compareTo(afterBindingId) > 0)) {
        out.add(b);
      }
    }
  }
}
