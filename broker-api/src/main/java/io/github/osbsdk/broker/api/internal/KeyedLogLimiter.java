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
 * that may come without end (exception classes a provider makes up, identities from tokens any
 * account can get) take a bound. At the bound, a new key takes the place of keys unused for a
 * whole interval (whose next event would log at once anyway; the count of events they held back,
 * logged at DEBUG, is dropped with them); when none is that idle, the new key shares one overflow
 * limiter. So the limiters kept stay bounded, and whoever sends the first keys cannot keep their
 * places for good. A clock gone back counts as an interval passed, as in {@link LogLimiter}.
 * Threads racing for new keys at the bound may add a few past it. Thread-safe.
 *
 * @param <K> the key type
 */
public final class KeyedLogLimiter<K> {
  private final Duration interval;
  private final long intervalMillis;
  private final Clock clock;
  private final int maxKeys;
  private final Map<K, Slot> limiters = new ConcurrentHashMap<>();
  /** Shared by the keys past {@link #maxKeys}. */
  private final LogLimiter overflow;

  /** A key's limiter and when the key was last used (clock millis; kept only when bounded). */
  private static final class Slot {
    final LogLimiter limiter;
    volatile long usedAt;

    Slot(LogLimiter limiter, long usedAt) {
      this.limiter = limiter;
      this.usedAt = usedAt;
    }
  }

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
   * Creates the limiters, at most {@code maxKeys} of them for keys of their own at a time.
   *
   * @param interval the least time between two lines of one key, positive; a key unused this
   *     long gives its place to a new key
   * @param clock the clock the interval is measured on
   * @param maxKeys the most keys with a limiter of their own, positive; a new key finding no
   *     place shares one limiter with the others that found none
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
    this.intervalMillis = Math.max(1, interval.toMillis());
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.maxKeys = maxKeys;
    this.overflow = new LogLimiter(interval, clock);
  }

  /**
   * Returns the limiter of {@code key}, made at the first call for it; at the bound, made in the
   * place of keys unused for an interval, else the overflow limiter that the keys without a place
   * share.
   *
   * @param key the kind of event
   * @return its limiter
   */
  public LogLimiter of(K key) {
    Objects.requireNonNull(key, "key == null");
    boolean bounded = maxKeys != Integer.MAX_VALUE;
    long now = bounded ? clock.millis() : 0;
    Slot slot = limiters.get(key);
    if (slot != null) {
      if (bounded && slot.usedAt != now) { // no write while a key repeats within a millisecond
        slot.usedAt = now;
      }
      return slot.limiter;
    }
    if (limiters.size() >= maxKeys) {
      limiters.values().removeIf(s -> now - s.usedAt >= intervalMillis || now < s.usedAt);
    }
    // racing threads may add a few keys past the bound; the map stays bounded all the same
    return limiters.size() >= maxKeys ? overflow
        : limiters.computeIfAbsent(key, k -> new Slot(new LogLimiter(interval, clock), now))
            .limiter;
  }

  /**
   * Lets the next event of every key through whenever it comes (after a recovery); the events
   * held back so far are still counted in those lines ({@link LogLimiter#reset()}).
   */
  public void reset() {
    limiters.values().forEach(s -> s.limiter.reset());
    overflow.reset();
  }

  /**
   * How many keys have a limiter of their own (a place).
   *
   * @return the count
   */
  int keys() {
    return limiters.size();
  }
}
