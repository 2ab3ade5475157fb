package io.github.osbsdk.broker.iam.internal;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Remembers used one-time values until they expire, so each is accepted once.
 *
 * <p>Values are filed by the time slice their expiry falls in; a slice is dropped as a whole
 * once its last instant has passed (a value that expired is refused before it gets here), so a
 * check or a record is a hash look-up in one slice, never a scan of all values. Each slice holds
 * at most {@code maxPerSlice} values; a full slice refuses further values (fail closed). The
 * caller records a value only after it has proved itself (for dashboard sign-in: after IAM
 * accepted the authorization code), so traffic without valid codes can neither fill a slice nor
 * slow a look-up.
 */
public final class ReplayGuard {
  /** The used values of one slice, and how many were recorded. */
  private record Slice(Set<String> used, AtomicInteger count) {
  }

  private final long sliceMillis;
  private final int maxPerSlice;
  private final Map<Long, Slice> slices = new ConcurrentHashMap<>();

  /**
   * Creates a guard.
   *
   * @param sliceMillis the width of a time slice (e.g. a tenth of the longest lifetime of a
   *     value), positive
   * @param maxPerSlice the most values recorded per slice, positive
   */
  public ReplayGuard(long sliceMillis, int maxPerSlice) {
    if (sliceMillis <= 0 || maxPerSlice <= 0) {
      throw new IllegalArgumentException("sliceMillis and maxPerSlice must be > 0");
    }
    this.sliceMillis = sliceMillis;
    this.maxPerSlice = maxPerSlice;
  }

  /**
   * Whether a value was already recorded (a read; records nothing).
   *
   * @param id the one-time value
   * @param expiresAtMillis when it expires (the same instant given to {@link #firstUse})
   * @return true when it was recorded before
   */
  public boolean wasUsed(String id, long expiresAtMillis) {
    Slice slice = slices.get(Math.floorDiv(expiresAtMillis, sliceMillis));
    return slice != null && slice.used.contains(id);
  }

  /**
   * Records a value, atomically with the check.
   *
   * @param id the one-time value
   * @param expiresAtMillis when it expires anyway (must be in the future)
   * @param nowMillis now
   * @return true the first time; false on replay, or when its slice is full (fail closed)
   */
  public boolean firstUse(String id, long expiresAtMillis, long nowMillis) {
    dropPassedSlices(nowMillis);
    if (expiresAtMillis <= nowMillis) {
      return false;
    }
    Slice slice = slices.computeIfAbsent(Math.floorDiv(expiresAtMillis, sliceMillis),
        k -> new Slice(ConcurrentHashMap.newKeySet(), new AtomicInteger()));
    if (slice.used.contains(id)) {
      return false;
    }
    if (slice.count.incrementAndGet() > maxPerSlice) {
      slice.count.decrementAndGet();
      return false;
    }
    if (!slice.used.add(id)) {
      slice.count.decrementAndGet();
      return false;
    }
    return true;
  }

  /**
   * The number of slices held (for tests).
   *
   * @return how many slices hold values
   */
  public int sliceCount() {
    return slices.size();
  }

  private void dropPassedSlices(long nowMillis) {
    long current = Math.floorDiv(nowMillis, sliceMillis);
    // few keys: one per slice of the longest lifetime, never one per value
    slices.keySet().removeIf(k -> k < current);
  }
}
