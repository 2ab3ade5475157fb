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
 * at most {@code maxPerSlice} values; a full slice refuses further values (fail closed) and
 * says so ({@link Use#FULL}), so a caller can tell "busy" from "already used". The caller
 * records a value only after it has proved itself (for dashboard sign-in: after IAM permitted the
 * user), so traffic without valid codes, and users without access, can neither fill a slice nor
 * slow a look-up.
 */
public final class ReplayGuard {
  /** What recording a value found. */
  public enum Use {
    /** Recorded now: the first use. */
    FIRST,
    /** Recorded before (or expired): a replay. */
    REPLAY,
    /** Not recorded: the value's slice holds its most values (fail closed). */
    FULL
  }

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
    return record(id, expiresAtMillis, nowMillis) == Use.FIRST;
  }

  /**
   * Records a value, atomically with the check, saying why it was not recorded.
   *
   * @param id the one-time value
   * @param expiresAtMillis when it expires anyway (must be in the future)
   * @param nowMillis now
   * @return {@link Use#FIRST} the first time; {@link Use#REPLAY} on replay or when expired;
   *     {@link Use#FULL} when its slice is full
   */
  public Use record(String id, long expiresAtMillis, long nowMillis) {
    dropPassedSlices(nowMillis);
    if (expiresAtMillis <= nowMillis) {
      return Use.REPLAY;
    }
    Slice slice = slices.computeIfAbsent(Math.floorDiv(expiresAtMillis, sliceMillis),
        k -> new Slice(ConcurrentHashMap.newKeySet(), new AtomicInteger()));
    if (slice.used.contains(id)) {
      return Use.REPLAY;
    }
    if (slice.count.incrementAndGet() > maxPerSlice) {
      slice.count.decrementAndGet();
      return Use.FULL;
    }
    if (!slice.used.add(id)) {
      slice.count.decrementAndGet();
      return Use.REPLAY;
    }
    return Use.FIRST;
  }

  /**
   * Whether the slice of a value's expiry is full, so recording it would fail (a read).
   *
   * @param expiresAtMillis when the value expires
   * @return true when no more values of that slice can be recorded
   */
  public boolean isFull(long expiresAtMillis) {
    Slice slice = slices.get(Math.floorDiv(expiresAtMillis, sliceMillis));
    return slice != null && slice.count.get() >= maxPerSlice;
  }

  /**
   * How long until values expiring from now on fall into another slice than a full one: the
   * width of a slice.
   *
   * @return the slice width in milliseconds
   */
  public long sliceMillis() {
    return sliceMillis;
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
