package io.github.osbsdk.broker.iam.internal;

import io.github.osbsdk.broker.api.AuthenticatedCaller;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A bounded cache of tokens that passed every check, keyed by the whole token, so a repeated
 * token skips the signature work. An entry never outlives the token's {@code exp} nor the
 * configured maximum age. Lock-free reads; eviction is approximate (expired first, then
 * arbitrary entries) and only happens on insert when full.
 */
public final class VerifiedTokenCache {
  private record Entry(AuthenticatedCaller caller, long validUntilMillis) {
  }

  private final int maxEntries;
  private final long maxAgeMillis;
  private final Map<String, Entry> entries;

  /**
   * @param maxEntries the bound (0 disables the cache)
   * @param maxAgeMillis the longest an entry is trusted
   */
  public VerifiedTokenCache(int maxEntries, long maxAgeMillis) {
    this.maxEntries = maxEntries;
    this.maxAgeMillis = maxAgeMillis;
    this.entries = new ConcurrentHashMap<>(Math.max(16, Math.min(maxEntries, 4096)));
  }

  /**
   * @param token the token
   * @param nowMillis the current time
   * @return the cached caller, or null
   */
  public AuthenticatedCaller get(String token, long nowMillis) {
    if (maxEntries == 0) {
      return null;
    }
    Entry e = entries.get(token);
    if (e == null) {
      return null;
    }
    if (nowMillis >= e.validUntilMillis) {
      entries.remove(token, e);
      return null;
    }
    return e.caller;
  }

  /**
   * @param token the token
   * @param verified its verification result
   * @param nowMillis the current time
   */
  public void put(String token, VerifiedToken verified, long nowMillis) {
    if (maxEntries == 0) {
      return;
    }
    long until = Math.min(verified.expiresAtMillis(), nowMillis + maxAgeMillis);
    if (until <= nowMillis) {
      return;
    }
    if (entries.size() >= maxEntries) {
      evict(nowMillis);
    }
    entries.put(token, new Entry(verified.caller(), until));
  }

  private void evict(long nowMillis) {
    entries.values().removeIf(e -> nowMillis >= e.validUntilMillis);
    int excess = entries.size() - maxEntries + Math.max(1, maxEntries / 10);
    Iterator<String> it = entries.keySet().iterator();
    while (excess-- > 0 && it.hasNext()) {
      it.next();
      it.remove();
    }
  }

  /** @return the number of entries (for tests) */
  public int size() {
    return entries.size();
  }
}
