package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.ResumableStep;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.StepContext;
import io.github.osbsdk.broker.api.TemporarilyUnavailableException;
import io.github.osbsdk.broker.core.internal.metrics.BrokerMetrics;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.OperationStatus;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import io.github.osbsdk.broker.core.store.StoredOperation;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The asynchronous work of the {@link OperationRunner}'s operations on this replica: records that
 * an operation goes on asynchronously and starts its work on the executor, runs a task or a
 * resumable step and records its outcome (a step that finds something unavailable runs again here
 * later), and goes on with operations taken over from a replica that stopped (resuming steps,
 * failing the rest): both through {@link WorkResumption}.
 */
final class OperationWork {
  /** The runner's: its log lines keep their category. */
  private static final Logger LOG = LoggerFactory.getLogger(OperationRunner.class);

  private final OperationRunner runner;
  private final BrokerStore store;
  private final String replicaId;
  private final Executor executor;
  private final Map<String, ResumableStep> steps;
  private final OperationUndos undos;
  private final RunningWork running;
  private final BrokerMetrics metrics;
  /** Limits the ERROR lines written once per operation. */
  private final OperationErrorLog errors;
  /** Goes on later with work that cannot go on now. */
  private final WorkResumption resumption;
  /** Set by {@link #markClosing}: work that starts from then on is left to another replica. */
  private volatile boolean stopping;
  /** Set by {@link #markClosing}: work failing from then on (interrupted) is left to others. */
  private volatile boolean closing;

  OperationWork(OperationRunner runner, Executor executor, Map<String, ResumableStep> steps,
      OperationUndos undos, OperationMaintenance maintenance, RunningWork running,
      BrokerMetrics metrics, OperationErrorLog errors) {
    this.runner = runner;
    this.store = runner.store();
    this.replicaId = runner.replicaId();
    this.executor = executor;
    this.steps = steps;
    this.undos = undos;
    this.running = running;
    this.metrics = metrics;
    this.errors = errors;
    this.resumption = new WorkResumption(this, runner, executor, steps, undos, maintenance,
        metrics, errors);
  }

  /**
   * From now on, work that has not started yet is left to the replica that takes it over, and so
   * is work that fails or is interrupted when {@code interrupting} (the close interrupts it).
   */
  void markClosing(boolean interrupting) {
    stopping = true;
    closing |= interrupting;
  }

  /**
   * Records that the operation continues asynchronously and starts its work (see
   * {@link OperationRunner#accept}).
   *
   * @param op the running operation
   * @param work the provider's work
   * @param payload SDK-private JSON needed to finish it, its timeout recorded, or null
   * @return the operation id
   */
  String accept(StoredOperation op, AsyncWork work, String payload) {
    String misuse = DeliveringWork.misuse(op, work, steps);
    if (misuse != null) {
      throw stepBug(op, "delivering work", misuse);
    }
    StoredOperation accepted;
    if (work instanceof AsyncWork.Step step) {
      if (!steps.containsKey(step.name())) {
        throw stepBug(op, "unregistered step", "the resumable step "
            + LogText.quote(step.name()) + " is not registered with the broker builder");
      }
      String arguments;
      try {
        arguments = runner.json(step.arguments());
      } catch (IllegalArgumentException e) {
        // Jackson names the path (keys, types), not the values
        throw stepBug(op, "step arguments", "the arguments of the resumable step "
            + LogText.quote(step.name()) + " cannot be written as JSON: "
            + LogText.quote(e.getMessage()));
      }
      accepted = op.accepted(step.name(), arguments, null, payload,
          runner.leaseFrom(runner.now()));
    } else if (work instanceof AsyncWork.ProviderTracked tracked) {
      accepted = op.accepted(null, null, tracked.operation(), payload, null);
    } else {
      accepted = op.accepted(null, null, null, payload, runner.leaseFrom(runner.now()));
    }
    boolean stillOurs;
    try {
      stillOurs = store.acceptOperation(accepted, replicaId);
    } catch (StoreUnavailableException e) {
      // the platform gets 503 and retries or deletes: the operation must not be in the way (a
      // create's row stays as failed, OperationEffects#undo). A provider-tracked acceptance the
      // store committed all the same cleared the owner: the undo matches that one too
      undos.undoWhenBack(op, work instanceof AsyncWork.ProviderTracked ? accepted : null);
      throw e;
    } catch (Exception | Error e) { // NOPMD: a store may throw anything
      throw undos.undoRefused(op, "the acceptance of", e, true);
    }
    if (!stillOurs) {
      // another replica took it over (this one lost its lease) and undid it: its id would name
      // an operation nobody runs and last_operation does not know
      LOG.warn("Request {}: {} operation {} was taken over by another replica and undone before"
          + " its asynchronous answer was recorded; its work does not start here",
          op.requestId(), op.type(), op.id());
      throw RequestErrorLog.loggedInternalError(op.requestId()); // logged: the WARN above
    }
    if (work instanceof AsyncWork.ProviderTracked) {
      LOG.info("Asynchronous {} operation {} is tracked by the provider", op.type(), op.id());
      return op.id();
    }
    StoredOperation running = this.running.readBack(accepted);
    try {
      execute(running, work, 0);
    } catch (RejectedExecutionException e) {
      // its work never ran: withdrawn, not counted as failed; undone once the store is back
      // when it is down now (OperationUndos#undo)
      undos.withdrawRefusedWork(running, OperationOutcome.failed("The service broker is busy."));
      errors.executorRefused(running, e);
      throw RequestErrorLog.logged(503, "The service broker is busy; please try again later.");
    }
    LOG.info("Started asynchronous {} operation {}", op.type(), op.id());
    return op.id();
  }


