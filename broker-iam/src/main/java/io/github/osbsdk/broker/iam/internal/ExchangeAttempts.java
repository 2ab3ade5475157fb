package io.github.osbsdk.broker.iam.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the authorization-code exchanges made for each dashboard sign-in (by its browser
 * nonce's hash), so one sign-in state cannot make IAM's token endpoint be called again and
 * again with the broker's client secret.
 *
 * <p>Counts are filed by the time slice the sign-in's expiry falls in and dropped a slice at a
 * time ({@link ExpirySlices}), like {@link ReplayGuard}. Each slice tracks at most
 * {@code maxPerSlice} sign-ins. A sign-in that finds its slice full is let through uncounted
 * ({@link Attempt#UNTRACKED}): the limit saves calls to IAM, it protects nothing else (replays
 * are the {@link ReplayGuard}'s job), and refusing would let anyone who starts sign-ins in bulk
 * stop every user from signing in, while a fresh sign-in state costs one unauthenticated
 * request anyway.
 */
public final class ExchangeAttempts {
  /** What asking for an exchange found. */
  public enum Attempt {
    /** Counted: the exchange may be made. */
    ALLOWED,
    /** The sign-in made its last allowed exchange: no more calls to IAM for it. */
    EXHAUSTED,
    /** Not counted (its slice tracks its most sign-ins): the exchange may be made. */
    UNTRACKED
  }

  private final int maxAttempts;
  /** The exchanges counted, by sign-in. */
  private final ExpirySlices<AtomicInteger> counts;

  /**
   * Creates a counter.
   *
   * @param sliceMillis the width of a time slice, positive
   * @param maxPerSlice the most sign-ins tracked per slice, positive
   * @param maxAttempts the most exchanges per sign-in, positive
   */
  public ExchangeAttempts(long sliceMillis, int maxPerSlice, int maxAttempts) {
    if (sliceMillis <= 0 || maxPerSlice <= 0 || maxAttempts <= 0) {
      throw new IllegalArgumentException("sliceMillis, maxPerSlice and maxAttempts must be > 0");
    }
    this.maxAttempts = maxAttempts;
    this.counts = new ExpirySlices<>(sliceMillis, maxPerSlice);
  }

  /**
   * Counts one exchange for a sign-in, unless it made its last one.
   *
   * @param id the sign-in (its nonce hash)
   * @param expiresAtMillis when the sign-in expires (in the future)
   * @param nowMillis now
   * @return whether the exchange may be made, and whether it was counted
   */
  public Attempt tryAttempt(String id, long expiresAtMillis, long nowMillis) {
    AtomicInteger count = counts.file(id, expiresAtMillis, nowMillis, new AtomicInteger());
    if (count == null) { // its slice tracks its most sign-ins
      return Attempt.UNTRACKED;
    }
    if (count.incrementAndGet() > maxAttempts) {
      count.decrementAndGet();
      return Attempt.EXHAUSTED;
    }
    return Attempt.ALLOWED;
  }
}
