package io.github.osbsdk.broker.core.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.ResumableStep;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.core.store.Begin;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.Finish;
import io.github.osbsdk.broker.api.OperationType;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import io.github.osbsdk.broker.core.store.StoredBinding;
import io.github.osbsdk.broker.core.store.StoredInstance;
import io.github.osbsdk.broker.core.store.StoredOperation;
import io.github.osbsdk.broker.core.internal.metrics.BrokerMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Runs operations against the {@link BrokerStore}: creates them with this replica as owner,
 * finishes them with their effect on the registry, runs asynchronous work on the executor and
 * goes on with operations taken over from a replica that stopped (resuming steps, failing the
 * rest; both in {@link OperationWork}), and ends as failed every asynchronous operation still
 * in progress at its deadline (its start plus its plan's timeout, see {@link #timeout(Plan...)}).
 * Its {@link OperationMaintenance} loop renews leases, finds those operations, ends the work
 * here that passed its deadline and purges old finished ones.
 */
public final class OperationRunner implements AutoCloseable {
  static final String GENERIC_FAILURE = "The operation failed.";
  static final String STOPPED = "The service broker stopped while the operation ran; please try"
      + " again.";
  /** The default of {@code Broker.Builder.operationTimeout}: Cloud Foundry's own default. */
  public static final Duration DEFAULT_TIMEOUT = OperationTimeouts.DEFAULT;

  private final BrokerStore store;
  private final SharedClock clock;
  private final String replicaId;
  private final Duration lease;
  private final OperationEffects effects;
  /** Reads and writes the operations' payloads and step arguments. */
  private final OperationPayloads payloads;
  private final OperationMaintenance maintenance;
  private final OperationEnds ends;
  private final OperationUndos undos;
  /** Starts, runs and takes over the asynchronous work. */
  private final OperationWork work;
  /** The asynchronous work running on this replica now. */
  private final RunningWork running;
  private final BrokerMetrics metrics;
  /** How long asynchronous operations may run. */
  private final OperationTimeouts timeouts;
  /** Checks and records the bindings binds deliver. */
  private final BoundBindings bindings;
  /** Ends the operations past their deadline. */
  private final OperationDeadlines deadlines;

  /**
   * Creates the runner and starts its maintenance loop.
   *
   * @param store the store
   * @param clock the clock
   * @param replicaId this replica's id
   * @param lease the lease length
   * @param retention how long finished operations stay readable
   * @param executor runs asynchronous work
   * @param steps the registered resumable steps
   * @param mapper the shared mapper
   */
  public OperationRunner(BrokerStore store, Clock clock, String replicaId, Duration lease,
      Duration retention, Executor executor, Map<String, ResumableStep> steps,
      ObjectMapper mapper) {
    this(store, clock, replicaId, lease, retention, executor, steps, mapper, BrokerMetrics.NONE,
        DEFAULT_TIMEOUT, new BoundBindings(null, mapper, null, new ProviderAnswers(
            new RequestErrorLog(RequestLogLimits.INTERVAL, clock),
            AnswerJson.DEFAULT_MAX_BYTES)));
  }

  /**
   * Creates the runner with metrics and starts its maintenance loop.
   *
   * @param store the store
   * @param clock the clock
   * @param replicaId this replica's id
   * @param lease the lease length
   * @param retention how long finished operations stay readable
   * @param executor runs asynchronous work
   * @param steps the registered resumable steps
   * @param mapper the shared mapper
   * @param metrics where finished operations, takeovers and registry answers are counted
   * @param operationTimeout how long an asynchronous operation may run when its plan declares
   *     no {@code maximum_polling_duration}
   * @param bindings checks and records the bindings binds deliver; its log of failures (the
   *     broker's) limits the ERROR lines of the asynchronous work and of the results the store
   *     refuses too
   */
  OperationRunner(BrokerStore store, Clock clock, String replicaId, Duration lease,
      Duration retention, Executor executor, Map<String, ResumableStep> steps,
      ObjectMapper mapper, BrokerMetrics metrics, Duration operationTimeout,
      BoundBindings bindings) {
    this.bindings = bindings;
    this.metrics = metrics;
    this.store = store;
    this.clock = new SharedClock(store, clock, lease.dividedBy(10));
    this.replicaId = replicaId;
    this.lease = lease;
    Map<String, ResumableStep> registered = Map.copyOf(steps);
    // one log of failures, the broker's: that of the checks of delivered bindings
    OperationErrorLog errorLog = new OperationErrorLog(bindings.errors());
    this.payloads = new OperationPayloads(mapper);
    this.effects = new OperationEffects(store, mapper, this::now, bindings, errorLog, payloads);
    this.timeouts = new OperationTimeouts(operationTimeout, payloads);
    this.running = new RunningWork(store, replicaId);
    this.deadlines = new OperationDeadlines(store, timeouts, this::now, running, replicaId,
        this::ends);
    this.maintenance = new OperationMaintenance(store, replicaId, lease, retention, this::now,
        this::takeOver, this.clock::measure, running::ids, running::heldHere,
        running::checkLeases, deadlines::endOverdueWork);
    this.undos = new OperationUndos(store, effects, maintenance, metrics, errorLog);
    this.ends = new OperationEnds(store, effects, maintenance, metrics, this::now, errorLog,
        undos);
    this.work = new OperationWork(this, executor, registered, undos, maintenance, running,
        metrics, errorLog);
  }

  /** @return the store */
  public BrokerStore store() {
    return store;
  }

  /** @return this replica's id: the owner recorded on its operations */
  public String replicaId() {
    return replicaId;
  }

  /** @return the broker's metrics ({@link BrokerMetrics#NONE} when off) */
  public BrokerMetrics metrics() {
    return metrics;
  }

  /** @return how the bindings binds deliver are checked and recorded */
  BoundBindings bindings() {
    return bindings;
  }

  /** @return now, on the store's shared clock when it has one ({@link SharedClock}) */
  Instant now() {
    return clock.now();
  }

  Instant leaseFrom(Instant now) {
    return now.plus(lease);
  }

  StoredOperation newOperation(String instanceId, String bindingId, OperationType type,
      String fingerprint, String requestId, String payload) {
    Instant now = now();
    ThreadLocalRandom r = ThreadLocalRandom.current();
    String id = new UUID(r.nextLong(), r.nextLong()).toString();
    return StoredOperation.start(id, instanceId, bindingId, type, fingerprint, replicaId,
        leaseFrom(now), requestId, payload, now);
  }

  /** Payload of a deprovision or unbind: the status to restore when it fails. */
  String previousStatusPayload(String status) {
    return payloads.previousStatusPayload(status);
  }

  /** The status a deprovision or unbind restores when it fails, or null when none is recorded. */
  String previousStatus(StoredOperation op) {
    return payloads.previousStatus(op);
  }

  String json(Object value) {
    return payloads.json(value);
  }

  Map<String, Object> map(String json) {
    return payloads.map(json);
  }

  Map<String, Object> stepArguments(String json) {
    return payloads.stepArguments(json);
  }

  /**
   * Finishes a synchronous operation: records the effect, or undoes the claim on failure
   * ({@link OperationEnds#finishSync}); throws {@link StoreUnavailableException} when the store
   * is down (the finish is retried later).
   */
  void finishSync(StoredOperation op, OperationOutcome outcome,
      Finish.RowChange<StoredInstance> instance, Finish.RowChange<StoredBinding> binding) {
    ends.finishSync(op, outcome, instance, binding, null);
  }

  /**
   * Withdraws a begun synchronous operation whose provider was not called and that changes no
   * row, without counting it as an operation's end ({@link OperationEnds#withdraw}).
   */
  void withdraw(StoredOperation op) {
    withdraw(op, Finish.RowChange.none(), Finish.RowChange.none());
  }

  /**
   * As {@link #withdraw(StoredOperation)}, writing {@code instance} and {@code binding} (the rows
   * as they were before the operation); throws {@link StoreUnavailableException} when the store
   * is down (the withdrawal is retried later).
   */
  void withdraw(StoredOperation op, Finish.RowChange<StoredInstance> instance,
      Finish.RowChange<StoredBinding> binding) {
    ends.withdraw(op, instance, binding);
  }

  /**
   * Records a synchronous provision's success ({@link #finishSync}); {@code failedBefore}: the
   * failed instance its claim replaced, or null (see {@link OperationEnds#finishSync}).
   */
  void finishProvisioned(StoredOperation op, StoredInstance ready, StoredInstance failedBefore) {
    ends.finishSync(op, OperationOutcome.SUCCEEDED, Finish.RowChange.put(ready),
        Finish.RowChange.none(), failedBefore);
  }

  /** Finishes an asynchronous operation, {@code owner}'s ({@link OperationEnds#complete}). */
  void complete(StoredOperation op, OperationOutcome outcome, String owner) {
    // also after a provider's lastOperation, on the poll's thread
    OperationEnds.uninterrupted(() -> {
      ends.complete(op, outcome, owner);
      return null;
    });
  }

  /**
   * Runs the store call that starts {@code op} (its claim or begin). A store that fails as
   * unavailable may still have committed it, the answer alone being lost: nobody would ever end
   * that operation (this replica renews its lease while it runs), so it is withdrawn (a create's
   * claim deleted: no provider was called) as soon as the store is back; a withdrawal of an
   * operation that was never written changes nothing.
   *
   * @param op the operation the call writes
   * @param start the claim or begin
   * @param <T> its outcome
   * @return the outcome
   * @throws StoreUnavailableException when the store is unavailable (the platform retries)
   */
  <T> T starting(StoredOperation op, Supplier<T> start) {
    running.calls().add(op.id()); // held by the request until it is answered (a close waits)
    try {
      return start.get();
    } catch (StoreUnavailableException e) {
      undos.withdrawWhenBack(op);
      throw e;
    }
  }

  /** An operation {@link #begin begun}, and the store's answer. */
  record Begun(StoredOperation op, Begin begin) {}

  /**
   * Starts an update, a deprovision or an unbind ({@link BrokerStore#beginOperation}, through
   * {@link #starting}). When an asynchronous operation past its deadline is in the way, it is
   * ended as failed ({@link #endOverdue}) and the operation, as {@code again} makes it then, is
   * begun once more: that end changed the row whose status a deprovision or unbind records to
   * restore should it be undone ({@link Deletes#begin} checks it against the row it found).
   *
   * @param op the operation to begin
   * @param again makes the operation anew from the rows as they are now
   * @return the operation begun and the store's answer
   */
  Begun begin(StoredOperation op, Supplier<StoredOperation> again) {
    Begin begin = starting(op, () -> store.beginOperation(op));
    if (begin instanceof Begin.Busy busy && endOverdue(busy.running())) {
      StoredOperation next = again.get();
      return new Begun(next, starting(next, () -> store.beginOperation(next)));
    }
    return new Begun(op, begin);
  }

  /**
   * How long an asynchronous operation on these plans may run before it ends as failed: the
   * longest of their {@code maximum_polling_duration}s, a plan without one counting
   * {@code Broker.Builder.operationTimeout} (an update changing plans names both).
   *
   * @param plans the operation's plans
   * @return the timeout
   */
  Duration timeout(Plan... plans) {
    return timeouts.of(plans);
  }

  /** The time left until {@code op}'s deadline, on the store's clock (negative once past). */
  Duration untilDeadline(StoredOperation op) {
    return deadlines.until(op);
  }

  /** Ends {@code op} as failed when it passed its deadline ({@link OperationDeadlines}). */
  boolean endOverdue(StoredOperation op) {
    return deadlines.endOverdue(op);
  }

  /** @return the ends' writer (for {@link OperationDeadlines}, made before it) */
  private OperationEnds ends() {
    return ends;
  }

  /**
   * Records that the operation continues asynchronously and starts its work.
   *
   * @param op the running operation
   * @param work the provider's work
   * @param payload SDK-private JSON needed to finish it, or null
   * @param timeout how long it may run ({@link #timeout(Plan...)}); recorded with it, so that
   *     every replica judges it by the same deadline
   * @return the operation id
   * @throws ServiceBrokerException 503 when the executor refuses the work (the operation is
   *     withdrawn, not counted as failed: its work never ran; a create's row kept as failed);
   *     500 when another replica took the operation over (this one lost its lease) and undid it
   */
  String accept(StoredOperation op, AsyncWork work, String payload, Duration timeout) {
    String recorded = timeouts.record(payload, timeout);
    return OperationEnds.uninterrupted(() -> this.work.accept(op, work, recorded));
  }

  /** Called by the maintenance: goes on with an operation taken over ({@link OperationWork}). */
  private void takeOver(StoredOperation op) {
    work.takeOver(op);
  }

  /** Asks for a round for a retry waiting for {@code op} ({@link OperationMaintenance#nudge}). */
  void nudge(StoredOperation op) {
    maintenance.nudge(op, now());
  }

  /**
   * Runs the maintenance once, now (for a poll that found an expired lease, and for tests), on
   * the caller's thread, once the round or delayed task the loop may be running has ended.
   */
  public void maintainNow() {
    maintenance.runOnce();
  }

  /** @return the operations this replica's requests hold, for {@link Endpoint} */
  RequestCalls calls() {
    return running.calls();
  }

  /** As {@link #close(ExecutorService)}, with an executor the broker was given. */
  @Override
  public void close() {
    close(null);
  }

  /**
   * Closes gracefully ({@link GracefulClose}): the work running here has a grace time to end,
   * its leases still renewed, and is then interrupted (its operation left to the replica that
   * takes it over, not recorded as failed); the leases of the operations no longer running here
   * are given up, so other replicas take them over at their next maintenance.
   *
   * @param owned the executor the broker created itself (shut down here), or null
   */
  public void close(ExecutorService owned) {
    GracefulClose.close(work, maintenance, running, owned);
  }
}
