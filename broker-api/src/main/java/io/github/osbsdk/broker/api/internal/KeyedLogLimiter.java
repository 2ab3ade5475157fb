package io.github.osbsdk.broker.api.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link LogLimiter} per key (an HTTP status, a kind of outage, an exception class), made at
 * the key's first event: a fault of one kind repeated on every request then never hides the
 * first line of another kind, as one shared limiter would for a minute.
 *
 * <p>Unbounded by default, for keys from a small set (an HTTP status has three digits). Keys
 * that may come without end (exception classes a provider makes up) take a bound: past it, the
 * keys not seen before share one overflow limiter, so the limiters kept stay bounded. Threads
 * racing for new keys at the bound may add a few past it. Thread-safe.
 *
 * @param <K> the key type
 */
public final class KeyedLogLimiter<K> {
  private final Duration interval;
  private final Clock clock;
  private final int maxKeys;
  private final Map<K, LogLimiter> limiters = new ConcurrentHashMap<>();
  /** Shared by the keys past {@link #maxKeys}. */
  private final LogLimiter overflow;

  /**
   * Creates the limiters, one for every key seen.
   *
   * @param interval the least time between two lines of one key, positive
   * @param clock the clock the interval is measured on
   */
  public KeyedLogLimiter(Duration interval, Clock clock) {
    this(interval, clock, Integer.MAX_VALUE);
  }

  /**
   * Creates the limiters, at most {@code maxKeys} of them for keys of their own.
   *
   * @param interval the least time between two lines of one key, positive
   * @param clock the clock the interval is measured on
   * @param maxKeys the most keys with a limiter of their own, positive; the keys seen after
   *     them share one limiter
   */
  public KeyedLogLimiter(Duration interval, Clock clock, int maxKeys) {
    Objects.requireNonNull(interval, "interval == null");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive");
    }
    if (maxKeys <= 0) {
      throw new IllegalArgumentException("maxKeys must be positive");
    }
    this.interval = interval;
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.maxKeys = maxKeys;
    this.overflow = new LogLimiter(interval, clock);
  }

  /**
   * Returns the limiter of {@code key}, made at the first call for it; past the bound, the
   * overflow limiter that the keys not seen before share.
   *
   * @param key the kind of event
   * @return its limiter
   */
  public LogLimiter of(K key) {
    Objects.requireNonNull(key, "key == null");
    LogLimiter limiter = limiters.get(key);
    if (limiter != null) {
      return limiter;
    }
    // racing threads may add a few keys past the bound; the map stays bounded all the same
    return limiters.size() >= maxKeys ? overflow
        : limiters.computeIfAbsent(key, k -> new LogLimiter(interval, clock));
  }

  /**
   * Lets the next event of every key through whenever it comes (after a recovery); the events
   * held back so far are still counted in those lines ({@link LogLimiter#reset()}).
   */
  public void reset() {
    limiters.values().forEach(LogLimiter::reset);
    overflow.reset();
  }

  /**
   * How many keys have a limiter of their own.
   *
   * @return the count
   */
  int keys() {
    return limiters.size();
  }
}
