package io.github.osbsdk.broker.iam.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

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
 * generic cell rate algorithm), in milliseconds since the limit was made on a monotonic clock
 * ({@link System#nanoTime()}), so a step of the wall clock neither refills the bucket nor empties
 * it. A clock gone back (which a monotonic one never does) counts as at most an empty bucket.
 */
public final class ExchangeLimit {
  /** The longest refill period. */
  public static final Duration MAX_PER = Duration.ofDays(1);

  private final int max;
  private final long intervalMillis;
  private final long spanMillis;
  private final LongSupplier nanoTime;
  /** The monotonic clock's reading when the limit was made: times count from it. */
  private final long originNanos;
  /** When the bucket is full again (millis since the origin); in the past when it is full. */
  private final AtomicLong fullAt = new AtomicLong(Long.MIN_VALUE / 2);

  /**
   * Creates a limit.
   *
   * @param max the most failed exchanges in a burst, positive
   * @param per how long the bucket takes to refill from empty, positive, at most
   *     {@link #MAX_PER}
   * @param nanoTime the monotonic clock ({@code System::nanoTime})
   */
  public ExchangeLimit(int max, Duration per, LongSupplier nanoTime) {
    Objects.requireNonNull(per, "per == null");
    if (max <= 0 || per.isNegative() || per.isZero() || per.compareTo(MAX_PER) > 0) {
      throw new IllegalArgumentException("max must be positive, per positive and at most a day");
    }
    this.max = max;
    this.intervalMillis = Math.max(1, per.toMillis() / max);
    this.spanMillis = intervalMillis * max;
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime == null");
    this.originNanos = nanoTime.getAsLong();
  }

  /**
   * Takes one exchange from the bucket.
   *
   * @return 0 when taken (the exchange may call IAM), else how long (millis, positive) until one
   *     is back
   */
  public long tryTake() {
    while (true) {
      long now = TimeUnit.NANOSECONDS.toMillis(nanoTime.getAsLong() - originNanos);
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
