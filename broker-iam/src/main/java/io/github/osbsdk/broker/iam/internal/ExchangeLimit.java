package io.github.osbsdk.broker.iam.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the authorization-code exchanges that IAM refuses (or that fail) which one broker
 * replica makes, whoever sends the callbacks: a fresh sign-in state costs an unauthenticated
 * caller one request, so without it the broker would call IAM's token endpoint with its client
 * id at the caller's rate, and IAM could throttle or block that client id for every user.
 *
 * <p>A token bucket of {@code max} exchanges that refills one every {@code per / max}: each
 * exchange takes one before it calls IAM ({@link #tryTake}), and one that IAM answers with a
 * token gives it back ({@link #giveBack}). So real sign-ins, however many at once, cost nothing
 * once done (only {@code max} may be in flight together), while failed exchanges use the bucket
 * up; an empty bucket makes callbacks wait without calling IAM.
 *
 * <p>Lock-free: the state is one number, the time at which the bucket is full again (the
 * generic cell rate algorithm). A clock gone back counts as at most an empty bucket, so a clock
 * step never pauses exchanges for longer than the bucket takes to refill.
 */
public final class ExchangeLimit {
  /** The longest refill period. */
  public static final Duration MAX_PER = Duration.ofDays(1);

  private final int max;
  private final long intervalMillis;
  private final long spanMillis;
  private final Clock clock;
  /** When the bucket is full again (clock millis); in the past when it is full. */
  private final AtomicLong fullAt = new AtomicLong(Long.MIN_VALUE / 2);

  /**
   * Creates a limit.
   *
   * @param max the most failed exchanges in a burst, positive
   * @param per how long the bucket takes to refill from empty, positive, at most
   *     {@link #MAX_PER}
   * @param clock the clock
   */
  public ExchangeLimit(int max, Duration per, Clock clock) {
    Objects.requireNonNull(per, "per == null");
    if (max <= 0 || per.isNegative() || per.isZero() || per.compareTo(MAX_PER) > 0) {
      throw new IllegalArgumentException("max must be positive, per positive and at most a day");
    }
    this.max = max;
    this.intervalMillis = Math.max(1, per.toMillis() / max);
    this.spanMillis = intervalMillis * max;
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  /**
   * Takes one exchange from the bucket.
   *
   * @return 0 when taken (the exchange may call IAM), else how long (millis, positive) until one
   *     is back
   */
  public long tryTake() {
    while (true) {
      long now = clock.millis();
      long current = fullAt.get();
      long from = Math.max(Math.min(current, now + spanMillis), now);
      long next = from + intervalMillis;
      if (next - now > spanMillis) {
        if (current > now + spanMillis) { // the clock went back: keep an empty bucket only
          fullAt.compareAndSet(current, now + spanMillis);
        }
        return next - now - spanMillis;
      }
      if (fullAt.compareAndSet(current, next)) {
        return 0;
      }
    }
  }

  /** Gives back an exchange taken with {@link #tryTake} that IAM answered with a token. */
  public void giveBack() {
    fullAt.addAndGet(-intervalMillis);
  }

  /**
   * The most failed exchanges in a burst.
   *
   * @return the bucket's size
   */
  public int max() {
    return max;
  }
}
