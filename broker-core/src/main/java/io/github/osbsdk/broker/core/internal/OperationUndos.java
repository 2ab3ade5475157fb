package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.core.internal.metrics.BrokerMetrics;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.Finish;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import io.github.osbsdk.broker.core.store.StoredOperation;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Undoes the {@link OperationRunner}'s operations whose work ended or never started, whatever the
 * store does (the undo side of {@link OperationEnds}): an undo the store is unavailable for is
 * done once it is back, one it refuses for another reason is done again with backoff while the
 * operation is still this replica's. Each undo is counted ({@link BrokerMetrics#operationFinished})
 * once, when the store records it, unless it withdraws an operation that never ran.
 */
final class OperationUndos {
  /** {@link OperationEnds}': its log lines keep their category. */
  private static final Logger LOG = LoggerFactory.getLogger(OperationEnds.class);

  private final BrokerStore store;
  private final OperationEffects effects;
  private final OperationMaintenance maintenance;
  private final BrokerMetrics metrics;
  /** Limits the ERROR lines of what the store refuses; one per operation otherwise. */
  private final OperationErrorLog errors;
  /** Writes again what the store refused while the operation is still this replica's. */
  private final RetryWhileOwned whileOwned;

  OperationUndos(BrokerStore store, OperationEffects effects, OperationMaintenance maintenance,
      BrokerMetrics metrics, OperationErrorLog errors) {
    this.store = store;
    this.effects = effects;
    this.maintenance = maintenance;
    this.metrics = metrics;
    this.errors = errors;
    this.whileOwned = new RetryWhileOwned(store, maintenance);
  }

  /**
   * The store refused what an operation's request produced for a reason other than its
   * availability (say, U+0000 in a provider's dashboard URL): undoes the operation (a create
   * keeps its row as failed, see {@link OperationEffects#undo}), so that a retry calls the
   * provider again, and returns the 500 to answer. An undo the store refuses too
   * is done again later ({@link #undo}): until then a retry is answered 422. Logged at ERROR once
   * a minute per operation type, what was refused and exception class
   * ({@link OperationErrorLog}); the 500 is not logged again. {@code counted}: whether the undo
   * is counted as the operation's end (not for a {@link OperationEnds#withdraw}al).
   */
  ServiceBrokerException undoRefused(StoredOperation op, String what, Throwable e,
      boolean counted) {
    errors.requestWriteRefused(op, what, e);
    undo(op, new Undo(OperationOutcome.UNRECORDABLE, true, null, counted), 0, 0);
    return RequestErrorLog.loggedInternalError(op.requestId());
  }

  /**
   * Undoes an operation whose asynchronous work never started, as soon as the store is available
   * again (tried on the maintenance thread after {@link OperationMaintenance#soon}'s backoff). Its
   * provider was called: a create keeps its row as failed ({@link OperationEffects#undo}).
   */
  void undoWhenBack(StoredOperation op) {
    undoWhenBack(op, null);
  }

  /**
   * As {@link #undoWhenBack(StoredOperation)}, for an operation whose acceptance the store may
   * have committed although it answered unavailable: when {@code accepted} is a provider-tracked
   * acceptance (no owner, no lease), an undo that matches no run of this replica's matches that
   * one (same attempt) instead.
   *
   * @param op the operation as this replica ran it
   * @param accepted its provider-tracked acceptance, or null
   */
  void undoWhenBack(StoredOperation op, StoredOperation accepted) {
    undoWhenBack(op, new Undo(OperationOutcome.UNRECORDABLE, true, accepted, true), 0);
  }

  /**
   * What an undo writes: {@code outcome}; {@code providerCalled}: see
   * {@link OperationEffects#undo}; {@code accepted}: the provider-tracked acceptance it matches
   * when it matches no run of this replica's, or null; {@code counted}: whether its end is
   * counted ({@link OperationEnds#finished}).
   */
  private record Undo(OperationOutcome outcome, boolean providerCalled, StoredOperation accepted,
      boolean counted) {}

  /**
   * Withdraws an operation whose start the store may have written although it answered
   * unavailable, as soon as it is available again: its provider was never called, so the claim
   * of a create is deleted, and its end is not counted ({@link OperationEnds#withdraw}: no such
   * operation ran). Soon, not a sixth of a lease later: until then a retry of the request
   * answered 503 finds the operation in progress and is answered 422.
   */
  void withdrawWhenBack(StoredOperation op) {
    undoWhenBack(op, new Undo(OperationOutcome.UNRECORDABLE, false, null, false), 0);
  }

