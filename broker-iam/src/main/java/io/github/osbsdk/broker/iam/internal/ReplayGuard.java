package io.github.osbsdk.broker.iam.internal;

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

  private final long sliceMillis;
  /** The used values, each filed with a marker of its own. */
  private final ExpirySlices<Object> used;

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
    this.used = new ExpirySlices<>(sliceMillis, maxPerSlice);
  }

  /**
   * Whether a value was already recorded (a read; records nothing).
   *
   * @param id the one-time value
   * @param expiresAtMillis when it expires (the same instant given to {@link #firstUse})
   * @return true when it was recorded before
   */
  public boolean wasUsed(String id, long expiresAtMillis) {
    return used.get(id, expiresAtMillis) != null;
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
    if (expiresAtMillis <= nowMillis) {
      used.dropPassed(nowMillis);
      return Use.REPLAY;
    }
    Object mine = new Object();
    Object filed = used.file(id, expiresAtMillis, nowMillis, mine);
    if (filed != mine) {
      return filed == null ? Use.FULL : Use.REPLAY;
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
    return used.isFull(expiresAtMillis);
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
    return used.sliceCount();
  }
}
