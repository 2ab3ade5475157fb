package io.github.osbsdk.broker.iam.internal;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The IAM module's one cache (verified tokens, authorization decisions): a bounded map whose
 * entries each carry how long they live and when they were stored, on a monotonic clock in
 * nanoseconds ({@link System#nanoTime()}) and on the wall clock. An entry ends at the earlier of
 * its two ends: a step of the wall clock back (NTP) never keeps it past its lifetime (the
 * monotonic end holds), and a suspended machine, whose {@code System.nanoTime} stands still on
 * Linux while real time passes, never keeps it either (the wall end holds). A step of the wall
 * clock forward ends entries early, which costs only a new verification or a new call to IAM.
 * Monotonic ages are differences of two readings, as {@code System.nanoTime} requires; a reading
 * earlier than the entry's (a clock that went back, which a monotonic one never does) counts as
 * expired, while a wall reading earlier than the entry's leaves the monotonic end to decide.
 * Reads are lock-free; an expired entry is never returned. Eviction is approximate and only
 * happens on insert when full: expired entries first, then arbitrary ones, a tenth of the bound
 * at a time.
 *
 * @param <V> the cached values
 */
public final class ExpiringCache<V> {
  private record Entry<V>(V value, long storedAtNanos, long storedAtWallMillis, long ttlNanos) {
    boolean expiredAt(long nowNanos, long wallNowMillis) {
      long age = nowNanos - storedAtNanos;
      long wallAge = wallNowMillis - storedAtWallMillis;
      return age < 0 || age >= ttlNanos
          || wallAge > 0 && TimeUnit.MILLISECONDS.toNanos(wallAge) >= ttlNanos;
    }
  }

  private final int maxEntries;
  private final Map<String, Entry<V>> entries;

  /**
   * Creates an empty cache.
   *
   * @param maxEntries the bound; 0 disables the cache (nothing is kept)
   * @throws IllegalArgumentException when negative
   */
  public ExpiringCache(int maxEntries) {
    if (maxEntries < 0) {
      throw new IllegalArgumentException("maxEntries < 0");
    }
    this.maxEntries = maxEntries;
    this.entries = new ConcurrentHashMap<>(Math.max(16, Math.min(maxEntries, 4096)));
  }

  /**
   * A lifetime in nanoseconds, without overflowing for very long ones.
   *
   * @param lifetime the lifetime, not negative
   * @return its nanoseconds, at most {@link Long#MAX_VALUE} (which never ends)
   */
  public static long nanos(Duration lifetime) {
    return lifetime.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE
        : lifetime.toNanos();
  }

  /**
   * Looks a key up.
   *
   * @param key the key
   * @param nowNanos the monotonic clock's reading now
   * @param wallNowMillis the wall clock now (epoch milliseconds)
   * @return the value, or null when absent or no longer valid (an expired entry is dropped)
   */
  public V get(String key, long nowNanos, long wallNowMillis) {
    if (maxEntries == 0) {
      return null;
    }
    Entry<V> e = entries.get(key);
    if (e == null) {
      return null;
    }
    if (e.expiredAt(nowNanos, wallNowMillis)) {
      entries.remove(key, e);
      return null;
    }
    return e.value();
  }

  /**
   * Keeps a value for a lifetime from now; does nothing when the lifetime is not positive or the
   * cache is disabled.
   *
   * @param key the key
   * @param value the value
   * @param ttlNanos how long the value is returned, from {@code nowNanos} and from
   *     {@code wallNowMillis}, whichever ends first
   * @param nowNanos the monotonic clock's reading now
   * @param wallNowMillis the wall clock now (epoch milliseconds)
   */
  public void put(String key, V value, long ttlNanos, long nowNanos, long wallNowMillis) {
    if (maxEntries == 0 || ttlNanos <= 0) {
      return;
    }
    if (entries.size() >= maxEntries) {
      evict(nowNanos, wallNowMillis);
    }
    entries.put(key, new Entry<>(value, nowNanos, wallNowMillis, ttlNanos));
  }

  private void evict(long nowNanos, long wallNowMillis) {
    entries.values().removeIf(e -> e.expiredAt(nowNanos, wallNowMillis));
    int excess = entries.size() - maxEntries + Math.max(1, maxEntries / 10);
    Iterator<String> it = entries.keySet().iterator();
    while (excess-- > 0 && it.hasNext()) {
      it.next();
      it.remove();
    }
  }

  /** Forgets every entry. */
  public void clear() {
    entries.clear();
  }

  /**
   * The number of entries, expired ones not yet dropped included.
   *
   * @return the number
   */
  public int size() {
    return entries.size();
  }
}
