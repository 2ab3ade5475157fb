package io.github.osbsdk.broker.iam.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Remembers used one-time values until they expire, so each is accepted once. Bounded. */
public final class ReplayGuard {
  private final int maxEntries;
  private final Map<String, Long> used = new ConcurrentHashMap<>();

  /** @param maxEntries the bound */
  public ReplayGuard(int maxEntries) {
    this.maxEntries = maxEntries;
  }

  /**
   * @param id the one-time value
   * @param expiresAtMillis when it expires anyway
   * @param nowMillis now
   * @return true the first time, false on replay (or when full of unexpired values: fail closed)
   */
  public boolean firstUse(String id, long expiresAtMillis, long nowMillis) {
    if (used.size() >= maxEntries) {
      used.values().removeIf(exp -> exp <= nowMillis);
      if (used.size() >= maxEntries) {
        return false;
      }
    }
    return used.putIfAbsent(id, expiresAtMillis) == null;
  }
}
