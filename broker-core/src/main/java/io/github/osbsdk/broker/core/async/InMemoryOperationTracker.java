package io.github.osbsdk.broker.core.async;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The default {@link OperationTracker}: concurrent maps, no global lock. Finished operations are
 * forgotten after the retention time (swept lazily). State is lost on restart, and replicas do not
 * share it: brokers running several replicas need a shared implementation.
 */
public final class InMemoryOperationTracker implements OperationTracker {
  private static final long SWEEP_INTERVAL_MILLIS = 60_000;
  private final Duration retention;
  private final Clock clock;
  private final Map<String, TrackedOperation> operations = new ConcurrentHashMap<>();
  private final Map<String, TrackedOperation> running = new ConcurrentHashMap<>();
  private final Map<String, String> latest = new ConcurrentHashMap<>();
  private final AtomicLong nextSweep = new AtomicLong();

  /**
   * @param retention how long finished operations are remembered
   * @param clock the clock
   */
  public InMemoryOperationTracker(Duration retention, Clock clock) {
    this.retention = Objects.requireNonNull(retention, "retention == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  /** @param retention how long finished operations are remembered */
  public InMemoryOperationTracker(Duration retention) {
    this(retention, Clock.systemUTC());
  }

  private static String key(String instanceId, String bindingId) {
    return bindingId == null ? instanceId : instanceId + '\u0000' + bindingId;
  }

  @Override
  public Optional<TrackedOperation> begin(TrackedOperation operation) {
    Objects.requireNonNull(operation, "operation == null");
    sweepIfDue();
    TrackedOperation other = running.putIfAbsent(operation.instanceId(), operation);
    if (other != null) {
      return Optional.of(other);
    }
    operations.put(operation.id(), operation);
    latest.put(key(operation.instanceId(), operation.bindingId()), operation.id());
    return Optional.empty();
  }

  @Override
  public void finish(TrackedOperation finished) {
    Objects.requireNonNull(finished, "finished == null");
    operations.put(finished.id(), finished);
    running.computeIfPresent(finished.instanceId(),
        (k, v) -> v.id().equals(finished.id()) ? null : v);
  }

  @Override
  public Optional<TrackedOperation> find(String operationId) {
    if (operationId == null) {
      return Optional.empty();
    }
    TrackedOperation op = operations.get(operationId);
    return op == null || expired(op, clock.millis()) ? Optional.empty() : Optional.of(op);
  }

  @Override
  public Optional<TrackedOperation> inProgress(String instanceId) {
    return Optional.ofNullable(running.get(instanceId));
  }

  @Override
  public Optional<TrackedOperation> latest(String instanceId, String bindingId) {
    String id = latest.get(key(instanceId, bindingId));
    return id == null ? Optional.empty() : find(id);
  }

  private boolean expired(TrackedOperation op, long now) {
    Instant end = op.finishedAt();
    return end != null && end.toEpochMilli() + retention.toMillis() < now;
  }

  private void sweepIfDue() {
    long now = clock.millis();
    long due = nextSweep.get();
    if (now < due || !nextSweep.compareAndSet(due, now + SWEEP_INTERVAL_MILLIS)) {
      return;
    }
    operations.values().removeIf(op -> expired(op, now));
    latest.values().removeIf(id -> !operations.containsKey(id));
  }
}
