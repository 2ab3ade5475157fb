package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.Finish;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import io.github.osbsdk.broker.core.store.StoredOperation;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link OperationRunner}'s background loop, one thread per replica, every third of a lease:
 * writes the finishes the store refused during an outage, renews this replica's leases, ends the
 * work here whose operation passed its deadline, hands operations whose owner stopped renewing to
 * the runner, and purges old finished operations (every ten minutes). The provider's work the
 * runner resumes after a takeover is handed to the provider's executor on a thread of its own
 * ({@link #handOff}), never by a round or a delayed task.
 */
final class OperationMaintenance implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OperationMaintenance.class);

  private final BrokerStore store;
  private final String replicaId;
  private final Duration lease;
  private final Supplier<Instant> now;
  private final ScheduledExecutorService loop;
  /** What each round does. */
  private final MaintenanceRound round;
  /** The hand-off thread ({@link #handOff}). */
  private final HandOffThread handOffs;
  /** Finishes the store refused with an outage, written again by the loop. */
  private final PendingFinishes pendingFinishes;
  /** Whether a write of the pending finishes is scheduled besides the rounds. */
  private final AtomicBoolean pendingWriteScheduled = new AtomicBoolean();
  private final AtomicBoolean nudged = new AtomicBoolean();
  /** The delayed tasks, which count the operations of the hand-offs too. */
  private final DelayedTasks tasks;
  /** Set by {@link #stopTakingOver()}: the rounds of a closing replica take nothing over. */
  private volatile boolean stopping;
  /**
   * Held by each round and each delayed task, on whichever thread: a task that checks an
   * operation and then writes it ({@code RetryWhileOwned}) must not see a round
   * asked for by a poll ({@link #runOnce}) take the operation over between the two.
   */
  private final Object serial = new Object();

  /**
   * Starts the loop.
   *
   * @param takeOver resumes or ends an operation this replica took over, in a round or a delayed
   *     task: the provider's work it resumes goes to the executor through {@link #handOff}
   * @param measureClock measures the replica's clock against the store's shared one
   * @param runningHere the operations whose work runs on this replica now
   * @param heldHere the operations this replica works on outside its maintenance: held by its
   *     requests, their work queued or running ({@link RunningWork#heldHere}); the maintenance
   *     adds those of its delayed tasks, hand-offs and pending finishes, and takes over again
   *     any other it holds a lease on ({@link MaintenanceRound})
   * @param checkLeases finds running operations another replica took over (called after a
   *     renewal that may have come too late)
   * @param endOverdue ends as failed the operations of the work running here that passed their
   *     deadline, and stops that work
   */
  OperationMaintenance(BrokerStore store, String replicaId, Duration lease, Duration retention,
      Supplier<Instant> now, Consumer<StoredOperation> takeOver, Runnable measureClock,
      Supplier<Set<String>> runningHere, Supplier<Set<String>> heldHere, Runnable checkLeases,
      Runnable endOverdue) {
    this.store = store;
    this.replicaId = replicaId;
    this.lease = lease;
    this.now = now;
    this.pendingFinishes = new PendingFinishes(store);
    this.round = new MaintenanceRound(store, replicaId, lease, retention, now, takeOver,
        measureClock, runningHere, () -> held(heldHere), checkLeases, endOverdue,
        pendingFinishes);
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
        DefaultOperationExecutor.daemonThreads("osb-operations-", replicaId));
    executor.setRemoveOnCancelPolicy(true);
    this.loop = executor;
    this.tasks = new DelayedTasks(executor, serial);
    this.handOffs = new HandOffThread(replicaId);
    long period = Math.max(50, lease.toMillis() / 3);
    // the clock at once, so that the first leases are already on the store's clock
    executor.execute(() -> {
      synchronized (serial) {
        round.measureClock();
      }
    });
    executor.scheduleWithFixedDelay(this::runOnce, period, period, TimeUnit.MILLISECONDS);
  }

  /**
   * The operations this replica works on: those of its hand-offs, then {@code heldHere}'s, then
   * those of its pending finishes and delayed tasks. An operation passes from a request or from
   * its work to a pending finish or a delayed task (added there before it leaves), and from a
   * hand-off to the executor, at any time; it leaves a pending finish or a delayed task only
   * under the maintenance's lock, which the round that asks holds.
   */
  private Set<String> held(Supplier<Set<String>> heldHere) {
    Set<String> ids = new HashSet<>(tasks.ids()); // read first for the hand-offs
    ids.addAll(heldHere.get());
    ids.addAll(pendingFinishes.ids());
    ids.addAll(tasks.ids()); // and last for the delayed tasks
    return ids;
  }

  /** A lease from {@code at}: when an operation owned now expires unless renewed. */
  Instant leaseFrom(Instant at) {
    return at.plus(lease);
  }

  /**
   * Keeps a finish the store refused with an outage; the loop writes it once it is back, trying
   * soon after ({@link PendingFinishes#delay}), in each round and on close. When the store
   * records it, {@code recorded} runs (the operation's end is counted then, and only then); when
   * the store, back, refuses it for another reason, {@code refused} gets what it threw. A refused
   * finish is no longer kept here, so {@code refused} must end the operation another way or write
   * it again (say, with backoff through {@link #later(Runnable, int)}).
   *
   * @param f the finish
   * @param recorded what to do once the store has recorded it (not when the operation was no
   *     longer in progress or no longer its owner's, so that nothing was written)
   * @param refused what to do when the store refuses it for a reason other than an outage
   */
  void retryFinish(Finish f, Runnable recorded, Consumer<Throwable> refused) {
    pendingFinishes.add(f, recorded, refused);
    if (pendingWriteScheduled.compareAndSet(false, true)) {
      writePendingSoon(0);
    }
  }

  /**
   * Writes the pending finishes after {@link PendingFinishes#delay} for {@code attempts}, and
   * again with backoff while the store is unavailable and any is kept: rounds come a third of a
   * lease apart, and until then a retry of the request answered 503 would be answered 422.
   */
  private void writePendingSoon(int attempts) {
    try {
      loop.schedule(() -> {
        boolean again = false;
        synchronized (serial) {
          try {
            pendingFinishes.writeAll();
          } catch (StoreUnavailableException e) {
            again = true;
          } catch (Exception | Error e) { // NOPMD: logged, the rounds write them all the same
            LOG.error("Writing the pending operation finishes failed", e);
          }
        }
        if (again) {
          writePendingSoon(attempts + 1);
          return;
        }
        pendingWriteScheduled.set(false);
        if (!pendingFinishes.isEmpty() && pendingWriteScheduled.compareAndSet(false, true)) {
          writePendingSoon(0); // kept meanwhile
        }
      }, PendingFinishes.delay(lease, attempts), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closing) {
      pendingWriteScheduled.set(false); // closed: the replica taking the operations over ends them
    }
  }

  /**
   * Asks the loop for one round now (never on the caller's thread) for a retry waiting for
   * {@code op}: when an outage held its end back here, or its lease ended (its replica stopped).
   */
  void nudge(StoredOperation op, Instant now) {
    boolean heldHere = replicaId.equals(op.owner()) && pendingFinishes.holds(op.id());
    boolean expired = op.leaseExpiry() != null && op.leaseExpiry().isBefore(now);
    if ((heldHere || expired) && nudged.compareAndSet(false, true)) {
      try {
        loop.execute(() -> {
          nudged.set(false);
          runOnce();
        });
      } catch (RejectedExecutionException closing) {
        nudged.set(false);
      }
    }
  }

  /**
   * As {@link #later(Runnable, int)}, after {@link PendingFinishes#delay}: for undoing what an
   * outage left in progress as soon as the store is back.
   */
  void soon(String operationId, Runnable task, int attempts) {
    tasks.schedule(operationId, task, PendingFinishes.delay(lease, attempts));
  }

  /** As {@link #later(Runnable, int)}, a first attempt (what it throws is logged, not lost). */
  void later(Runnable task) {
    later(null, task, 0, null);
  }

  /** As {@link #later(Runnable)}, for an operation of this replica's. */
  void later(String operationId, Runnable task) {
    later(operationId, task, 0, null);
  }

  /** As {@link #later(Runnable, int)}, for an operation of this replica's. */
  void later(String operationId, Runnable task, int attempts) {
    later(operationId, task, attempts, null);
  }

  /**
   * Runs {@code task} on the loop's thread after a sixth of a lease (at least 100 ms), doubled
   * for each earlier attempt, up to {@link DelayedTasks#MAX_BACKOFF} (or a sixth of a lease if
   * longer), never while a round runs ({@link #runOnce}, on any thread). What it throws is
   * logged ({@link DelayedTasks}).
   *
   * @param task the task
   * @param attempts how often it was tried before
   */
  void later(Runnable task, int attempts) {
    later(null, task, attempts, null);
  }

  /**
   * As {@link #later(Runnable, int)}, but waits no longer than {@code left} (at least
   * {@link DelayedTasks#MIN_DELAY}) while it is positive: an operation retried with backoff ends
   * at its deadline, not up to {@link DelayedTasks#MAX_BACKOFF} after it.
   *
   * @param operationId the operation the task goes on with (until it ran, the maintenance counts
   *     it as this replica's), or null
   * @param task the task
   * @param attempts how often it was tried before
   * @param left the time left until the deadline of the task's operation, or null for none
   */
  void later(String operationId, Runnable task, int attempts, Duration left) {
    later(operationId, task, attempts, left, null);
  }

  /**
   * As {@link #later(String, Runnable, int, Duration)}, waiting at least {@code atLeast} (a
   * step's {@code retryAfter}): see {@link DelayedTasks#delayMillis}. The operation's lease is
   * renewed meanwhile, as for every delayed task's operation; if this replica closes before the
   * task runs, it hands the lease back with its expiry at that time ({@link #closeKeeping}).
   */
  void later(String operationId, Runnable task, int attempts, Duration left, Duration atLeast) {
    long delay = DelayedTasks.delayMillis(lease, attempts, left, atLeast);
    tasks.schedule(operationId, task, delay,
        atLeast == null ? null : now.get().plusMillis(delay));
  }

  /**
   * Runs {@code handOff} on the hand-off thread, after the hand-offs given before it, outside
   * every round and delayed task (it holds no lock of theirs): for handing provider work taken
   * over to the provider's executor, which may run it on the thread that hands it over. What it
   * throws is logged.
   *
   * @param operationId the operation it goes on with (until it ran, the maintenance counts it
   *     as this replica's)
   * @param handOff the hand-off
   * @throws RejectedExecutionException when the maintenance is closed
   */
  void handOff(String operationId, Runnable handOff) {
    tasks.hold(operationId);
    try {
      handOffs.execute(() -> {
        try {
          handOff.run();
        } finally {
          tasks.release(operationId);
        }
      });
    } catch (RuntimeException | Error e) {
      tasks.release(operationId);
      throw e;
    }
  }

  /**
   * One round of the loop, now, on the caller's thread. It waits for a round or a delayed task
   * ({@link #later(Runnable, int)}) that runs at the same time to end: each is a few store calls
   * (a step taken over is handed to the executor afterwards, on the hand-off thread:
   * {@link #handOff}).
   */
  void runOnce() {
    synchronized (serial) {
      round.run(() -> !stopping);
    }
  }

  /** From now on, rounds renew leases but take nothing over, and nothing is handed off. */
  void stopTakingOver() {
    stopping = true;
    handOffs.shutdown();
  }

  @Override
  public void close() {
    closeKeeping(Set.of(), Duration.ZERO);
  }

  /**
   * Stops the loop and the hand-off thread, waits up to {@code wait} for a round still running
   * (its renewal must not commit after the give-up), writes the pending finishes once more, and
   * gives up this replica's leases but those of {@code keep} and of the finishes still pending:
   * other replicas take the rest over at their next round, the kept ones once their lease expired.
   * An operation whose step waits to run again no sooner than its {@code retryAfter}
   * ({@link DelayedTasks#waiting}) gets its lease back with its expiry at that time, so that no
   * replica runs the step sooner. An interrupt cuts none of it short
   * ({@link GracefulClose#awaitThen}).
   *
   * @param keep the operations still running here ({@link GracefulClose})
   * @param wait how long to wait for a round still running
   */
  void closeKeeping(Set<String> keep, Duration wait) {
    stopping = true;
    loop.shutdownNow();
    handOffs.shutdownNow(); // the steps not handed over yet are left to the one taking them over
    boolean ended = GracefulClose.awaitThen(loop, wait, () -> {
      Set<String> kept = new HashSet<>(keep);
      kept.addAll(pendingFinishes.writeLast()); // a succeeded end held back: not taken over failed
      try {
        Instant at = now.get();
        Map<String, Instant> waiting = new HashMap<>(tasks.waiting());
        waiting.keySet().removeAll(kept);
        waiting.values().removeIf(runsAt -> !runsAt.isAfter(at));
        if (!waiting.isEmpty()) {
          store.setLeases(replicaId, waiting); // before the others are given up
          kept.addAll(waiting.keySet());
        }
        store.renewLeasesExcept(replicaId, kept, at.minusMillis(1));
      } catch (RuntimeException e) {
        LOG.debug("Could not give up the leases on close: {}", e.getMessage());
      }
    });
    if (!ended) {
      LOG.debug("Closed while a maintenance round still ran after {}", wait);
    }
  }
}
