package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.Finish;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The finishes the store refused with an outage, kept until it takes them. The
 * {@link OperationMaintenance} writes them in each round and, while any is kept, soon after each
 * outage too: until its finish is written an operation stays in progress, and a platform's retry
 * of the request answered 503 would wait for it and be answered 422 {@code ConcurrencyError}.
 */
final class PendingFinishes {
  private static final Logger LOG = LoggerFactory.getLogger(PendingFinishes.class);

  private final BrokerStore store;
  private final Queue<PendingFinish> queue = new ConcurrentLinkedQueue<>();

  PendingFinishes(BrokerStore store) {
    this.store = store;
  }

  /**
   * Keeps a finish (see {@link OperationMaintenance#retryFinish}).
   *
   * @param f the finish
   * @param recorded what to do once the store has recorded it
   * @param refused what to do when the store refuses it for a reason other than an outage
   */
  void add(Finish f, Runnable recorded, Consumer<Throwable> refused) {
    queue.add(new PendingFinish(f, recorded, refused));
  }

  /** Whether no finish is kept. */
  boolean isEmpty() {
    return queue.isEmpty();
  }

  /** The first wait before writing again what an outage refused. */
  static final Duration SOON = Duration.ofMillis(250);

  /**
   * How long to wait before writing again what an outage refused: {@link #SOON}, doubled for
   * each earlier attempt, up to 2 s or a sixth of a lease if less (a retry elsewhere waits 3 s).
   *
   * @param lease the replica's lease
   * @param attempts how often it was tried before
   * @return the wait in milliseconds
   */
  static long delay(Duration lease, int attempts) {
    long most = Math.max(SOON.toMillis(), Math.min(2_000, lease.toMillis() / 6));
    return Math.min(most, SOON.toMillis() << Math.min(Math.max(attempts, 0), 20));
  }

  /**
   * Writes the kept finishes once more, as the replica closes.
   *
   * @return the operations whose finish is still kept: their leases are not to be given up
   */
  Set<String> writeLast() {
    try {
      writeAll();
    } catch (RuntimeException e) {
      LOG.debug("Could not write the pending finishes on close: {}", e.getMessage());
    }
    return ids();
  }

  /** @return the operations whose finish is kept */
  Set<String> ids() {
    Set<String> ids = new HashSet<>();
    for (PendingFinish pending : queue) {
      ids.add(pending.finish().operationId());
    }
    return ids;
  }

  /**
   * Whether the finish of an operation is kept.
   *
   * @param operationId the operation
   * @return whether it is kept
   */
  boolean holds(String operationId) {
    for (PendingFinish pending : queue) {
      if (pending.finish().operationId().equals(operationId)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Writes the kept finishes, each once. One the store records goes to its {@code recorded}
   * handler; one the store refuses for another reason goes to its {@code refused} handler, which
   * ends the operation another way or tries again with backoff: dropped here, the operation would
   * stay in progress while this replica renews its lease. One that matches nothing (its run no
   * longer in progress) is dropped with an INFO line.
   *
   * @throws StoreUnavailableException when the store is still unavailable (the finish it refused
   *     and those after it stay kept)
   */
  void writeAll() {
    for (int i = queue.size(); i > 0; i--) {
      PendingFinish pending = queue.poll();
      if (pending == null) {
        return;
      }
      boolean written;
      try {
        written = store.finishOperation(pending.finish());
      } catch (StoreUnavailableException e) {
        queue.add(pending);
        throw e;
      } catch (Exception | Error e) { // NOPMD: a store may throw anything
        handle(pending, () -> pending.refused().accept(e), e);
        continue;
      }
      if (written) {
        handle(pending, pending.recorded(), null);
      } else {
        Finish f = pending.finish();
        LOG.info("Operation {} (attempt {}): its end, held back by an outage, matched nothing"
            + " when written again: that run was no longer in progress (the write before the"
            + " outage was applied although its answer was lost, the operation ended otherwise,"
            + " or another replica took it over)", f.operationId(), f.attempt());
      }
    }
  }

  /**
   * Runs a pending finish's handler; what that throws does not stop the others.
   *
   * @param refusal the store's refusal the handler gets, or null when the store recorded it
   */
  private static void handle(PendingFinish pending, Runnable handler, Throwable refusal) {
    try {
      handler.run();
    } catch (Exception | Error again) { // NOPMD: the next finishes are written all the same
      if (refusal != null && again != refusal) {
        again.addSuppressed(refusal);
      }
      LOG.error("Operation {}: handling the store's {} of its finish failed",
          pending.finish().operationId(), refusal == null ? "recording" : "refusal", again);
    }
  }

  /**
   * A finish kept during an outage.
   *
   * @param finish the finish
   * @param recorded what to do once the store has recorded it
   * @param refused what to do when the store refuses it for a reason other than an outage
   */
  private record PendingFinish(Finish finish, Runnable recorded, Consumer<Throwable> refused) {}
}
