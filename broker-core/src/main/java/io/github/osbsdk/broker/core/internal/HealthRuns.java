package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.core.health.ComponentHealth;
import io.github.osbsdk.broker.core.health.HealthCheck;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code BrokerHealth}'s checks side by side under one deadline: each on a daemon thread,
 * at most one run per component at a time (a run still going when the next evaluation comes is
 * waited for again, not started twice), threads that idle for a minute end. Thread-safe.
 */
public final class HealthRuns {
  /** {@code BrokerHealth}'s logger, as before the runs moved here. */
  private static final Logger LOG =
      LoggerFactory.getLogger("io.github.osbsdk.broker.core.health.BrokerHealth");
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final Map<String, HealthCheck> checks;
  private final long timeoutNanos;
  private final Map<String, CompletableFuture<ComponentHealth>> running = new LinkedHashMap<>();
  private final ThreadPoolExecutor threads;
  private final HealthCheckLog log;

  /**
   * Creates the runs.
   *
   * @param checks the checks by name, in report order
   * @param timeout how long one evaluation waits for them all
   */
  public HealthRuns(Map<String, HealthCheck> checks, Duration timeout) {
    this(checks, timeout, Clock.systemUTC());
  }

  /**
   * Creates the runs with the clock their log limits are measured on.
   *
   * @param checks the checks by name, in report order
   * @param timeout how long one evaluation waits for them all
   * @param clock measures the interval between two WARNs of a component failing alike
   */
  HealthRuns(Map<String, HealthCheck> checks, Duration timeout, Clock clock) {
    this.log = new HealthCheckLog(LOG, clock);
    this.checks = new LinkedHashMap<>(checks);
    this.timeoutNanos = timeout.toNanos();
    // unbounded, yet at most one thread per component runs a check (a thread whose run just
    // ended may not be back yet when the next starts)
    this.threads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
        new SynchronousQueue<>(), r -> {
          Thread t = new Thread(r, "health-check-" + THREADS.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  /**
   * Runs every check (or joins its run still going) and waits until each answered or the
   * deadline passed.
   *
   * @return each component's health, in registration order
   */
  public Map<String, ComponentHealth> runAll() {
    Map<String, CompletableFuture<ComponentHealth>> runs = new LinkedHashMap<>();
    synchronized (running) {
      for (Map.Entry<String, HealthCheck> c : checks.entrySet()) {
        runs.put(c.getKey(), running.compute(c.getKey(), (name, run) ->
            run != null && !run.isDone() ? run : start(name, c.getValue())));
      }
    }
    long deadline = System.nanoTime() + timeoutNanos;
    Map<String, ComponentHealth> out = new LinkedHashMap<>();
    for (Map.Entry<String, CompletableFuture<ComponentHealth>> r : runs.entrySet()) {
      out.put(r.getKey(), await(r.getKey(), r.getValue(), deadline));
    }
    return out;
  }

  private CompletableFuture<ComponentHealth> start(String name, HealthCheck check) {
    return CompletableFuture.supplyAsync(() -> run(name, check), threads);
  }

  private ComponentHealth await(String name, CompletableFuture<ComponentHealth> run,
      long deadline) {
    try {
      return run.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      String error = "no answer within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms";
      log.timedOut(name, error); // limited as a failure of its own kind
      return ComponentHealth.down(Map.of("error", error));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ComponentHealth.down(Map.of("error", "interrupted"));
    } catch (ExecutionException e) { // run() catches everything; an Error lands here
      return ComponentHealth.down(Map.of("error", e.getCause().getClass().getSimpleName()));
    }
  }

  private ComponentHealth run(String name, HealthCheck check) {
    long start = System.nanoTime();
    try {
      ComponentHealth h = check.check();
      h = h != null ? h : ComponentHealth.down(Map.of("error", "the check returned null"));
      log.answered(name, h, System.nanoTime() - start > timeoutNanos);
      return h;
    } catch (Exception e) { // also a checked one, which code in Kotlin (or sneaky) may throw
      log.failed(name, e); // one WARN a minute per component and kind, the rest at DEBUG
      return ComponentHealth.down(Map.of("error", e.getClass().getSimpleName()));
    }
  }
}
