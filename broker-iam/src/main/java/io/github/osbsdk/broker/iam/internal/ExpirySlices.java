package io.github.osbsdk.broker.iam.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Values by id, filed by the time slice their expiry falls in and dropped a slice at a time once
 * its last instant has passed, each slice holding at most {@code maxPerSlice} of them: a look-up
 * is a hash look-up in one slice, never a scan of all values. Shared by {@link ReplayGuard} and
 * {@link ExchangeAttempts}. Thread-safe.
 *
 * @param <V> the values
 */
final class ExpirySlices<V> {
  /** The values of one slice, and how many it holds. */
  private record Slice<V>(Map<String, V> values, AtomicInteger size) {
  }

  private final long sliceMillis;
  private final int maxPerSlice;
  private final Map<Long, Slice<V>> slices = new ConcurrentHashMap<>();

  ExpirySlices(long sliceMillis, int maxPerSlice) {
    this.sliceMillis = sliceMillis;
    this.maxPerSlice = maxPerSlice;
  }

  /** @return the value filed for the id in the slice of that expiry, or null */
  V get(String id, long expiresAtMillis) {
    Slice<V> slice = slices.get(Math.floorDiv(expiresAtMillis, sliceMillis));
    return slice == null ? null : slice.values.get(id);
  }

  /**
   * Files a value unless one is filed for the id, after dropping the slices that passed.
   *
   * @return the value filed before, else {@code fresh} when filed now, or null when the slice
   *     of that expiry is full
   */
  V file(String id, long expiresAtMillis, long nowMillis, V fresh) {
    dropPassed(nowMillis);
    Slice<V> slice = slices.computeIfAbsent(Math.floorDiv(expiresAtMillis, sliceMillis),
        k -> new Slice<>(new ConcurrentHashMap<>(), new AtomicInteger()));
    V before = slice.values.get(id);
    if (before != null) {
      return before;
    }
    if (slice.size.incrementAndGet() > maxPerSlice) {
      slice.size.decrementAndGet();
      return null;
    }
    before = slice.values.putIfAbsent(id, fresh);
    if (before != null) { // another caller filed it first
      slice.size.decrementAndGet();
      return before;
    }
    return fresh;
  }

  /** Drops the slices whose last instant has passed. */
  void dropPassed(long nowMillis) {
    long current = Math.floorDiv(nowMillis, sliceMillis);
    slices.keySet().removeIf(k -> k < current); // one key per slice, never one per value
  }

  /** @return whether the slice of that expiry holds its most values */
  boolean isFull(long expiresAtMillis) {
    Slice<V> slice = slices.get(Math.floorDiv(expiresAtMillis, sliceMillis));
    return slice != null && slice.size.get() >= maxPerSlice;
  }

  /** @return how many slices hold values */
  int sliceCount() {
    return slices.size();
  }
}
