package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.Finish;
import io.github.osbsdk.broker.core.store.StoredOperation;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes again, with backoff, what the store refused of an operation's end ({@link OperationEnds})
 * while the operation is still in progress as its owner's in the same attempt, and leaves it alone
 * once it ended or was taken over.
 */
final class RetryWhileOwned {
  /** {@link OperationEnds}': its log lines keep their category. */
  private static final Logger LOG = LoggerFactory.getLogger(OperationEnds.class);

  private final BrokerStore store;
  private final OperationMaintenance maintenance;

  RetryWhileOwned(BrokerStore store, OperationMaintenance maintenance) {
    this.store = store;
    this.maintenance = maintenance;
  }

  /**
   * Does {@code again} with exponential backoff (see
   * {@link OperationMaintenance#later(Runnable, int)}) if the operation is then still in progress
   * as {@code owner}'s in the same attempt. The store's finish names the attempt too
   * ({@link Finish#attempt()}), so a finish of an earlier attempt never ends the attempt this
   * replica took over since (say, a resumable step running anew here after another replica that
   * had taken it over stopped); the check here spares reading the effect again and writing a
   * finish the store would refuse. An operation that ended or is no longer this attempt's is left
   * alone; when the store cannot tell, the check is made again later, nothing written. The check
   * and the write are one delayed task, and no maintenance round (one a poll asks for included)
   * runs beside it, so this replica takes nothing over between the two. A replica that closes
   * stops trying: it gives its leases up, and the replica that takes the operation over ends it.
   *
   * @param what what is written again, for the log
   * @param again writes it again, given how often the store refused it before
   */
  void retry(StoredOperation op, String owner, int refusals, String what, IntConsumer again) {
    retry(op, owner, null, refusals, what, again);
  }

  /**
   * As {@link #retry(StoredOperation, String, int, String, IntConsumer)}, also while the
   * operation is in progress as the run {@code alsoRun} names (its owner and attempt): the
   * provider-tracked acceptance an undo matches when it matches no run of this replica's
   * ({@link OperationUndos#undoWhenBack(StoredOperation, StoredOperation)}), which has no owner.
   *
   * @param alsoRun another run whose operation is written again, or null
   */
  void retry(StoredOperation op, String owner, StoredOperation alsoRun, int refusals,
      String what, IntConsumer again) {
    try {
      maintenance.later(op.id(), () -> {
        switch (ownership(op, owner, alsoRun)) {
          case OURS -> again.accept(refusals + 1);
          case UNKNOWN -> retry(op, owner, alsoRun, refusals + 1, what, again);
          case GONE -> LOG.info("Operation {} ended or was taken over (attempt {} is no longer in"
              + " progress here) before {} was written again; it is not written", op.id(),
              op.attempt(), what);
        }
      }, refusals);
    } catch (RejectedExecutionException closing) {
      LOG.warn("Operation {}: {} could not be written again as this replica is closing; it is"
          + " left to the replica that takes the operation over", op.id(), what);
    }
  }

  /** Whether an operation is still in progress as its owner's, in the same attempt. */
  private enum Ownership {
    /** In progress as the owner's, in the same attempt. */
    OURS,
    /** Ended, gone, another replica's, or another attempt. */
    GONE,
    /** The store cannot tell. */
    UNKNOWN
  }

  /**
   * Whether {@code op} is still in progress as {@code owner}'s, in the same attempt, or as the
   * run {@code alsoRun} names when given.
   */
  private Ownership ownership(StoredOperation op, String owner, StoredOperation alsoRun) {
    try {
      return store.findOperation(op.instanceId(), op.bindingId(), op.id())
          .filter(o -> o.inProgress() && (runOf(o, owner, op.attempt())
              || alsoRun != null && runOf(o, alsoRun.owner(), alsoRun.attempt())))
          .isPresent() ? Ownership.OURS : Ownership.GONE;
    } catch (Exception | Error e) { // NOPMD: a store may throw anything
      LOG.warn("Operation {} could not be read to check that it is still this replica's; it is"
          + " checked again later: {}", op.id(), e.toString());
      return Ownership.UNKNOWN;
    }
  }

  private static boolean runOf(StoredOperation o, String owner, int attempt) {
    return Objects.equals(o.owner(), owner) && o.attempt() == attempt;
  }
}