  /**
   * Undoes an operation whose step the provider got wrong, logs it, and returns the 500 to
   * throw, which {@code Endpoint} does not log again.
   *
   * @param mistake the kind of mistake, for the limit of its ERROR lines
   */
  private ServiceBrokerException stepBug(StoredOperation op, String mistake, String what) {
    undos.undo(op, OperationOutcome.failed(OperationRunner.GENERIC_FAILURE));
    errors.implementationError(op, mistake, what);
    return RequestErrorLog.loggedInternalError(op.requestId());
  }

  /**
   * Hands the operation's work to the executor ({@link #run} there), counted as this replica's
   * until it starts ({@link RunningWork#queue}), not once the executor refuses it.
   *
   * @param retries how often the step ran here before and found something unavailable
   * @throws RejectedExecutionException when the executor refuses it
   */
  void execute(StoredOperation op, AsyncWork work, int retries) {
    running.queue(op.id());
    try {
      executor.execute(() -> run(op, work, retries));
    } catch (RuntimeException | Error e) {
      running.started(op.id()); // never runs
      throw e;
    }
  }

  /**
   * Runs the provider's work and records its outcome. A step that finds something unavailable
   * ({@link TemporarilyUnavailableException}, the provider's own or the SDK store's
   * {@link StoreUnavailableException}, thrown or as a cause: {@link StepRetries}) runs again
   * here later ({@link WorkResumption#later}), not before its {@code retryAfter} when it names
   * one, its operation still in progress; a task cannot be run again, and fails.
   *
   * @param retries how often the step ran here before and found something unavailable
   */
  private void run(StoredOperation op, AsyncWork work, int retries) {
    boolean overdue;
    try {
      overdue = runner.endOverdue(op);
    } catch (RuntimeException | Error e) {
      running.started(op.id()); // does not run
      throw e;
    }
    if (overdue) {
      running.started(op.id());
      return; // it waited for a thread until its deadline
    }
    if (retries > 0) { // before the entry: nothing that may throw comes between it and the try
      metrics.stepRetry(op.type());
    }
    if (op.requestId() != null) {
      MDC.put(RequestIdFilter.MDC_KEY, op.requestId());
    }
    RunningWork.Entry self = running.start(op); // before the check: a close sees one or the other
    running.started(op.id()); // after the start: the maintenance sees one or the other
    if (stopping) {
      running.end(self); // queued when this replica began to close: left to the one taking over
      running.remove(self);
      MDC.remove(RequestIdFilter.MDC_KEY);
      return;
    }
    OperationOutcome outcome = null;
    String failure = null;
    String unavailable = null;
    Duration retryAfter = null;
    boolean lost;
    try {
      outcome = work instanceof AsyncWork.Step step
          ? DeliveringWork.step(op, steps.get(step.name()), new StepContext(op.id(),
              op.type(), op.instanceId(), op.bindingId(), step.arguments(),
              op.attempt()), errors)
          : DeliveringWork.task(op, ((AsyncWork.Task) work).task(), errors);
    } catch (ServiceBrokerException e) {
      if (closing || self.lost()) { // the close interrupted it, or it is no longer ours
        LOG.debug("Operation {} stopped here: {}", op.id(), e.toString()); // left to a takeover
      } else if (e.status() == 410 && op.type().deletes()) {
        // already gone: deleted, as for a synchronous delete and a provider-tracked one
        LOG.info("Asynchronous {} operation {} found its target already gone: {}", op.type(),
            op.id(), LogText.quote(e.getMessage()));
        outcome = OperationOutcome.SUCCEEDED;
      } else {
        outcome = new OperationOutcome(OperationStatus.FAILED, e.description(), e.instanceUsable(),
            e.updateRepeatable());
        failure = e.getMessage();
      }
    } catch (Throwable t) { // NOPMD: any failure of provider code ends the operation as failed
      TemporarilyUnavailableException e = StepRetries.unavailable(t);
      if (closing || self.lost()) { // left to the replica that takes it over
        LOG.debug("Operation {} stopped here: {}", op.id(), t.toString());
      } else if (e != null && work instanceof AsyncWork.Step) {
        unavailable = String.valueOf(e.getMessage()); // without secrets, as its type requires
        retryAfter = e.retryAfter();
      } else if (e != null) {
        outcome = OperationOutcome.failed(OperationRunner.GENERIC_FAILURE);
        errors.taskFoundUnavailable(op, e);
      } else {
        outcome = OperationOutcome.failed(OperationRunner.GENERIC_FAILURE);
        errors.failedUnexpectedly(op, t);
      }
    } finally {
      lost = running.end(self);
      // An interrupt was meant for this work (a lost lease, the shutdown, or the work's own
      // Thread.interrupt() before it returned or threw): neither the store writes that record
      // its outcome (a connection pool refuses an interrupted thread) nor the next task get it.
      Thread.interrupted();
      MDC.remove(RequestIdFilter.MDC_KEY);
    }
    try {
      if (lost) {
        LOG.warn("Asynchronous {} operation {} (attempt {}) ended here after it stopped being this"
            + " replica's (it passed its deadline, or another replica took it over as this one"
            + " could not renew its lease in time); its outcome here is not recorded", op.type(),
            op.id(), op.attempt());
      } else if (unavailable != null) {
        LOG.warn("Asynchronous {} operation {}: its step {} found something unavailable ({}); it"
            + " runs here again later (retry {}{})", op.type(), op.id(),
            LogText.quote(((AsyncWork.Step) work).name()), LogText.quote(unavailable), retries + 1,
            retryAfter == null ? "" : ", not before " + retryAfter + " as it asked");
        resumption.later(op, work, retries, retryAfter);
      } else if (outcome == null) {
        LOG.info(store instanceof io.github.osbsdk.broker.core.store.InMemoryBrokerStore
            ? "Asynchronous {} operation {} stopped with this process (its in-memory registry ends"
                + " with it)"
            : "Asynchronous {} operation {} stopped with this replica; another replica on the same"
                + " store takes it over when its lease ends", op.type(), op.id());
      } else {
        if (failure != null) {
          LOG.warn("Asynchronous {} operation {} failed: {}", op.type(), op.id(),
              LogText.quote(failure));
        } else if (outcome.status() == OperationStatus.SUCCEEDED) {
          LOG.info("Asynchronous {} operation {} succeeded", op.type(), op.id());
        }
        runner.complete(op, outcome, replicaId);
      }
    } finally {
      running.remove(self); // recorded: a close waits for that too
    }
  }

  /** Whether work that has not started yet is left to the replica that takes it over. */
  boolean stopping() {
    return stopping;
  }

  /** Goes on with an operation taken over from a replica that stopped ({@link WorkResumption}). */
  void takeOver(StoredOperation op) {
    resumption.takeOver(op);
  }
}
