package io.github.osbsdk.broker.iam.internal;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The IAM module's one cache (verified tokens, authorization decisions): a bounded map whose
 * entries each carry the instant they stop being valid. Reads are lock-free; an expired entry is
 * never returned. Eviction is approximate and only happens on insert when full: expired entries
 * first, then arbitrary ones, a tenth of the bound at a time.
 *
 * @param <V> the cached values
 */
public final class ExpiringCache<V> {
  private record Entry<V>(V value, long validUntilMillis) {}

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
   * The instant a lifetime ends, without overflowing for very long lifetimes.
   *
   * @param nowMillis now
   * @param ttlMillis the lifetime
   * @return {@code nowMillis + ttlMillis}, at most {@link Long#MAX_VALUE}
   */
  public static long validUntil(long nowMillis, long ttlMillis) {
    return ttlMillis > Long.MAX_VALUE - nowMillis ? Long.MAX_VALUE : nowMillis + ttlMillis;
  }

  /**
   * Looks a key up.
   *
   * @param key the key
   * @param nowMillis now
   * @return the value, or null when absent or no longer valid (an expired entry is dropped)
   */
  public V get(String key, long nowMillis) {
    if (maxEntries == 0) {
      return null;
    }
    Entry<V> e = entries.get(key);
    if (e == null) {
      return null;
    }
    if (nowMillis >= e.validUntilMillis()) {
      entries.remove(key, e);
      return null;
    }
    return e.value();
  }

  /**
   * Keeps a value until an instant; does nothing when that instant is not after now or the cache
   * is disabled.
   *
   * @param key the key
   * @param value the value
   * @param validUntilMillis the first instant at which the value is no longer returned
   * @param nowMillis now
   */
  public void put(String key, V value, long validUntilMillis, long nowMillis) {
    if (maxEntries == 0 || validUntilMillis <= nowMillis) {
      return;
    }
    if (entries.size() >= maxEntries) {
      evict(nowMillis);
    }
    entries.put(key, new Entry<>(value, validUntilMillis));
  }

  private void evict(long nowMillis) {
    entries.values().removeIf(e -> nowMillis >= e.validUntilMillis());
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
