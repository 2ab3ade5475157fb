package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.core.internal.metrics.BrokerMetrics;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.Finish;
import io.github.osbsdk.broker.core.store.OperationStatus;
import io.github.osbsdk.broker.api.OperationType;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import io.github.osbsdk.broker.core.store.StoredBinding;
import io.github.osbsdk.broker.core.store.StoredInstance;
import io.github.osbsdk.broker.core.store.StoredOperation;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Writes the ends of the {@link OperationRunner}'s operations to the store, whatever the store
 * does: a finish refused for lack of availability is kept for the maintenance loop (or, for an
 * asynchronous operation whose effect cannot be computed yet, tried again later); a result
 * refused for any other reason (the provider's answer holds what the store cannot keep), now or
 * once the store is back from an outage, never leaves the operation in progress: a synchronous
 * one is undone ({@link OperationUndos}, answered 500 when refused now), an asynchronous one is
 * recorded as failed, and an undo or a failure the store refuses in turn is written again with
 * backoff. Each operation's end is counted ({@link BrokerMetrics#operationFinished}) once, when
 * the store records it, with the state it records.
 */
final class OperationEnds {
  private static final Logger LOG = LoggerFactory.getLogger(OperationEnds.class);

  private final BrokerStore store;
  private final OperationEffects effects;
  private final OperationMaintenance maintenance;
  private final BrokerMetrics metrics;
  private final Supplier<Instant> now;
  /** Limits the ERROR lines of what the store refuses; one per operation otherwise. */
  private final OperationErrorLog errors;
  /** Writes again what the store refused while the operation is still this replica's. */
  private final RetryWhileOwned whileOwned;
  /** Undoes a synchronous operation whose result the store refused. */
  private final OperationUndos undos;

  OperationEnds(BrokerStore store, OperationEffects effects, OperationMaintenance maintenance,
      BrokerMetrics metrics, Supplier<Instant> now, OperationErrorLog errors,
      OperationUndos undos) {
    this.store = store;
    this.effects = effects;
    this.maintenance = maintenance;
    this.metrics = metrics;
    this.now = now;
    this.errors = errors;
    this.whileOwned = new RetryWhileOwned(store, maintenance);
    this.undos = undos;
  }

  /**
   * Finishes a synchronous operation: records the effect, or undoes the claim on failure.
   *
   * @param op the operation
   * @param outcome what happened
   * @param instance the instance row change
   * @param binding the binding row change
   * @param failedBefore the failed instance a provision's claim replaced, or null: a success
   *     written as a failure keeps its dashboard URL and metadata where the provider returned
   *     none ({@link OperationEffects#failedInstead})
   * @throws StoreUnavailableException when the store is down (the finish is retried later)
   * @throws ServiceBrokerException 500 when a success cannot be recorded because another
   *     replica took the operation over (this one lost its lease) and undid it
   */
  void finishSync(StoredOperation op, OperationOutcome outcome,
      Finish.RowChange<StoredInstance> instance, Finish.RowChange<StoredBinding> binding,
      StoredInstance failedBefore) {
    uninterrupted(() -> {
      finishSyncNow(op, outcome, instance, binding, failedBefore, true);
      return null;
    });
  }

  /**
   * Withdraws a begun synchronous operation whose provider was not called: an update's repeat
   * answered from the registry ({@link UpdateRepeat}) or refused 422 {@code ConcurrencyError}
   * after a plan change, a delete begun again as the status it recorded changed
   * ({@link Deletes#begin}), a bind's claim whose checks no longer hold. Written as
   * {@link #finishSync} writes a failure, with its row changes (undone when the store refuses
   * it), never counted ({@link BrokerMetrics#operationFinished}): no such operation ran, nothing
   * failed.
   *
   * @param op the operation
   * @param instance the instance row change
   * @param binding the binding row change
   * @throws StoreUnavailableException when the store is down (the withdrawal is retried later)
   */
  void withdraw(StoredOperation op, Finish.RowChange<StoredInstance> instance,
      Finish.RowChange<StoredBinding> binding) {
    uninterrupted(() -> {
      finishSyncNow(op, OperationOutcome.failed(null), instance, binding, null, false);
      return null;
    });
  }

  /**
   * Runs registry writes that follow a provider call on the request's thread: a provider that
   * interrupted its own thread (say, restoring the flag after an {@code InterruptedException})
   * must not make them fail, as a connection pool refuses an interrupted thread. The interrupt is
   * given back afterwards.
   *
   * @param writes the writes
   * @param <T> their result
   * @return their result
   */
  static <T> T uninterrupted(Supplier<T> writes) {
    boolean interrupted = Thread.interrupted();
    try {
      return writes.get();
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void finishSyncNow(StoredOperation op, OperationOutcome outcome,
      Finish.RowChange<StoredInstance> instance, Finish.RowChange<StoredBinding> binding,
      StoredInstance failedBefore, boolean counted) {
    Finish f = Finish.of(op, outcome.status(), outcome.description(), outcome.instanceUsable(),
        outcome.updateRepeatable(), false, instance, binding, now.get());
    try {
      if (store.finishOperation(f)) {
        finished(op, f, counted);
        return;
      }
    } catch (StoreUnavailableException e) {
      // counted once recorded; refused once the store is back: undone, as when refused now (the
      // 503 is answered already). A create's success the client is answered 503 for is written
      // as its failure: the platform deletes what a 5xx may have created (orphan mitigation),
      // and an instance or binding it was told failed must not become usable unseen.
      Finish pending = outcome.status() == OperationStatus.SUCCEEDED && creates(op)
          ? OperationEffects.failedInstead(f, failedBefore) : f;
      maintenance.retryFinish(pending, () -> finished(op, pending, counted),
          refused -> undos.undoRefused(op, "the result of", refused, counted));
      throw e;
    } catch (Exception | Error e) { // NOPMD: a store may throw anything
      throw undos.undoRefused(op, "the result of", e, counted);
    }
    LOG.warn("Request {}: {} operation {} was taken over by another replica (this one could not"
        + " renew its lease in time) and undone before it finished; its result here is not"
        + " recorded", op.requestId(), op.type(), op.id());
    if (outcome.status() == OperationStatus.SUCCEEDED) {
      // the registry holds the undo: a success answered now (credentials above all) would
      // describe what it does not have, and a deletion would leave its row behind unseen;
      // logged: the WARN above is the one line of this failure
      throw RequestErrorLog.loggedInternalError(op.requestId());
    }
  }

  private static boolean creates(StoredOperation op) {
    return op.type() == OperationType.PROVISION || op.type() == OperationType.BIND;
  }


  /**
   * Finishes an asynchronous operation; retried by the maintenance loop while the store is down.
   * Whatever else its effect or its write throws (an {@link Error} or an undeclared checked
   * exception too) ends it as failed instead ({@link #unrecordable}), never in progress for ever.
   */
  void complete(StoredOperation op, OperationOutcome outcome, String owner) {
    complete(op, outcome, owner, 0, false);
  }

  /**
   * As {@link #complete(StoredOperation, OperationOutcome, String)}, in the run (owner, attempt) of
   * {@code op} as read, which may be out of date (a copy of an operation taken over since): a
   * refusal as no longer that run's is expected, logged at DEBUG; false then.
   */
  boolean completeAsRead(StoredOperation op, OperationOutcome outcome) {
    return complete(op, outcome, op.owner(), 0, true);
  }

  /**
   * Finishes an asynchronous operation; {@code refusals}: how often its failure was refused;
   * false when the store refused it as no longer {@code owner}'s run ({@code asRead}: expected).
   */
  private boolean complete(StoredOperation op, OperationOutcome outcome, String owner, int refusals,
      boolean asRead) {
    Finish f;
    try {
      f = effects.asyncFinish(op, outcome, owner);
    } catch (StoreUnavailableException e) {
      LOG.warn("Store unavailable while finishing operation {}; will retry", op.id());
      retryLater(op, outcome, owner);
      return true;
    } catch (Exception | Error e) { // NOPMD: a store may throw anything
      unrecordable(op, outcome, owner, refusals, e);
      return true;
    }
    try {
      if (!store.finishOperation(f)) {
        LOG.atLevel(asRead ? Level.DEBUG : Level.WARN).log("Operation {} was no longer ours to"
            + " finish (taken over or already finished)", op.id());
        return false;
      }
      finished(op, f, true);
    } catch (StoreUnavailableException e) {
      LOG.warn("Store unavailable while finishing operation {}; will retry", op.id());
      // counted once recorded, not now: refused once the store is back, it is recorded as
      // failed, as when refused now, and counted so
      maintenance.retryFinish(f, () -> finished(op, f, true),
          refused -> unrecordable(op, outcome, owner, refusals, refused));
    } catch (Exception | Error e) { // NOPMD: a store may throw anything
      unrecordable(op, outcome, owner, refusals, e);
    }
    return true;
  }

  /**
   * The store refused an asynchronous operation's result for a reason other than its
   * availability (the provider's answer holds what it cannot keep): the operation ends failed
   * instead, so it never stays in progress while this replica renews its lease. When the store
   * refuses that too, the failure is written again with exponential backoff (see
   * {@link OperationMaintenance#later(Runnable, int)}) until the store takes it or the operation
   * is no longer in progress as this replica's in this attempt ({@link RetryWhileOwned#retry}):
   * this replica renews the leases of all its operations, so no other replica would ever end it.
   */
  private void unrecordable(StoredOperation op, OperationOutcome outcome, String owner,
      int refusals, Throwable e) {
    if (outcome != OperationOutcome.UNRECORDABLE) {
      errors.resultRefused(op, e);
      complete(op, OperationOutcome.UNRECORDABLE, owner, 0, false);
      return;
    }
    if (refusals == 0) {
      errors.failureRefused(op, e);
    } else {
      LOG.warn("Operation {} could not be recorded as failed ({} refusals); it is tried again"
          + " with backoff: {}", op.id(), refusals + 1, e.toString());
    }
    whileOwned.retry(op, owner, refusals, "its failure",
        attempts -> complete(op, OperationOutcome.UNRECORDABLE, owner, attempts, false));
  }


  private void retryLater(StoredOperation op, OperationOutcome outcome, String owner) {
    try {
      maintenance.later(op.id(), () -> complete(op, outcome, owner));
    } catch (RejectedExecutionException e) {
      // closing: this replica gives its leases up, and the replica taking over ends it; a
      // provider-tracked operation is recorded by the next poll
      LOG.warn("Operation {} could not be finished as this replica is closing; it is left to"
          + " the replica that takes it over (or to the next poll)", op.id());
    }
  }


  /** Counts an end the store has just recorded, unless not {@code counted} (a withdrawal). */
  private void finished(StoredOperation op, Finish f, boolean counted) {
    finished(metrics, op, f, counted);
  }

  /** As {@link #finished(StoredOperation, Finish, boolean)}, on {@code metrics}. */
  static void finished(BrokerMetrics metrics, StoredOperation op, Finish f, boolean counted) {
    if (counted) {
      metrics.operationFinished(op.type(), op.async(), f.status(),
          Duration.between(op.createdAt(), f.at()).toNanos());
    }
  }
}
