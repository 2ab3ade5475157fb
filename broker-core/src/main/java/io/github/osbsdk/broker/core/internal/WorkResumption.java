package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.ResumableStep;
import io.github.osbsdk.broker.core.internal.metrics.BrokerMetrics;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import io.github.osbsdk.broker.core.store.StoredOperation;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Goes on later with the {@link OperationWork} of this replica that cannot go on now: an
 * operation taken over from a replica that stopped (its resumable step runs again here, anything
 * else ends as failed), and a step that found something unavailable (it runs again after a
 * backoff). Whatever the store or the executor does, none stays in progress for ever while this
 * replica renews its lease.
 */
final class WorkResumption {
  /** The runner's: its log lines keep their category. */
  private static final Logger LOG = LoggerFactory.getLogger(OperationRunner.class);

  private final OperationWork work;
  private final OperationRunner runner;
  private final BrokerStore store;
  private final String replicaId;
  private final Executor executor;
  private final Map<String, ResumableStep> steps;
  private final OperationUndos undos;
  private final OperationMaintenance maintenance;
  private final BrokerMetrics metrics;
  private final OperationErrorLog errors;

  WorkResumption(OperationWork work, OperationRunner runner, Executor executor,
      Map<String, ResumableStep> steps, OperationUndos undos,
      OperationMaintenance maintenance, BrokerMetrics metrics, OperationErrorLog errors) {
    this.work = work;
    this.runner = runner;
    this.store = runner.store();
    this.replicaId = runner.replicaId();
    this.executor = executor;
    this.steps = steps;
    this.undos = undos;
    this.maintenance = maintenance;
    this.metrics = metrics;
    this.errors = errors;
  }

  /**
   * Goes on with an operation taken over from a replica that stopped renewing its lease: one past
   * its deadline ends as failed, a resumable step runs again here, anything else ends as failed
   * (a synchronous one is undone). Each operation on its own: one whose row cannot be read or
   * whose resumption throws ends as failed, and one the store was unavailable for is taken over
   * again later; this replica renews the lease of every operation it took over, so one left
   * alone would stay in progress for ever.
   */
  void takeOver(StoredOperation op) {
    try {
      goOn(op);
    } catch (StoreUnavailableException e) {
      LOG.warn("Store unavailable while taking over operation {}; it is taken over here again"
          + " later", op.id());
      later(op, null, 0);
    } catch (Exception | Error e) { // NOPMD: a bad row or provider code may throw anything
      errors.takeOverFailed(op, e);
      endAsFailed(op, OperationOutcome.failed(OperationRunner.GENERIC_FAILURE));
    }
  }

  /** Ends an operation taken over as failed: an asynchronous one recorded, a synchronous undone. */
  private void endAsFailed(StoredOperation op, OperationOutcome outcome) {
    if (op.async()) {
      runner.complete(op, outcome, replicaId);
    } else {
      undos.undo(op, outcome);
    }
  }

  private void goOn(StoredOperation op) {
    if (runner.endOverdue(op)) {
      metrics.takeover(op.type(), false);
      return;
    }
    if (op.async() && op.stepName() != null && steps.containsKey(op.stepName())) {
      AsyncWork work = AsyncWork.step(op.stepName(), runner.stepArguments(op.stepArguments()));
      try {
        // never from here: this runs in a round or a delayed task, holding the maintenance's
        // lock, and the executor may run the step on the thread that hands it over
        maintenance.handOff(op.id(), () -> resume(op, work, 0, true));
      } catch (RejectedExecutionException e) {
        // closing: this replica gives its leases up, and another one takes the operation over
        LOG.debug("Operation {} is left to the replica that takes it over", op.id());
      }
      return;
    }
    metrics.takeover(op.type(), false);
    endAsFailed(op, OperationOutcome.failed(OperationRunner.STOPPED));
  }

