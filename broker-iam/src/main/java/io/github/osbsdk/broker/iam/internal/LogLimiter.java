package io.github.osbsdk.broker.iam.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets one log line of a kind through per interval, so a fault repeated on every request (IAM
 * down, a wrong API key, junk callbacks) logs a warning now and then, not once per request. The
 * lines held back are counted; the caller logs them at DEBUG and names the count in the next line
 * let through. Thread-safe.
 */
public final class LogLimiter {
  private final long intervalMillis;
  private final AtomicLong nextAtMillis = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong heldBack = new AtomicLong();

  /**
   * Creates a limiter.
   *
   * @param intervalMillis the least time between two lines let through, positive
   */
  public LogLimiter(long intervalMillis) {
    if (intervalMillis <= 0) {
      throw new IllegalArgumentException("intervalMillis must be > 0");
    }
    this.intervalMillis = intervalMillis;
  }

  /**
   * Asks to log a line now.
   *
   * @param nowMillis now
   * @return -1 when the line is held back (log it at DEBUG at most); otherwise how many lines
   *     were held back since the last one let through
   */
  public long tryLog(long nowMillis) {
    long next = nextAtMillis.get();
    if (nowMillis >= next
        && nextAtMillis.compareAndSet(next, ExpiringCache.validUntil(nowMillis, intervalMillis))) {
      return heldBack.getAndSet(0);
    }
    heldBack.incrementAndGet();
    return -1;
  }

  /** Lets the next line through whenever it comes (e.g. after a recovery, for a new fault). */
  public void reset() {
    nextAtMillis.set(Long.MIN_VALUE);
  }
}
