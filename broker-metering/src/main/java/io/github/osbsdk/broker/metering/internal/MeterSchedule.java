package io.github.osbsdk.broker.metering.internal;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background thread of a meter (a daemon named {@code usage-meter}): runs its
 * persist-and-close step every persist interval; a step that throws is logged as a WARN (at
 * most once a minute on the meter's clock while steps keep throwing, its message escaped) and
 * the next one runs as planned.
 */
public final class MeterSchedule {
  private static final Logger LOG = LoggerFactory.getLogger(MeterSchedule.class);
  private final ScheduledExecutorService scheduler;
  /** The WARN lines of steps that throw, maybe on every run (the scheduler's thread only). */
  private final OutageWarnings failures;

  /**
   * Starts the thread.
   *
   * @param step the meter's persist-and-close step
   * @param every the persist interval
   * @param clock the meter's clock, in epoch milliseconds, that paces the warnings
   */
  public MeterSchedule(Runnable step, Duration every, LongSupplier clock) {
    failures = new OutageWarnings(LOG, clock);
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "usage-meter");
      t.setDaemon(true);
      return t;
    });
    long millis = every.toMillis();
    scheduler.scheduleWithFixedDelay(() -> runQuietly(step), millis, millis,
        TimeUnit.MILLISECONDS);
  }

  private void runQuietly(Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      failures.failed("usage meter tick failed", e);
      return;
    }
    failures.answered();
  }

  /** Stops the thread, waiting up to 5 seconds for a step that runs to end. */
  public void stop() {
    scheduler.shutdown();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
