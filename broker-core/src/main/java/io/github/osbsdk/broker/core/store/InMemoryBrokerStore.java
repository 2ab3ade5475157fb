package io.github.osbsdk.broker.core.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The single-process {@link BrokerStore}: everything in this JVM's heap, lost on restart. One
 * lock per instance (no global lock); finished asynchronous operations stay until
 * {@link #purgeOperations(Instant)}.
 */
public final class InMemoryBrokerStore implements BrokerStore {
  /** Everything of one instance id, guarded by its own monitor. */
  private static final class Entry {
    StoredInstance instance;
    Map<String, StoredBinding> bindings;
    StoredOperation instanceOp;
    Map<String, StoredOperation> bindingOps;
    boolean dead;

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

    StoredOperation bindingOp(String bindingId) {
      return bindingOps == null ? null : bindingOps.get(bindingId);
    }

    boolean empty() {
      return instance == null && instanceOp == null
          && (bindingOps == null || bindingOps.isEmpty());
    }
  }

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  /** Operations that are kept (running, and finished asynchronous ones), by id. */
  private final ConcurrentHashMap<String, StoredOperation> operations = new ConcurrentHashMap<>();
  /**
   * The latest operation id per instance ({@code id}) or binding ({@code id \0 bindingId}), with
   * the one before it, so that deleting a synchronous operation uncovers the one before.
   */
  private final ConcurrentHashMap<String, Latest> latest = new ConcurrentHashMap<>();

  private record Latest(String current, String previous) {}

  /** Creates an empty store. */
  public InMemoryBrokerStore() {}

  private static String latestKey(String instanceId, String bindingId) {
    return bindingId == null ? instanceId : instanceId + '\0' + bindingId;
  }

  /** Runs {@code action} under the entry's lock, creating the entry when {@code create}. */
  private <R> R locked(String instanceId, boolean create, Function<Entry, R> action) {
    while (true) {
      Entry e = create ? entries.computeIfAbsent(instanceId, k -> new Entry())
          : entries.get(instanceId);
      if (e == null) {
        return action.apply(null);
      }
      synchronized (e) {
        if (e.dead) {
          continue;
        }
        try {
          return action.apply(e);
        } finally {
          if (e.empty()) {
            e.dead = true;
            entries.remove(instanceId, e);
          }
        }
      }
    }
  }

  private void track(StoredOperation op) {
    operations.put(op.id(), op);
    latest.compute(latestKey(op.instanceId(), op.bindingId()),
        (k, old) -> new Latest(op.id(), old == null ? null : old.current()));
  }

  /** Forgets a deleted operation as the latest of its key, uncovering the one before it. */
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

  @Override
  public Optional<StoredInstance> findInstance(String instanceId) {
    Entry e = entries.get(instanceId);
    if (e == null) {
      return Optional.empty();
    }
    synchronized (e) {
      return Optional.ofNullable(e.instance);
    }
  }

  @Override
  public Optional<StoredBinding> findBinding(String instanceId, String bindingId) {
    Entry e = entries.get(instanceId);
    if (e == null) {
      return Optional.empty();
    }
    synchronized (e) {
      return Optional.ofNullable(e.bindings == null ? null : e.bindings.get(bindingId));
    }
  }

  @Override
  public Optional<StoredOperation> findOperation(String instanceId, String bindingId,
      String operationId) {
    Latest l = operationId != null ? null : latest.get(latestKey(instanceId, bindingId));
    String id = operationId != null ? operationId : l == null ? null : l.current();
    if (id == null) {
      return Optional.empty();
    }
    StoredOperation op = operations.get(id);
    if (op == null || !op.instanceId().equals(instanceId)
        || !Objects.equals(op.bindingId(), bindingId)) {
      return Optional.empty();
    }
    return Optional.of(op);
  }

  @Override
  public Optional<StoredOperation> runningOperation(String instanceId) {
    Entry e = entries.get(instanceId);
    if (e == null) {
      return Optional.empty();
    }
    synchronized (e) {
      return Optional.ofNullable(e.anyRunning());
    }
  }

  @Override
  public Claim<StoredInstance> claimInstance(StoredInstance instance, StoredOperation operation) {
    requireRunning(operation, OperationType.PROVISION);
    return locked(instance.id(), true, e -> {
      StoredInstance existing = e.instance;
      if (existing != null && !(existing.status() == InstanceStatus.PROVISION_FAILED
          && e.anyRunning() == null && existing.fingerprint().equals(instance.fingerprint()))) {
        return new Claim.Exists<>(existing, e.instanceOp);
      }
      e.instance = instance.withStatus(InstanceStatus.PROVISIONING, instance.updatedAt());
      e.instanceOp = operation;
      track(operation);
      return new Claim.Won<>();
    });
  }

  @Override
  public Claim<StoredBinding> claimBinding(StoredBinding binding, StoredOperation operation) {
    requireRunning(operation, OperationType.BIND);
    return locked(binding.instanceId(), false, e -> {
      if (e == null || e.instance == null) {
        return new Claim.Blocked<>(null, null);
      }
      if (e.instanceOp != null || e.instance.status() != InstanceStatus.READY) {
        return new Claim.Blocked<>(e.instance, e.instanceOp);
      }
      StoredBinding existing = e.bindings == null ? null : e.bindings.get(binding.bindingId());
      StoredOperation running = e.bindingOp(binding.bindingId());
      if (existing != null && !(existing.status() == BindingStatus.BIND_FAILED && running == null
          && existing.fingerprint().equals(binding.fingerprint()))) {
        return new Claim.Exists<>(existing, running);
      }
      if (e.bindings == null) {
        e.bindings = new HashMap<>(4);
      }
      e.bindings.put(binding.bindingId(), binding.withStatus(BindingStatus.BINDING));
      if (e.bindingOps == null) {
        e.bindingOps = new HashMap<>(4);
      }
      e.bindingOps.put(binding.bindingId(), operation);
      track(operation);
      return new Claim.Won<>();
    });
  }

  @Override
  public Begin beginOperation(StoredOperation operation) {
    if (!operation.inProgress() || operation.type() == OperationType.PROVISION
        || operation.type() == OperationType.BIND) {
      throw new IllegalArgumentException("beginOperation takes a running update, deprovision or"
          + " unbind");
    }
    return locked(operation.instanceId(), false, e -> {
      if (e == null || e.instance == null) {
        return new Begin.Missing();
      }
      StoredInstance instance = e.instance;
      if (operation.type() == OperationType.UNBIND) {
        StoredBinding b = e.bindings == null ? null : e.bindings.get(operation.bindingId());
        if (b == null) {
          return new Begin.Missing();
        }
        if (e.instanceOp != null) {
          return new Begin.Busy(e.instanceOp);
        }
        StoredOperation running = e.bindingOp(operation.bindingId());
        if (running != null) {
          return new Begin.Busy(running);
        }
        if (b.status() != BindingStatus.READY && b.status() != BindingStatus.BIND_FAILED) {
          return new Begin.Busy(null);
        }
        e.bindings.put(b.bindingId(), b.withStatus(BindingStatus.UNBINDING));
        if (e.bindingOps == null) {
          e.bindingOps = new HashMap<>(4);
        }
        e.bindingOps.put(b.bindingId(), operation);
        track(operation);
        return new Begin.Started(instance, b);
      }
      StoredOperation running = e.anyRunning();
      if (running != null) {
        return new Begin.Busy(running);
      }
      if (operation.type() == OperationType.UPDATE) {
        if (instance.status() != InstanceStatus.READY) {
          return new Begin.Busy(null);
        }
      } else {
        if (instance.status() != InstanceStatus.READY
            && instance.status() != InstanceStatus.PROVISION_FAILED) {
          return new Begin.Busy(null);
        }
        e.instance = instance.withStatus(InstanceStatus.DEPROVISIONING, operation.createdAt());
      }
      e.instanceOp = operation;
      track(operation);
      return new Begin.Started(instance, null);
    });
  }

  @Override
  public boolean acceptOperation(StoredOperation accepted, String owner) {
    return locked(accepted.instanceId(), false, e -> {
      if (e == null) {
        return false;
      }
      StoredOperation current = accepted.bindingId() == null ? e.instanceOp
          : e.bindingOp(accepted.bindingId());
      if (current == null || !current.id().equals(accepted.id())
          || !Objects.equals(current.owner(), owner)) {
        return false;
      }
      StoredOperation updated = current.accepted(accepted.stepName(), accepted.stepArguments(),
          accepted.externalOperation(), accepted.payload(), accepted.leaseExpiry());
      replaceRunning(e, updated);
      operations.put(updated.id(), updated);
      return true;
    });
  }

  private static void replaceRunning(Entry e, StoredOperation op) {
    if (op.bindingId() == null) {
      e.instanceOp = op;
    } else {
      e.bindingOps.put(op.bindingId(), op);
    }
  }

  @Override
  public boolean finishOperation(Finish f) {
    StoredOperation known = operations.get(f.operationId());
    if (known == null) {
      return false;
    }
    return locked(known.instanceId(), false, e -> {
      if (e == null) {
        return false;
      }
      StoredOperation current = known.bindingId() == null ? e.instanceOp
          : e.bindingOp(known.bindingId());
      if (current == null || !current.id().equals(f.operationId())
          || !Objects.equals(current.owner(), f.owner())) {
        return false;
      }
      if (current.bindingId() == null) {
        e.instanceOp = null;
      } else {
        e.bindingOps.remove(current.bindingId());
      }
      applyInstance(e, f.instance());
      if (current.bindingId() != null && e.bindings != null) {
        applyBinding(e, current.bindingId(), f.binding());
      }
      if (f.keepOperation()) {
        StoredOperation done = new StoredOperation(current.id(), current.instanceId(),
            current.bindingId(), current.type(), f.status(), f.description(),
            f.instanceUsable(), f.updateRepeatable(), current.fingerprint(), current.async(),
            current.owner(), null, current.attempt(), current.stepName(),
            current.stepArguments(), current.externalOperation(), current.payload(),
            current.requestId(), current.createdAt(), f.at());
        operations.put(done.id(), done);
      } else {
        operations.remove(current.id());
        untrack(current);
      }
      return true;
    });
  }

  private static void applyInstance(Entry e, Finish.RowChange<StoredInstance> change) {
    if (change instanceof Finish.RowChange.Put<StoredInstance> put) {
      e.instance = put.row();
    } else if (change instanceof Finish.RowChange.Delete<StoredInstance>) {
      e.instance = null;
      e.bindings = null;
    }
  }

  private static void applyBinding(Entry e, String bindingId,
      Finish.RowChange<StoredBinding> change) {
    if (change instanceof Finish.RowChange.Put<StoredBinding> put) {
      e.bindings.put(bindingId, put.row());
    } else if (change instanceof Finish.RowChange.Delete<StoredBinding>) {
      e.bindings.remove(bindingId);
    }
  }

  @Override
  public int renewLeases(String owner, Instant leaseExpiry) {
    int n = 0;
    for (StoredOperation op : operations.values()) {
      if (op.inProgress() && owner.equals(op.owner()) && op.leaseExpiry() != null) {
        n += locked(op.instanceId(), false, e -> {
          StoredOperation current = running(e, op);
          if (current == null || !owner.equals(current.owner())
              || current.leaseExpiry() == null) {
            return 0;
          }
          StoredOperation renewed = withLease(current, owner, leaseExpiry, current.attempt());
          replaceRunning(e, renewed);
          operations.put(renewed.id(), renewed);
          return 1;
        });
      }
    }
    return n;
  }

  private static StoredOperation running(Entry e, StoredOperation op) {
    if (e == null) {
      return null;
    }
    StoredOperation current = op.bindingId() == null ? e.instanceOp : e.bindingOp(op.bindingId());
    return current != null && current.id().equals(op.id()) ? current : null;
  }

  private static StoredOperation withLease(StoredOperation op, String owner, Instant lease,
      int attempt) {
    return new StoredOperation(op.id(), op.instanceId(), op.bindingId(), op.type(), op.status(),
        op.description(), op.instanceUsable(), op.updateRepeatable(), op.fingerprint(),
        op.async(), owner, lease, attempt, op.stepName(), op.stepArguments(),
        op.externalOperation(), op.payload(), op.requestId(), op.createdAt(), op.finishedAt());
  }

  @Override
  public List<StoredOperation> takeOverExpired(String owner, Instant now, Instant leaseExpiry,
      int limit) {
    List<StoredOperation> taken = new ArrayList<>();
    for (StoredOperation op : operations.values()) {
      if (taken.size() >= limit) {
        break;
      }
      if (!op.inProgress() || op.leaseExpiry() == null || !op.leaseExpiry().isBefore(now)) {
        continue;
      }
      StoredOperation got = locked(op.instanceId(), false, e -> {
        StoredOperation current = running(e, op);
        if (current == null || current.leaseExpiry() == null
            || !current.leaseExpiry().isBefore(now)) {
          return null;
        }
        StoredOperation mine = withLease(current, owner, leaseExpiry, current.attempt() + 1);
        replaceRunning(e, mine);
        operations.put(mine.id(), mine);
        return mine;
      });
      if (got != null) {
        taken.add(got);
      }
    }
    return taken;
  }

  @Override
  public Optional<StoredInstance> setEnabled(String instanceId, boolean enabled, Instant at) {
    return locked(instanceId, false, e -> {
      if (e == null || e.instance == null) {
        return Optional.empty();
      }
      e.instance = e.instance.withEnabled(enabled, at);
      return Optional.of(e.instance);
    });
  }

  @Override
  public int purgeOperations(Instant finishedBefore) {
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

  @Override
  public void check() {
    // always available
  }

  private static void requireRunning(StoredOperation op, OperationType type) {
    if (op.type() != type || !op.inProgress()) {
      throw new IllegalArgumentException("needs a running " + type + " operation");
    }
  }
}