  /** {@code outages}: how often the store was unavailable for this undo before. */
  private void undoWhenBack(StoredOperation op, Undo undo, int outages) {
    try {
      maintenance.soon(op.id(), () -> undo(op, undo, 0, outages), outages);
    } catch (RejectedExecutionException e) {
      // closing: this replica gives its leases up, and the replica taking over undoes it
      LOG.debug("Operation {} is left to the replica that takes it over", op.id());
    }
  }

  /**
   * Undoes an operation whose work ended or never started (see {@link OperationEffects#undo}),
   * whatever the store does, and counts its end once the store records it. Left alone, the
   * operation would stay in progress for ever, its lease renewed by this replica: when the store
   * is unavailable, for the effect or for its write, the undo is done once it is back; when it
   * refuses either for another reason (an {@link Error} too), now or once back, the undo is done
   * again with exponential backoff (see {@link OperationMaintenance#later(Runnable, int)}) until
   * the store takes it or the operation is no longer in progress as this replica's in this
   * attempt ({@link RetryWhileOwned#retry}).
   */
  void undo(StoredOperation op, OperationOutcome outcome) {
    undo(op, new Undo(outcome, true, null, true), 0, 0);
  }

  /**
   * Withdraws an asynchronous operation whose work the executor refused (answered 503): undone
   * as {@link #undo(StoredOperation, OperationOutcome)} does, whatever the store does, but its
   * end is not counted ({@link OperationEnds#withdraw}): its work never ran, nothing failed. Its
   * provider's method was called, so a create keeps its row as failed
   * ({@link OperationEffects#undo}): whether that call made something is unknown.
   */
  void withdrawRefusedWork(StoredOperation op, OperationOutcome outcome) {
    undo(op, new Undo(outcome, true, null, false), 0, 0);
  }

  /**
   * Undoes an operation; {@code refusals}: how often the store refused its undo before;
   * {@code outages}: how often the store was unavailable for it before. An undo that matches
   * nothing (the operation ended, or another replica took it over) says so.
   */
  private void undo(StoredOperation op, Undo undo, int refusals, int outages) {
    Finish f;
    try {
      f = effects.undo(op, undo.outcome(), false, undo.providerCalled());
    } catch (StoreUnavailableException e) {
      LOG.warn("Store unavailable while undoing operation {}; it is undone once it is back",
          op.id());
      undoWhenBack(op, undo, outages + 1);
      return;
    } catch (Exception | Error e) { // NOPMD: a store may throw anything
      undoAgainLater(op, undo, refusals, e);
      return;
    }
    try {
      Finish written = store.finishOperation(f) ? f : asAccepted(f, undo.accepted());
      if (written != null) {
        OperationEnds.finished(metrics, op, written, undo.counted());
      } else {
        LOG.info("Operation {} (attempt {}) was not undone: it is no longer in progress as this"
            + " replica's (it ended, or another replica took it over)", op.id(), op.attempt());
      }
    } catch (StoreUnavailableException e) {
      if (undo.accepted() != null) { // which run it matches is read anew once the store is back
        undoWhenBack(op, undo, outages + 1);
        return;
      }
      maintenance.retryFinish(f, () -> OperationEnds.finished(metrics, op, f, undo.counted()),
          refused -> undoAgainLater(op, undo, refusals, refused));
    } catch (Exception | Error e) { // NOPMD: a store may throw anything
      undoAgainLater(op, undo, refusals, e);
    }
  }

  /**
   * Writes {@code f} as the finish of the provider-tracked acceptance {@code accepted} (its owner,
   * none, and its attempt); null when there is none or it matches nothing either.
   */
  private Finish asAccepted(Finish f, StoredOperation accepted) {
    if (accepted == null) {
      return null;
    }
    Finish g = new Finish(f.operationId(), accepted.owner(), accepted.attempt(), f.status(),
        f.description(), f.instanceUsable(), f.updateRepeatable(), f.keepOperation(),
        f.instance(), f.binding(), f.at());
    return store.finishOperation(g) ? g : null;
  }

  /**
   * The store refused an undo for a reason other than its availability: it is done again, its
   * effect read anew, with exponential backoff while the operation is in progress as this
   * replica's (or as the provider-tracked acceptance the undo matches, which has no owner), as
   * {@code OperationEnds.unrecordable} does with an asynchronous failure.
   */
  private void undoAgainLater(StoredOperation op, Undo undo, int refusals, Throwable e) {
    if (refusals == 0) {
      errors.undoRefused(op, e);
    } else {
      LOG.warn("The store refused the undo of operation {} ({} refusals); it is tried again with"
          + " backoff: {}", op.id(), refusals + 1, e.toString());
    }
    // a provider-tracked acceptance has no owner: its undo is retried while it is in progress
    whileOwned.retry(op, op.owner(), undo.accepted(), refusals, "its undo",
        attempts -> undo(op, undo, attempts, 0));
  }
}
