package io.github.osbsdk.broker.core.internal;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a broker closes without another replica running its work at the same time: it stops
 * taking work over and starting work; for up to {@link #GRACE} it lets the work running here
 * (on its executor, the provider's or a request's thread) end, its leases still renewed; then it
 * interrupts the work still running on its executors (that work is left to the replica that
 * takes it over, not recorded as failed) and waits up to {@link #AFTER_INTERRUPT} for it; then
 * it stops the maintenance (waiting up to {@link #AFTER_INTERRUPT} for a round still running),
 * writes once more the finishes an outage held back, and gives up the leases of the operations
 * not running here, which other replicas take over at once. Work still running then (a request's
 * provider call, work that ignores the interrupt) and the operations whose finish is still held
 * back keep their leases, no longer renewed: they are taken over once these expire.
 *
 * <p>A close called on a thread that runs work of this broker (a resumable step or a task that
 * closes the broker, a provider call of a request) does not wait for that work, which cannot end
 * before the close returns, nor takes it for work that outlived its grace: it waits for the rest
 * only. That work keeps its lease, as any work still running at the end of a close does.
 *
 * <p>The closing thread's interrupt neither cuts the grace short nor reaches the store: a
 * container that stops by interrupting its threads may close the broker on one whose flag is set
 * (or set it while the close runs), and a connection pool refuses an interrupted thread. The flag
 * is cleared for the close, which is bounded anyway, and set again at its end, so the caller
 * still sees it.
 */
final class GracefulClose {
  private static final Logger LOG = LoggerFactory.getLogger(GracefulClose.class);
  /** How long a closing broker lets the work running in it end. */
  static final Duration GRACE = Duration.ofSeconds(3);
  /** How long it then waits for the work it interrupted. */
  static final Duration AFTER_INTERRUPT = Duration.ofSeconds(1);
  private static final long POLL_MILLIS = 20;

  /** Whether the closing thread was interrupted, before or during the close. */
  private boolean interrupted;

  private GracefulClose() {}

  /**
   * Closes.
   *
   * @param work stops starting work, and marks the interruptions that follow as the close's
   * @param maintenance the loop, renewing the leases until it is closed
   * @param running the work running here, with the operations requests hold
   * @param owned the executor the broker created itself, or null
   */
  static void close(OperationWork work, OperationMaintenance maintenance, RunningWork running,
      ExecutorService owned) {
    GracefulClose close = new GracefulClose();
    close.interrupted = Thread.interrupted();
    try {
      close.run(work, maintenance, running, owned);
    } finally {
      if (close.interrupted || Thread.interrupted()) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run(OperationWork work, OperationMaintenance maintenance, RunningWork running,
      ExecutorService owned) {
    RequestCalls calls = running.calls();
    work.markClosing(false);
    maintenance.stopTakingOver();
    if (owned != null) {
      owned.shutdown(); // what it queued does not start (OperationWork#run): left for takeover
    }
    boolean ended = awaitEnd(running, calls, GRACE);
    if (!ended) {
      work.markClosing(true);
      running.interruptAll();
      if (owned != null) {
        owned.shutdownNow();
      }
      ended = awaitEnd(running, calls, AFTER_INTERRUPT);
    }
    Set<String> keep = new HashSet<>(running.ids());
    keep.addAll(calls.held());
    if (!ended) {
      LOG.warn("Closing with {} operation(s) still running here after {}; they keep their leases"
          + " until these expire, and are then taken over: {}", keep.size(), GRACE, keep);
    }
    maintenance.closeKeeping(keep, AFTER_INTERRUPT);
  }

  /**
   * Waits up to {@code wait} for {@code executor} to end, all of it whatever interrupts the
   * thread, then runs {@code then} with the thread's interrupt flag clear (a connection pool
   * refuses an interrupted thread), and sets the flag again if it was set before or meanwhile.
   *
   * @param executor the executor, shut down
   * @param wait how long to wait for it
   * @param then what to run after the wait
   * @return whether the executor ended within {@code wait}
   */
  static boolean awaitThen(ExecutorService executor, Duration wait, Runnable then) {
    boolean interrupted = Thread.interrupted();
    long deadline = System.nanoTime() + wait.toNanos();
    try {
      boolean ended;
      while (true) {
        try {
          ended = executor.awaitTermination(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
          break;
        } catch (InterruptedException e) {
          interrupted = true; // wait on: its last task must end before `then` runs
        }
      }
      then.run();
      return ended;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Waits for the work to end, all of {@code within} whatever interrupts the thread; not for the
   * work on the closing thread itself, which cannot end while the close runs.
   */
  private boolean awaitEnd(RunningWork running, RequestCalls calls, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (running.sizeElsewhere() > 0 || !calls.heldElsewhere().isEmpty()) {
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        interrupted = true; // noted for the caller; the work still gets its time
      }
    }
    return true;
  }
}
