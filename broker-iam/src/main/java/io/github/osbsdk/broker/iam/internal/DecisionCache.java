package io.github.osbsdk.broker.iam.internal;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A bounded cache of authorization decisions with separate lifetimes for permit and deny. */
public final class DecisionCache {
  private record Entry(boolean permitted, long validUntilMillis) {
  }

  private final int maxEntries;
  private final long permitTtlMillis;
  private final long denyTtlMillis;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  /**
   * @param maxEntries the bound (0 disables caching)
   * @param permitTtlMillis lifetime of a permit
   * @param denyTtlMillis lifetime of a deny
   */
  public DecisionCache(int maxEntries, long permitTtlMillis, long denyTtlMillis) {
    this.maxEntries = maxEntries;
    this.permitTtlMillis = permitTtlMillis;
    this.denyTtlMillis = denyTtlMillis;
  }

  /**
   * @param key the key
   * @param nowMillis now
   * @return the decision, or null when not cached
   */
  public Boolean get(String key, long nowMillis) {
    Entry e = entries.get(key);
    if (e == null) {
      return null;
    }
    if (nowMillis >= e.validUntilMillis) {
      entries.remove(key, e);
      return null;
    }
    return e.permitted;
  }

  /**
   * @param key the key
   * @param permitted the decision
   * @param nowMillis now
   */
  public void put(String key, boolean permitted, long nowMillis) {
    long ttl = permitted ? permitTtlMillis : denyTtlMillis;
    if (maxEntries == 0 || ttl <= 0) {
      return;
    }
    if (entries.size() >= maxEntries) {
      entries.values().removeIf(e -> nowMillis >= e.validUntilMillis);
      int excess = entries.size() - maxEntries + Math.max(1, maxEntries / 10);
      Iterator<String> it = entries.keySet().iterator();
      while (excess-- > 0 && it.hasNext()) {
        it.next();
        it.remove();
      }
    }
    entries.put(key, new Entry(permitted, nowMillis + ttl));
  }

  /** Forgets every decision. */
  public void clear() {
    entries.clear();
  }
}
