package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.StoredOperation;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The asynchronous work running on this replica now, by operation id: work whose operation turns
 * out to have been taken over by another replica (this one could not renew its lease in time) or
 * ended by any replica, and work whose operation passed its deadline, is interrupted, and its
 * outcome is not this replica's to record.
 */
final class RunningWork {
  private static final Logger LOG = LoggerFactory.getLogger(RunningWork.class);

  private final BrokerStore store;
  private final String replicaId;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final RequestCalls calls = new RequestCalls();
  /** The work handed to the executor that has not started yet, counted by operation id. */
  private final Map<String, Integer> queued = new ConcurrentHashMap<>();

  RunningWork(BrokerStore store, String replicaId) {
    this.store = store;
    this.replicaId = replicaId;
  }

  /** One piece of running work, on the thread that runs it. */
  static final class Entry {
    private final StoredOperation op;
    private final Thread thread;
    private boolean done;
    private boolean lost;

    private Entry(StoredOperation op, Thread thread) {
      this.op = op;
      this.thread = thread;
    }

    /**
     * Marks the lease lost and interrupts the work, unless it already ended or was lost before.
     */
    private synchronized boolean loseLease() {
      if (done || lost) {
        return false;
      }
      lost = true;
      thread.interrupt();
      return true;
    }

    /** Interrupts the work unless it already ended (a pool's thread runs other work then). */
    private synchronized void interrupt() {
      if (!done) {
        thread.interrupt();
      }
    }

    /** @return whether another replica took the operation over while this work ran */
    synchronized boolean lost() {
      return lost;
    }

    private synchronized boolean end() {
      done = true;
      return lost;
    }
  }

  /**
   * @param op the operation whose work starts on the current thread
   * @return its entry, for {@link #end}
   */
  Entry start(StoredOperation op) {
    Entry e = new Entry(op, Thread.currentThread());
    entries.put(op.id(), e);
    return e;
  }

  /**
   * Ends the work (no interrupt reaches it from here on).
   *
   * @param e its entry
   * @return true when its lease was lost: its outcome is not this replica's to record
   */
  boolean end(Entry e) {
    return e.end();
  }

  /**
   * Forgets work that ended once its outcome is recorded (or left alone): until then it still
   * runs here, its lease kept by a closing broker.
   *
   * @param e its entry
   */
  void remove(Entry e) {
    entries.remove(e.op.id(), e);
  }

  /** @return the operations this replica's requests hold while they run */
  RequestCalls calls() {
    return calls;
  }

  /** @return how many operations run here now */
  int size() {
    return entries.size();
  }

  /**
   * Records that the operation's work is handed to the executor (before it is): until it starts
   * ({@link #started}) or the executor refuses it, it is this replica's although not running.
   *
   * @param operationId the operation
   */
  void queue(String operationId) {
    queued.merge(operationId, 1, Integer::sum);
  }

  /**
   * Records that work {@link #queue queued} started (after {@link #start}) or will never run.
   *
   * @param operationId the operation
   */
  void started(String operationId) {
    queued.computeIfPresent(operationId, (id, n) -> n > 1 ? n - 1 : null);
  }

  /**
   * The operations this replica works on outside its maintenance: those its requests hold, those
   * whose work waits for the executor, those whose work runs. Read in that order, the order in
   * which an operation passes from one to the next (each added before it leaves the one before),
   * so that one passing meanwhile is seen in one or the other.
   *
   * @return their ids
   */
  Set<String> heldHere() {
    Set<String> ids = new HashSet<>(calls.held());
    ids.addAll(queued.keySet());
    ids.addAll(entries.keySet());
    return ids;
  }

  /**
   * @return how many operations run here now on other threads than the current one (a close
   *     called from work of its own does not wait for that work: {@link GracefulClose})
   */
  int sizeElsewhere() {
    Thread self = Thread.currentThread();
    int n = 0;
    for (Entry e : entries.values()) {
      if (e.thread != self) {
        n++;
      }
    }
    return n;
  }

  /** @return the ids of the operations running here now */
  Set<String> ids() {
    return Set.copyOf(entries.keySet());
  }

  /**
   * Called by a closing broker: interrupts all the work running here, on any executor (its
   * outcome is then left to the replica that takes it over, see {@link OperationWork}).
   */
  void interruptAll() {
    entries.values().forEach(Entry::interrupt);
  }

  /**
   * Called by the maintenance: stops the work whose operation passed its deadline. Each such
   * piece of work that had not ended yet is marked lost (its outcome is not recorded) and
   * interrupted, and only then is {@code fail} called for its operation, once: what ends the
   * operation is either its work or {@code fail}, never both.
   *
   * @param overdue whether an operation passed its deadline
   * @param fail records the failure of an operation whose work was stopped
   */
  void stopOverdue(Predicate<StoredOperation> overdue, Consumer<StoredOperation> fail) {
    for (Entry e : entries.values()) {
      if (!e.lost() && overdue.test(e.op) && e.loseLease()) {
        fail.accept(e.op);
      }
    }
  }

  /**
   * Called by the maintenance after a renewal that came too late to be sure of every lease, or
   * after which an operation running here was not among this replica's leases: asks the store
   * for each running operation whether this replica still owns it (same attempt, in progress),
   * and interrupts the work of each that another replica took over or that was ended (work
   * already stopped is not asked about again).
   */
  void checkLeases() {
    for (Entry e : entries.values()) {
      if (e.lost()) {
        continue;
      }
      StoredOperation op = e.op;
      boolean ours = store.findOperation(op.instanceId(), op.bindingId(), op.id())
          .filter(o -> o.inProgress() && replicaId.equals(o.owner())
              && o.attempt() == op.attempt())
          .isPresent();
      if (!ours && e.loseLease()) {
        LOG.warn("Operation {} (attempt {}) is no longer this replica's (another replica took it"
            + " over or ended it); interrupting its work here", op.id(), op.attempt());
      }
    }
  }

  /**
   * The operation as stored once accepted, or as accepted when the store cannot read it back:
   * its acceptance is recorded, so answered 500 or 503 instead, it would stay in progress without
   * its work, its lease renewed by this replica.
   */
  StoredOperation readBack(StoredOperation accepted) {
    try {
      return store.findOperation(accepted.instanceId(), accepted.bindingId(), accepted.id())
          .orElse(accepted);
    } catch (Exception | Error e) { // NOPMD: a store may throw anything
      LOG.warn("Operation {} could not be read back after its acceptance; its work starts with"
          + " the operation as accepted: {}", accepted.id(), e.toString());
      return accepted;
    }
  }
}
