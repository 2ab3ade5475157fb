package io.github.osbsdk.broker.store.jdbc.internal;

import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import io.github.osbsdk.broker.store.jdbc.internal.SsoKeyRows.Keys;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys {@code PostgresSsoKeyStore} read last, aged on the monotonic clock (a step of the wall
 * clock neither keeps them for ever nor expires them early). One read runs at a time: when they
 * expire, one caller reads them while the others go on with them as long as every replica is sure
 * to keep the key that signs ({@link Keys#signsForNanos()}), and wait for the read otherwise (and
 * when none are cached), sharing its outcome; so a crowd of requests at expiry makes one read,
 * not one each (which would also drain the pool). After a failed read the cached keys answer
 * for {@link #RETRY_AFTER_FAILURE} without asking again.
 */
public final class SsoKeyCache {
  private static final Logger LOG = LoggerFactory.getLogger(SsoKeyCache.class);
  /** How long after a failed read the cached keys are used without asking again. */
  static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(5);
  /**
   * How often a value that none of the cached keys verifies may make this replica read the keys
   * again (anyone can send such values).
   */
  public static final Duration MISS_READ_INTERVAL = Duration.ofSeconds(1);
  /**
   * How close to a refresh interval old the cached keys may lack a key rotated as they were
   * read: a rotation's statement runs at most the statement timeout, 5 s.
   */
  public static final Duration MISS_READ_MARGIN = Duration.ofSeconds(5);

  private final SsoKeyRows rows;
  private final long refreshNanos;
  private final LongSupplier nanoTime;
  private volatile Keys cached;
  /** One read of the keys at a time. */
  private final ReentrantLock reading = new ReentrantLock();
  /** Counts the reads that ended, so a caller that waited knows whether one ended meanwhile. */
  private final AtomicLong reads = new AtomicLong();
  /** The failure of the last read, made while no keys were cached; guarded by reading. */
  private StoreUnavailableException firstReadFailure;
  /** Whether a failed read set {@link #retryAtNanos}. */
  private volatile boolean retrying;
  /** After a failed read: the cached keys answer until then. */
  private volatile long retryAtNanos;
  /** Whether the last read of the keys failed: the cached keys may be missing newer ones. */
  private volatile boolean readFailing;
  /** When a value no cached key verifies may next make this replica read the keys. */
  private final AtomicLong nextMissRead;

  /**
   * Creates an empty cache.
   *
   * @param rows reads the keys
   * @param refresh how long read keys are fresh
   * @param nanoTime the monotonic clock ({@code System::nanoTime})
   */
  public SsoKeyCache(SsoKeyRows rows, Duration refresh, LongSupplier nanoTime) {
    this.rows = rows;
    this.refreshNanos = refresh.toNanos();
    this.nanoTime = nanoTime;
    this.nextMissRead = new AtomicLong(nanoTime.getAsLong());
  }

  /** @return now, on the clock the keys age on */
  public long now() {
    return nanoTime.getAsLong();
  }

  /** @return whether the last read failed: the keys may lack newer ones */
  public boolean readFailing() {
    return readFailing;
  }

  /** Forgets the keys (a rotation was written): the next call reads them. */
  public void forget() {
    cached = null;
  }

  /**
   * The keys: the cached ones while fresh, else read (or the cached ones while another caller
   * reads them, or after a failed read).
   *
   * @return the keys
   * @throws StoreUnavailableException when none are cached and they cannot be read
   */
  public Keys keys() {
    Keys k = cached;
    long now = nanoTime.getAsLong();
    if (k != null && (k.ageNanos(now) < refreshNanos || retrying && now - retryAtNanos < 0)) {
      return k;
    }
    long seen = reads.get();
    if (!reading.tryLock()) {
      if (k != null && k.ageNanos(now) <= k.signsForNanos()) {
        return k; // another caller reads them
      }
      reading.lock();
    }
    try {
      return readHolding(seen, k, now, "");
    } finally {
      reading.unlock();
    }
  }

  /**
   * The keys after a value none of them verified: read again when they may lack a key that
   * signs elsewhere, at most once per {@link #MISS_READ_INTERVAL}. They may lack one only when
   * the last read failed (a rotation may have come meanwhile) or they are within
   * {@link #MISS_READ_MARGIN} of a refresh interval old (a rotation committed as they were
   * read); otherwise no read: a key rotated after they were read signs a refresh interval after
   * its rotation at the earliest, and this replica reads the keys again before that.
   *
   * @return the keys
   * @throws StoreUnavailableException when the keys cannot be read and the cached ones are
   *     older than a refresh interval: a key rotated since may sign elsewhere
   */
  public Keys keysAfterMiss() {
    long now = nanoTime.getAsLong();
    Keys k = keys();
    if (!readFailing && k.ageNanos(now) < refreshNanos - MISS_READ_MARGIN.toNanos()) {
      return k; // complete: no key rotated since they were read signs anywhere yet
    }
    long due = nextMissRead.get();
    // one at a time, the next one a second after it ended; a read under way answers for it
    if (now - due >= 0 && nextMissRead.compareAndSet(due, now + MISS_READ_INTERVAL.toNanos())) {
      long seen = reads.get();
      reading.lock();
      try {
        k = readHolding(seen, k, now, "for a value no cached key verifies");
      } finally {
        reading.unlock();
        nextMissRead.set(nanoTime.getAsLong() + MISS_READ_INTERVAL.toNanos());
      }
    }
    Keys c = cached;
    k = c != null ? c : k;
    if (readFailing && k.ageNanos(now) > refreshNanos) {
      // another replica may sign with a key rotated since: the value cannot be told from a
      // forged one, and "not valid" would be a wrong answer
      throw new StoreUnavailableException("SSO keys last read " + k.readAtWall() + " (this"
          + " replica's clock), more than a refresh interval ago: a value no cached key"
          + " verifies may be signed with a newer key", null);
    }
    return k;
  }

  /**
   * Reads the keys unless a read ended since {@code seen} or another caller read them since
   * {@code old} was looked at (that outcome answers); called holding {@link #reading}.
   */
  private Keys readHolding(long seen, Keys old, long now, String why) {
    Keys c = cached;
    if (reads.get() != seen) {
      if (c != null) {
        return c;
      }
      if (firstReadFailure != null) {
        throw new StoreUnavailableException(firstReadFailure.getMessage(), firstReadFailure);
      }
    }
    if (c != null && c != old && c.ageNanos(nanoTime.getAsLong()) < refreshNanos) {
      return c;
    }
    try {
      Keys k = rows.read();
      cached = k;
      readFailing = false;
      retrying = false;
      firstReadFailure = null;
      return k;
    } catch (StoreUnavailableException e) {
      readFailing = true;
      if (c != null) {
        LOG.warn("SSO keys not read{}, the database is unavailable; using the cached keys",
            why.isEmpty() ? "" : " again " + why);
        // not every request should wait for the database's timeout while it is down
        retryAtNanos = now + RETRY_AFTER_FAILURE.toNanos();
        retrying = true;
        return c;
      }
      firstReadFailure = e;
      throw e;
    } finally {
      reads.incrementAndGet();
    }
  }
}
