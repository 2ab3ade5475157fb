package io.github.osbsdk.broker.core.internal;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link OperationMaintenance}'s hand-off thread, started when there is work for it: it hands
 * provider work taken over to the provider's executor, in the order given. An executor may run
 * what it is given on the giving thread ({@code CallerRunsPolicy}): a step resumed by a round
 * would run holding the maintenance's lock, and until it ended this replica would renew no lease
 * (others would take all its operations over while they run here) and polls would wait.
 */
final class HandOffThread {
  /** The maintenance's: its log lines keep their category. */
  private static final Logger LOG = LoggerFactory.getLogger(OperationMaintenance.class);

  private final ThreadPoolExecutor thread;

  HandOffThread(String replicaId) {
    this.thread = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        DefaultOperationExecutor.daemonThreads("osb-handoff-", replicaId));
    thread.allowCoreThreadTimeOut(true);
  }

  /**
   * Runs {@code handOff} after the hand-offs given before it. What it throws is logged.
   *
   * @param handOff the hand-off
   * @throws RejectedExecutionException when shut down
   */
  void execute(Runnable handOff) {
    thread.execute(() -> {
      try {
        handOff.run();
      } catch (Exception | Error e) { // NOPMD: logged, the next hand-offs run all the same
        LOG.error("Handing over operation work failed", e);
      }
    });
  }

  /** Takes no more hand-offs; those given run. */
  void shutdown() {
    thread.shutdown();
  }

  /** Takes no more hand-offs; those not started yet do not run. */
  void shutdownNow() {
    thread.shutdownNow();
  }
}
