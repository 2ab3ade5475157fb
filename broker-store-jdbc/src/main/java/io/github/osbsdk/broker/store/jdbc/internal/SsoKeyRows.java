package io.github.osbsdk.broker.store.jdbc.internal;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The rows of the dashboard SSO key table: reading the keys (creating the first one), and
 * rotating. {@code PostgresSsoKeyStore} caches what it reads and decides what signs.
 */
public final class SsoKeyRows {
  private final Database db;
  private final Duration refresh;
  private final int kept;
  private final Clock clock;
  private final LongSupplier nanoTime;
  private final String create;
  private final String rotate;
  private final String rotated;
  private final String load;
  private final SecureRandom random = new SecureRandom();

  /**
   * Creates the rows' statements.
   *
   * @param db the database
   * @param tables the table names
   * @param refresh the store's refresh interval
   * @param kept how many of the newest signing keys verify
   * @param clock the replica's wall clock, only to say when the keys were read
   * @param nanoTime the replica's monotonic clock ({@code System::nanoTime}), which ages them
   */
  public SsoKeyRows(Database db, Tables tables, Duration refresh, int kept, Clock clock,
      LongSupplier nanoTime) {
    this.db = db;
    this.refresh = refresh;
    this.kept = kept;
    this.clock = clock;
    this.nanoTime = nanoTime;
    String t = tables.ssoKey();
    create = "INSERT INTO " + t + " (version, secret) VALUES (1, ?)"
        + " ON CONFLICT (version) DO NOTHING";
    rotate = "INSERT INTO " + t + " (version, secret, active_from)"
        + " SELECT COALESCE(MAX(version), 0) + 1, ?, now() + make_interval(secs => ?) FROM "
        + t + " ON CONFLICT (version) DO NOTHING";
    // a rotation retried: whether its key is there, and whether it does not sign yet
    rotated = "SELECT active_from > now() FROM " + t + " WHERE secret = ?";
    // the kept newest keys that sign (or signed), every rotated key that does not sign yet
    // (however many rotations came within one refresh, the signing key stays loaded), and every
    // key that signed less than a refresh interval ago (all of them when none signed that long
    // ago): a replica that has not read the keys since may sign with it still
    load = "SELECT secret, active_from FROM " + t + " WHERE version >= LEAST("
        + "(SELECT MIN(version) FROM (SELECT version FROM " + t
        + " WHERE active_from <= now() ORDER BY version DESC LIMIT " + kept + ") s),"
        + " COALESCE((SELECT MAX(version) FROM " + t
        + " WHERE active_from <= now() - make_interval(secs => ?)), 0))"
        + " ORDER BY version DESC";
  }

  /** A key and when it starts signing. */
  public record Key(byte[] secret, Instant activeFrom) {}

  /**
   * Keys newest first, when they were read on this replica's monotonic clock (for the cache's
   * age; a step of the wall clock changes nothing) and on the database's clock (what signs: the
   * newest key whose start had come by then), and for how long after the read every replica is
   * sure to verify the key that signs.
   *
   * @param keys the keys, newest first
   * @param readAtNanos when they were read, on this replica's monotonic clock
   * @param databaseReadAt when they were read, on the database's clock
   * @param signsForNanos how long after {@code readAtNanos} every replica verifies what the
   *     signing key signs, whatever rotations came since (see {@link #read()})
   * @param readAtWall when they were read, on this replica's wall clock: for messages only
   */
  public record Keys(List<Key> keys, long readAtNanos, Instant databaseReadAt,
      long signsForNanos, Instant readAtWall) {
    /** @return the newest key whose start had come when the keys were read */
    public Key signing() {
      for (Key k : keys) {
        if (!k.activeFrom().isAfter(databaseReadAt)) {
          return k;
        }
      }
      return keys.get(keys.size() - 1);
    }

    /**
     * @param nowNanos now, on the monotonic clock the keys were read by
     * @return how long ago they were read, in nanoseconds
     */
    public long ageNanos(long nowNanos) {
      return nowNanos - readAtNanos;
    }
  }

