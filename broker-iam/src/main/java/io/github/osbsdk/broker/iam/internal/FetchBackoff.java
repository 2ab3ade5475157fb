package io.github.osbsdk.broker.iam.internal;

import io.github.osbsdk.broker.api.internal.LogLimiter;
import io.github.osbsdk.broker.api.internal.LogValues;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * The pauses between failed fetches of a token, and their warnings: the pause starts at a first
 * length and doubles with each further failure up to a longest one (at least the
 * {@code Retry-After} IAM sent), and a success starts again from the first. The first failure
 * after a success is logged at WARN, then at most one WARN per longest pause (the others at
 * DEBUG, counted in the next WARN). Not thread-safe: the caller holds its own lock around
 * {@link #failed} and {@link #succeeded}.
 */
public final class FetchBackoff {
  private final long firstPauseMillis;
  private final long maxPauseMillis;
  private final LogLimiter warnings;
  private volatile int failures; // written under the caller's lock, read by log()

  /**
   * Creates a backoff.
   *
   * @param firstPauseMillis the pause after a first failure, positive
   * @param maxPauseMillis the longest pause, at least the first
   * @param clock the clock the warnings are spaced on
   */
  public FetchBackoff(long firstPauseMillis, long maxPauseMillis, Clock clock) {
    if (firstPauseMillis <= 0 || maxPauseMillis < firstPauseMillis) {
      throw new IllegalArgumentException("0 < firstPauseMillis <= maxPauseMillis required");
    }
    this.firstPauseMillis = firstPauseMillis;
    this.maxPauseMillis = maxPauseMillis;
    this.warnings = new LogLimiter(Duration.ofMillis(maxPauseMillis), clock);
  }

  /** A fetch succeeded: the next failure pauses for the first length again. */
  public void succeeded() {
    failures = 0;
  }

  /**
   * A fetch failed (only one fetch runs at a time).
   *
   * @param retryAfterMillis the pause IAM asked for, 0 when none
   * @return the pause before the next fetch, in milliseconds
   */
  public long failed(long retryAfterMillis) {
    int n = failures;
    failures = n == Integer.MAX_VALUE ? n : n + 1;
    int doublings = Math.min(failures - 1, 40); // far beyond any cap: no overflow
    long backoff = firstPauseMillis > (maxPauseMillis >> doublings) ? maxPauseMillis
        : Math.min(maxPauseMillis, firstPauseMillis << doublings);
    return Math.max(backoff, retryAfterMillis);
  }

  /**
   * How long the next fetch waits after one failed: the pause, but no longer than the cached
   * token has until it goes stale while that is still ahead, so that however long the pause grew
   * while the token was still good, a token going stale is fetched anew once (IAM may be back).
   *
   * @param pauseMillis the pause {@link #failed} returned
   * @param untilStaleMillis how long the cached token has until it goes stale (0 or less when
   *     none is cached or it is stale)
   * @return the wait before the next fetch, in milliseconds
   */
  public static long pauseUntilStale(long pauseMillis, long untilStaleMillis) {
    return untilStaleMillis > 0 ? Math.min(pauseMillis, untilStaleMillis) : pauseMillis;
  }

  /**
   * How many fetches failed since the last success.
   *
   * @return the count
   */
  public int failures() {
    return failures;
  }

  /**
   * Logs a failed fetch on the given logger, rate-limited (see the class comment).
   *
   * @param log the logger
   * @param pauseMillis the pause before the next fetch
   * @param error the failure (its message quoted, never its cause chain)
   */
  public void log(Logger log, long pauseMillis, Throwable error) {
    int failed = failures;
    if (failed == 1) {
      warnings.reset();
    }
    LogLimiter.Decision d = warnings.tryLog();
    String message = LogValues.quoteMessage(error);
    if (d.logs()) {
      log.warn("IAM token fetch failed ({} in a row), next attempt in {} ms at the earliest:"
          + " {}{}", failed, pauseMillis, message, d.note());
    } else {
      log.debug("IAM token fetch failed ({} in a row), next attempt in {} ms at the earliest: {}",
          failed, pauseMillis, message);
    }
  }
}