  /**
   * Hands a step to the executor, on the maintenance's hand-off thread
   * ({@link OperationMaintenance#handOff}), where an executor that runs it on the caller's thread
   * holds up no round. Whatever else than a refusal the executor throws ends the operation as
   * failed, as in {@link #takeOver}.
   *
   * @param retries how often the step ran here before and found something unavailable
   * @param takenOver whether this replica just took the operation over (else it runs the step
   *     again after it found something unavailable)
   */
  private void resume(StoredOperation op, AsyncWork work, int retries, boolean takenOver) {
    try {
      this.work.execute(op, work, retries);
      if (takenOver) {
        metrics.takeover(op.type(), true);
      }
    } catch (RejectedExecutionException e) {
      if (this.work.stopping()) {
        LOG.debug("Operation {} is left to the replica that takes it over", op.id());
        return;
      }
      if (executor instanceof ExecutorService service && service.isShutdown()) {
        // it would be refused for ever, while this replica renews the lease it holds
        LOG.warn("The executor is shut down; operation {} cannot be resumed here and is"
            + " recorded as failed", op.id());
        if (takenOver) {
          metrics.takeover(op.type(), false);
        }
        runner.complete(op, OperationOutcome.failed(OperationRunner.STOPPED), replicaId);
        return;
      }
      // this replica renews the lease it holds: left alone, it would never run again
      errors.executorBusy(op, e);
      if (takenOver) {
        later(op, null, 0);
      } else {
        later(op, work, retries);
      }
    } catch (Exception | Error e) { // NOPMD: a provider's executor may throw anything
      errors.notHandedToExecutor(op, e);
      endAsFailed(op, OperationOutcome.failed(OperationRunner.GENERIC_FAILURE));
    }
  }

  /**
   * Goes on with an operation of this replica's later, if it is then still in progress and this
   * replica's (the same attempt): a step that found something unavailable runs again, after a
   * backoff that doubles with each retry, never past the deadline
   * ({@link OperationMaintenance#later(String, Runnable, int, java.time.Duration)}); past it, it
   * ends as failed as any other ({@link OperationRunner#endOverdue}); one taken over is taken over
   * again ({@link #takeOver}). One the store cannot be read for is tried again later.
   *
   * @param work the step to run again, or null to take the operation over again
   * @param retries how often the step ran here before and found something unavailable
   */
  void later(StoredOperation op, AsyncWork work, int retries) {
    later(op, work, retries, null);
  }

  /**
   * As {@link #later(StoredOperation, AsyncWork, int)}, after at least {@code retryAfter} (the
   * step's {@link io.github.osbsdk.broker.api.TemporarilyUnavailableException#retryAfter()}),
   * bounded as {@link DelayedTasks#delayMillis} says.
   *
   * @param work the step to run again, or null to take the operation over again
   * @param retries how often the step ran here before and found something unavailable
   * @param retryAfter the shortest wait, or null for the backoff's
   */
  void later(StoredOperation op, AsyncWork work, int retries, Duration retryAfter) {
    try {
      maintenance.later(op.id(), () -> {
        StoredOperation current;
        try {
          current = store.findOperation(op.instanceId(), op.bindingId(), op.id())
              .filter(o -> o.inProgress() && replicaId.equals(o.owner())
                  && o.attempt() == op.attempt())
              .orElse(null);
        } catch (StoreUnavailableException e) {
          later(op, work, work == null ? 0 : retries + 1);
          return;
        } catch (Exception | Error e) { // NOPMD: the store may throw anything
          errors.unreadable(op, e);
          endAsFailed(op, OperationOutcome.failed(OperationRunner.GENERIC_FAILURE));
          return;
        }
        if (current == null) {
          LOG.info("Operation {} ended or was taken over meanwhile; it does not go on here",
              op.id());
        } else if (work == null) {
          takeOver(current);
        } else if (!runner.endOverdue(current)) {
          try {
            // never from here, as in goOn: the executor may run the step on this thread
            maintenance.handOff(op.id(), () -> resume(current, work, retries + 1, false));
          } catch (RejectedExecutionException e) {
            LOG.debug("Operation {} is left to the replica that takes it over", op.id());
          }
        }
      }, retries, runner.untilDeadline(op), retryAfter);
    } catch (RejectedExecutionException e) { // closing: this replica gives its leases up
      LOG.debug("Operation {} is left to the replica that takes it over", op.id());
    }
  }
}
