package io.github.osbsdk.broker.core.store;

import io.github.osbsdk.broker.api.OperationType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The single-process {@link BrokerStore}: everything in this JVM's heap, lost on restart. One
 * lock per instance (no global lock); finished asynchronous operations stay until
 * {@link #purgeOperations(Instant)}.
 */
public final class InMemoryBrokerStore implements BrokerStore {
  private final ConcurrentHashMap<String, InstanceEntry> entries = new ConcurrentHashMap<>();
  private final OperationIndex operations = new OperationIndex();

  /** Creates an empty store. */
  public InMemoryBrokerStore() {}

  /** Runs {@code action} under the entry's lock, creating the entry when {@code create}. */
  private <R> R locked(String instanceId, boolean create, Function<InstanceEntry, R> action) {
    while (true) {
      InstanceEntry e = create ? entries.computeIfAbsent(instanceId, k -> new InstanceEntry())
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

  @Override
  public Optional<StoredInstance> findInstance(String instanceId) {
    return read(instanceId, InstanceEntry::instance);
  }

  /** What {@code read} finds in the instance's entry, under its lock; empty without one. */
  private <T> Optional<T> read(String instanceId, Function<InstanceEntry, T> read) {
    InstanceEntry e = entries.get(instanceId);
    if (e == null) {
      return Optional.empty();
    }
    synchronized (e) {
      return Optional.ofNullable(read.apply(e));
    }
  }

  @Override
  public Optional<StoredBinding> findBinding(String instanceId, String bindingId) {
    return read(instanceId, e -> e.binding(bindingId));
  }

  @Override
  public Optional<StoredOperation> findOperation(String instanceId, String bindingId,
      String operationId) {
    return Optional.ofNullable(operations.find(instanceId, bindingId, operationId));
  }

  @Override
  public Optional<StoredOperation> runningOperation(String instanceId) {
    return read(instanceId, InstanceEntry::anyRunning);
  }

  @Override
  public Claim<StoredInstance> claimInstance(StoredInstance instance, StoredOperation operation) {
    requireRunning(operation, OperationType.PROVISION);
    return locked(instance.id(), true, e -> {
      StoredInstance existing = e.instance();
      if (existing != null && !(existing.status() == InstanceStatus.PROVISION_FAILED
          && e.anyRunning() == null && existing.fingerprint().equals(instance.fingerprint()))) {
        return new Claim.Exists<>(existing, e.instanceOp);
      }
      // the payload says what a withdrawal restores: kept only over a failed instance
      StoredOperation stored = existing == null ? operation.withPayload(null) : operation;
      e.instance((existing == null ? instance : instance.replacing(existing))
          .withStatus(InstanceStatus.PROVISIONING, instance.updatedAt()));
      e.instanceOp = stored;
      operations.track(stored);
      return new Claim.Won<>(existing);
    });
  }

  @Override
  public Claim<StoredBinding> claimBinding(StoredBinding binding, StoredOperation operation) {
    requireRunning(operation, OperationType.BIND);
    return locked(binding.instanceId(), false, e -> {
      if (e == null || !e.hasInstance()) {
        return new Claim.Blocked<>(null, null);
      }
      if (e.instanceOp != null || e.status() != InstanceStatus.READY) {
        return new Claim.Blocked<>(e.instance(), e.instanceOp);
      }
      StoredBinding existing = e.binding(binding.bindingId());
      StoredOperation running = e.bindingOp(binding.bindingId());
      if (existing != null && !(existing.status() == BindingStatus.BIND_FAILED && running == null
          && existing.fingerprint().equals(binding.fingerprint()))) {
        return new Claim.Exists<>(existing, running);
      }
      // the payload says what a withdrawal restores: kept only over a failed binding
      StoredOperation stored = existing == null ? operation.withPayload(null) : operation;
      e.startOnBinding((existing == null ? binding : binding.replacing(existing))
          .withStatus(BindingStatus.BINDING), stored);
      operations.track(stored);
      return new Claim.Won<>(existing);
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
      if (e == null || !e.hasInstance()) {
        return new Begin.Missing();
      }
      StoredInstance instance = e.instance();
      if (operation.type() == OperationType.UNBIND) {
        StoredBinding b = e.binding(operation.bindingId());
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
        e.startOnBinding(b.withStatus(BindingStatus.UNBINDING), operation);
        operations.track(operation);
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
        e.instance(instance.withStatus(InstanceStatus.DEPROVISIONING, operation.createdAt()));
      }
      e.instanceOp = operation;
      operations.track(operation);
      return new Begin.Started(instance, null);
    });
  }

  @Override
  public boolean acceptOperation(StoredOperation accepted, String owner) {
    return locked(accepted.instanceId(), false, e -> {
      if (e == null) {
        return false;
      }
      StoredOperation current = e.running(accepted);
      if (current == null || !Objects.equals(current.owner(), owner)
          || current.attempt() != accepted.attempt()) {
        return false; // ended, another replica's, or taken over since (another attempt)
      }
      StoredOperation updated = current.accepted(accepted.stepName(), accepted.stepArguments(),
          accepted.externalOperation(), accepted.payload(), accepted.leaseExpiry());
      e.replaceRunning(updated);
      operations.replace(updated);
      return true;
    });
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
      StoredOperation current = e.running(known);
      if (current == null || !Objects.equals(current.owner(), f.owner())
          || current.attempt() != f.attempt()) {
        return false; // ended, another replica's, or taken over since (another attempt)
      }
      e.finish(current, f.instance(), f.binding());
      if (f.keepOperation()) {
        StoredOperation done = new StoredOperation(current.id(), current.instanceId(),
            current.bindingId(), current.type(), f.status(), f.description(),
            f.instanceUsable(), f.updateRepeatable(), current.fingerprint(), current.async(),
            current.owner(), null, current.attempt(), current.stepName(), null,
            current.externalOperation(), null, current.requestId(), current.createdAt(), f.at());
        operations.replace(done);
      } else {
        operations.delete(current);
      }
      return true;
    });
  }

  @Override
  public int renewLeases(String owner, Instant leaseExpiry) {
    return renewLeasesExcept(owner, Set.of(), leaseExpiry);
  }

  @Override
  public int renewLeasesExcept(String owner, Set<String> keep, Instant leaseExpiry) {
    return setLeases(owner, id -> keep.contains(id) ? null : leaseExpiry);
  }

  @Override
  public int setLeases(String owner, Map<String, Instant> leaseExpiries) {
    return setLeases(owner, leaseExpiries::get);
  }

  /** Sets the leases {@code owner} holds to {@code expiryOf} their id, but where it is null. */
  private int setLeases(String owner, Function<String, Instant> expiryOf) {
    int n = 0;
    for (StoredOperation op : operations.all()) {
      Instant expiry = expiryOf.apply(op.id());
      if (expiry != null && op.inProgress() && owner.equals(op.owner())
          && op.leaseExpiry() != null) {
        n += locked(op.instanceId(), false, e -> {
          StoredOperation current = e == null ? null : e.running(op);
          if (current == null || !owner.equals(current.owner())
              || current.leaseExpiry() == null) {
            return 0;
          }
          StoredOperation renewed = withLease(current, owner, expiry, current.attempt());
          e.replaceRunning(renewed);
          operations.replace(renewed);
          return 1;
        });
      }
    }
    return n;
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
    return takeOver(owner, leaseExpiry, limit, op -> op.leaseExpiry().isBefore(now));
  }

  @Override
  public Optional<Set<String>> leasedOperations(String owner) {
    return Optional.of(operations.all().stream().filter(op -> op.inProgress()
        && owner.equals(op.owner()) && op.leaseExpiry() != null).map(StoredOperation::id)
        .collect(Collectors.toSet()));
  }

  @Override
  public List<StoredOperation> takeOverHeld(String owner, Set<String> ids,
      Instant leaseExpiry) {
    return takeOver(owner, leaseExpiry, Integer.MAX_VALUE,
        op -> ids.contains(op.id()) && owner.equals(op.owner()));
  }

  /** Takes over the operations in progress with a lease that {@code which} accepts. */
  private List<StoredOperation> takeOver(String owner, Instant leaseExpiry, int limit,
      Predicate<StoredOperation> which) {
    List<StoredOperation> taken = new ArrayList<>();
    for (StoredOperation op : operations.all()) {
      if (taken.size() >= limit) {
        break;
      }
      if (!op.inProgress() || op.leaseExpiry() == null || !which.test(op)) {
        continue;
      }
      StoredOperation got = locked(op.instanceId(), false, e -> {
        StoredOperation current = e == null ? null : e.running(op);
        if (current == null || current.leaseExpiry() == null || !which.test(current)) {
          return null;
        }
        StoredOperation mine = withLease(current, owner, leaseExpiry, current.attempt() + 1);
        e.replaceRunning(mine);
        operations.replace(mine);
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
      if (e == null || !e.hasInstance()) {
        return Optional.empty();
      }
      StoredInstance changed = e.instance().withEnabled(enabled, at);
      e.instance(changed);
      return Optional.of(changed);
    });
  }

  @Override
  public List<StoredBinding> bindingsWithCredentials(String afterInstanceId,
      String afterBindingId, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1");
    }
    if ((afterInstanceId == null) != (afterBindingId == null)) {
      throw new IllegalArgumentException("a position needs both ids, or neither");
    }
    List<StoredBinding> page = withCredentials(afterInstanceId, afterBindingId);
    page.sort(Comparator.comparing(StoredBinding::instanceId)
        .thenComparing(StoredBinding::bindingId));
    return List.copyOf(page.subList(0, Math.min(limit, page.size())));
  }

  /** The bindings with credentials after a position (both ids, or neither), in no order. */
  private List<StoredBinding> withCredentials(String afterInstanceId, String afterBindingId) {
    List<StoredBinding> found = new ArrayList<>();
    for (String instanceId : entries.keySet()) {
      if (afterInstanceId == null || instanceId.compareTo(afterInstanceId) >= 0) {
        locked(instanceId, false, e -> e == null ? null
            : e.bindingsWithCredentials(afterInstanceId, afterBindingId, found));
      }
    }
    return found;
  }

  /** The newest by creation time; among equals, the last in id order. */
  @Override
  public Optional<StoredBinding> newestBindingWithCredentials() {
    return withCredentials(null, null).stream().max(Comparator.comparing(StoredBinding::createdAt)
        .thenComparing(StoredBinding::instanceId).thenComparing(StoredBinding::bindingId));
  }

  @Override
  public boolean replaceCredentials(String instanceId, String bindingId, String expected,
      String replacement) {
    Objects.requireNonNull(expected, "expected == null");
    Objects.requireNonNull(replacement, "replacement == null");
    return locked(instanceId, false, e -> {
      StoredBinding b = e == null ? null : e.binding(bindingId);
      if (b == null || !expected.equals(b.credentials())) {
        return false;
      }
      e.bindings.put(bindingId, b.withResult(b.details(), replacement));
      return true;
    });
  }

  @Override
  public int purgeOperations(Instant finishedBefore) {
    return operations.purge(finishedBefore);
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
