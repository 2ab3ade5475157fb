package io.github.osbsdk.broker.core.testsupport;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits, by polling, until something a test expects has happened. The patience is generous
 * (30 s), so that a loaded machine only makes a passing test slower; a test that fails still
 * fails, later. Shared with the other modules' tests through this module's test jar.
 */
public final class Await {
  /** How long {@link #until(BooleanSupplier, String)} waits before it fails. */
  public static final Duration PATIENCE = Duration.ofSeconds(30);

  private Await() {
  }

  /**
   * Returns once {@code condition} holds; fails after {@link #PATIENCE}.
   *
   * @param condition what to wait for
   * @param what the condition in words, for the failure message
   */
  public static void until(BooleanSupplier condition, String what) {
    until(condition, PATIENCE, what);
  }

  /**
   * Returns once {@code condition} holds; fails after {@code within}.
   *
   * @param condition what to wait for
   * @param within how long to wait at most
   * @param what the condition in words, for the failure message
   */
  public static void until(BooleanSupplier condition, Duration within, String what) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out after " + within + " waiting until " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting until " + what, e);
      }
    }
  }
}
