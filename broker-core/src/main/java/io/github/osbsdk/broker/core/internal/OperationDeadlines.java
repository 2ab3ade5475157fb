package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.StoredOperation;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends as failed, for the {@link OperationRunner}, the asynchronous operations in progress whose
 * deadline (their start plus their timeout, see {@link OperationTimeouts}, on the shared clock)
 * has passed: one a request read, and the work running here, which is interrupted.
 */
final class OperationDeadlines {
  private static final Logger LOG = LoggerFactory.getLogger(OperationDeadlines.class);

  private final BrokerStore store;
  private final OperationTimeouts timeouts;
  private final Supplier<Instant> now;
  private final RunningWork running;
  private final String replicaId;
  private final Supplier<OperationEnds> ends;

  /**
   * @param store the store
   * @param timeouts the operations' timeouts
   * @param now the shared clock
   * @param running the work running here
   * @param replicaId this replica's id
   * @param ends writes the ends (the runner's, made after its maintenance)
   */
  OperationDeadlines(BrokerStore store, OperationTimeouts timeouts, Supplier<Instant> now,
      RunningWork running, String replicaId, Supplier<OperationEnds> ends) {
    this.store = store;
    this.timeouts = timeouts;
    this.now = now;
    this.running = running;
    this.replicaId = replicaId;
    this.ends = ends;
  }

  /** The time left until {@code op}'s deadline, on the store's clock (negative once past). */
  Duration until(StoredOperation op) {
    return Duration.between(now.get(), op.createdAt().plus(timeouts.of(op)));
  }

  /**
   * Ends {@code op} as failed when it is an asynchronous operation in progress whose deadline
   * has passed, as any other failure of its type ends; the store records one end only. Work
   * still running for it on its owner is interrupted there, and its outcome is not recorded
   * ({@link RunningWork}). An end the store refuses as no longer in the run read (a replica's
   * copy shows the owner and attempt it was made with until its lease ends: another replica
   * took the operation over since, see {@code BrokerStore.findOperation}) is expected: the
   * operation is read again, and ended in its current run when that is still past its deadline.
   *
   * @param op an operation, as read, or null
   * @return whether it was past its deadline (and is now ended, unless the store was unavailable
   *     or someone else ended it first)
   */
  boolean endOverdue(StoredOperation op) {
    if (!overdue(op)) {
      return false;
    }
    if (!endAsRead(op)) {
      StoredOperation current = store.findOperation(op.instanceId(), op.bindingId(), op.id())
          .orElse(null);
      if (overdue(current)) {
        endAsRead(current);
      }
    }
    return true;
  }

  private boolean overdue(StoredOperation op) {
    return op != null && op.inProgress() && op.async() && timeouts.overdue(op, now.get());
  }

  /** Ends {@code op} as failed in its run as read; false when that run was over. */
  private boolean endAsRead(StoredOperation op) {
    boolean ended = OperationEnds.uninterrupted(() -> ends.get().completeAsRead(op,
        timeouts.failure(op)));
    if (ended) {
      LOG.warn("Asynchronous {} operation {} did not finish within {} of its start; it is"
          + " recorded as failed", op.type(), op.id(), timeouts.of(op));
    }
    return ended;
  }

  /**
   * Called by the maintenance: ends as failed the operations of the work running here that
   * passed its deadline, and interrupts that work (its outcome is not recorded).
   */
  void endOverdueWork() {
    Instant at = now.get();
    running.stopOverdue(op -> timeouts.overdue(op, at), op -> {
      LOG.warn("Asynchronous {} operation {} did not finish within {} of its start; it is"
          + " recorded as failed and its work here is interrupted", op.type(), op.id(),
          timeouts.of(op));
      complete(op, timeouts.failure(op), replicaId);
    });
  }

  private void complete(StoredOperation op, OperationOutcome outcome, String owner) {
    OperationEnds.uninterrupted(() -> {
      ends.get().complete(op, outcome, owner);
      return null;
    });
  }
}
