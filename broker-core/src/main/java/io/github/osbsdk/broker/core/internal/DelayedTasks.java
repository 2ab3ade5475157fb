package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.TemporarilyUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delayed tasks of the {@link OperationMaintenance}: each runs once, after its wait
 * ({@link #delayMillis}), on the maintenance's loop thread while it holds the maintenance's lock
 * (never while a round runs), and what it throws is logged. Until it ran, its operation counts
 * as this replica's ({@link #ids}), as does that of a hand-off ({@link #hold}); one that runs a
 * step again no sooner than its {@code retryAfter} also says when ({@link #waiting}).
 */
final class DelayedTasks {
  private static final Logger LOG = LoggerFactory.getLogger(OperationMaintenance.class);
  /** The longest wait of a backoff. */
  static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
  /** The shortest wait before a deadline. */
  static final Duration MIN_DELAY = Duration.ofMillis(5);

  private final ScheduledExecutorService loop;
  private final Object serial;
  /** The operations a delayed task or a hand-off will go on with, counted by id. */
  private final Map<String, Integer> held = new ConcurrentHashMap<>();
  /** When the task of each operation whose step waits for its {@code retryAfter} runs. */
  private final Map<String, Instant> waits = new ConcurrentHashMap<>();

  /**
   * Uses the maintenance's loop.
   *
   * @param loop the loop's executor, one thread
   * @param serial the maintenance's lock, held by each task while it runs
   */
  DelayedTasks(ScheduledExecutorService loop, Object serial) {
    this.loop = loop;
    this.serial = serial;
  }

  /** The operations a delayed task or a hand-off will go on with: a live view. */
  Set<String> ids() {
    return held.keySet();
  }

  /** Counts {@code operationId} (if not null) as this replica's until {@link #release}. */
  void hold(String operationId) {
    if (operationId != null) {
      held.merge(operationId, 1, Integer::sum);
    }
  }

  /** Undoes one {@link #hold}. */
  void release(String operationId) {
    if (operationId != null) {
      held.computeIfPresent(operationId, (id, n) -> n > 1 ? n - 1 : null);
    }
  }

  /**
   * The operations whose task waits to run their step again no sooner than its
   * {@code retryAfter}, with the time it runs: what a closing replica hands their leases back
   * with, so that no replica takes one over before.
   *
   * @return a copy
   */
  Map<String, Instant> waiting() {
    return Map.copyOf(waits);
  }

  /**
   * Runs {@code task} on the loop after {@code delayMillis}, holding the maintenance's lock.
   *
   * @param operationId the operation the task goes on with, or null
   * @param task the task
   * @param delayMillis the wait
   */
  void schedule(String operationId, Runnable task, long delayMillis) {
    schedule(operationId, task, delayMillis, null);
  }

  /**
   * As {@link #schedule(String, Runnable, long)}, for a task that runs a step again no sooner
   * than its {@code retryAfter}: {@link #waiting} holds its operation until it runs.
   *
   * @param operationId the operation the task goes on with, or null
   * @param task the task
   * @param delayMillis the wait
   * @param runsAt when it runs (now plus {@code delayMillis}), or null when it is a backoff's
   */
  void schedule(String operationId, Runnable task, long delayMillis, Instant runsAt) {
    hold(operationId);
    boolean waiting = operationId != null && runsAt != null;
    if (waiting) {
      waits.put(operationId, runsAt);
    }
    try {
      loop.schedule(() -> {
        synchronized (serial) {
          try {
            if (waiting) {
              waits.remove(operationId, runsAt); // not one the step's next refusal asked for
            }
            task.run();
          } catch (Exception | Error e) { // NOPMD: logged, never lost in the future
            LOG.error("Delayed operation maintenance failed", e);
          } finally {
            release(operationId); // after what the task scheduled again held it anew
          }
        }
      }, delayMillis, TimeUnit.MILLISECONDS);
    } catch (RuntimeException | Error e) {
      if (waiting) {
        waits.remove(operationId, runsAt);
      }
      release(operationId);
      throw e;
    }
  }

  /**
   * The wait of a delayed task: a sixth of the lease (at least 100 ms), doubled for each earlier
   * attempt up to {@link #MAX_BACKOFF} (or a sixth of a lease if longer); at least
   * {@code atLeast} when given, but never more than
   * {@link TemporarilyUnavailableException#MAX_RETRY_AFTER_SECONDS} for it; and never past the
   * deadline ({@code left}, at least {@link #MIN_DELAY}) while it is ahead.
   *
   * @param lease the lease
   * @param attempts how often the task was tried before
   * @param left the time left until the operation's deadline, or null for none
   * @param atLeast the shortest wait (a step's {@code retryAfter}), or null for the backoff's
   * @return the wait in milliseconds
   */
  static long delayMillis(Duration lease, int attempts, Duration left, Duration atLeast) {
    long first = Math.max(100, lease.toMillis() / 6);
    long backoff = Math.max(first, Math.min(MAX_BACKOFF.toMillis(),
        first << Math.min(Math.max(attempts, 0), 20)));
    if (atLeast != null) {
      long longest = TimeUnit.SECONDS.toMillis(
          TemporarilyUnavailableException.MAX_RETRY_AFTER_SECONDS);
      long asked = atLeast.compareTo(Duration.ofMillis(longest)) > 0 ? longest
          : atLeast.toMillis() + (atLeast.toNanosPart() % 1_000_000 == 0 ? 0 : 1);
      backoff = Math.max(backoff, asked);
    }
    // once the deadline passed, the next run ends the operation: no cap, lest an outage spin
    return left == null || left.isNegative() || left.isZero() ? backoff
        : Math.min(backoff, Math.max(MIN_DELAY.toMillis(), left.toMillis()));
  }
}