  /**
   * Reads the keys, creating the first one when there is none.
   *
   * <p>Until when the key that signs is sure to verify everywhere: another replica drops it
   * once {@code kept} newer keys sign and the first of them has signed for a refresh interval.
   * A rotated key read here starts when it says; one rotated after this read starts a refresh
   * interval after it at the earliest. So the key is kept until the later of (the first newer
   * key's start + a refresh interval) and (the {@code kept}-th newer key's start), each start
   * taken as that earliest one when not read here.
   *
   * @return the keys
   * @throws io.github.osbsdk.broker.core.store.StoreUnavailableException when the database is
   *     unavailable
   */
  public Keys read() {
    return db.single("read SSO keys", c -> {
      Instant databaseNow = db.serverTime(c);
      long after = nanoTime.getAsLong();
      Instant wall = clock.instant();
      List<Key> keys = load(c);
      if (keys.isEmpty()) {
        try (PreparedStatement ps = db.prepare(c, create)) {
          ps.setBytes(1, newKey());
          ps.executeUpdate();
        }
        keys = load(c);
      }
      Keys read = new Keys(List.copyOf(keys), after, databaseNow, 0, wall);
      return new Keys(read.keys(), after, databaseNow,
          nanos(Duration.between(databaseNow, keptUntil(read))), wall);
    });
  }

  /**
   * Writes a rotated key that signs one refresh interval from now, or completes a rotation
   * whose answer was lost.
   *
   * @param key the key, or the key of the rotation retried
   * @param retried whether {@code key} is that of a rotation that failed as unavailable
   * @throws io.github.osbsdk.broker.core.store.StoreUnavailableException when the database is
   *     unavailable
   */
  public void rotate(byte[] key, boolean retried) {
    db.single("rotate SSO key", c -> {
      Boolean waiting = retried ? notSigningYet(c, key) : null;
      if (Boolean.TRUE.equals(waiting)) {
        return 0; // the rotation retried was written
      }
      try (PreparedStatement ps = db.prepare(c, rotate)) {
        ps.setBytes(1, waiting == null ? key : newKey()); // written long ago: a new rotation
        ps.setDouble(2, refresh.toMillis() / 1000.0);
        return ps.executeUpdate();
      }
    });
  }

  /** On the database's clock, until when every replica keeps the key that signs now. */
  private Instant keptUntil(Keys read) {
    Instant databaseNow = read.databaseReadAt();
    List<Instant> starts = new ArrayList<>(); // of the keys newer than the one that signs
    Key signing = read.signing();
    for (Key k : read.keys()) {
      if (k == signing) {
        break; // newest first: the rest are older
      }
      starts.add(k.activeFrom());
    }
    starts.sort(null);
    Instant unread = databaseNow.plus(refresh); // the earliest start of a key rotated after now
    Instant first = starts.isEmpty() ? unread : starts.get(0);
    Instant last = starts.size() >= kept ? starts.get(kept - 1) : unread;
    Instant afterFirst = first.plus(refresh);
    return afterFirst.isAfter(last) ? afterFirst : last;
  }

  /**
   * A duration in nanoseconds, at least 0 and at most {@code Long.MAX_VALUE / 2} (146 years: a
   * long holds 292; a key started centuries ahead by hand is taken as starting then).
   */
  private static long nanos(Duration d) {
    if (d.isNegative()) {
      return 0;
    }
    Duration most = Duration.ofNanos(Long.MAX_VALUE / 2);
    return (d.compareTo(most) > 0 ? most : d).toNanos();
  }

  /** Whether a stored key does not sign yet; null when it is not stored. */
  private Boolean notSigningYet(Connection c, byte[] key) throws SQLException {
    try (PreparedStatement ps = db.prepare(c, rotated)) {
      ps.setBytes(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getBoolean(1) : null;
      }
    }
  }

  private List<Key> load(Connection c) throws SQLException {
    List<Key> keys = new ArrayList<>();
    try (PreparedStatement ps = db.prepare(c, load)) {
      ps.setDouble(1, refresh.toMillis() / 1000.0);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          keys.add(new Key(rs.getBytes(1), rs.getObject(2, OffsetDateTime.class).toInstant()));
        }
      }
    }
    return keys;
  }

  /** @return a new random 256-bit key */
  public byte[] newKey() {
    byte[] key = new byte[32];
    random.nextBytes(key);
    return key;
  }
}
