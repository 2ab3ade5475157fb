package io.github.osbsdk.broker.api.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link LogLimiter} per key (an HTTP status, a kind of outage), made at the key's first
 * event: a fault of one kind repeated on every request then never hides the first line of
 * another kind, as one shared limiter would for a minute. Keys must come from a small set (an
 * HTTP status has three digits), since a limiter is kept for every key seen. Thread-safe.
 *
 * @param <K> the key type
 */
public final class KeyedLogLimiter<K> {
  private final Duration interval;
  private final Clock clock;
  private final Map<K, LogLimiter> limiters = new ConcurrentHashMap<>();

  /**
   * Creates the limiters.
   *
   * @param interval the least time between two lines of one key, positive
   * @param clock the clock the interval is measured on
   */
  public KeyedLogLimiter(Duration interval, Clock clock) {
    Objects.requireNonNull(interval, "interval == null");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive");
    }
    this.interval = interval;
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  /**
   * Returns the limiter of {@code key}, made at the first call for it.
   *
   * @param key the kind of event
   * @return its limiter
   */
  public LogLimiter of(K key) {
    Objects.requireNonNull(key, "key == null");
    return limiters.computeIfAbsent(key, k -> new LogLimiter(interval, clock));
  }
}
