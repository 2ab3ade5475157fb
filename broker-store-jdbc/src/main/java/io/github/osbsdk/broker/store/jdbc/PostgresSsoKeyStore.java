package io.github.osbsdk.broker.store.jdbc;

import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import io.github.osbsdk.broker.iam.SsoKeyStore;
import io.github.osbsdk.broker.store.jdbc.internal.Database;
import io.github.osbsdk.broker.store.jdbc.internal.Tables;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard SSO keys in PostgreSQL ({@code osb_sso_key}, migration V2), so that every replica
 * signs and verifies with the same keys. The first replica to ask creates a random 256-bit key;
 * {@link #rotate()} adds a newer one, which then signs while the previous ones still verify.
 * Keys are cached for a refresh interval (default one minute), so a rotation reaches every
 * replica within it; when the database is unavailable, the cached keys keep working. Keys are
 * never logged. Needs the optional {@code broker-iam} dependency.
 */
public final class PostgresSsoKeyStore implements SsoKeyStore {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresSsoKeyStore.class);

  private final Database db;
  private final Duration refresh;
  private final Clock clock;
  private final String create;
  private final String rotate;
  private final String load;
  private final SecureRandom random = new SecureRandom();
  private volatile Keys cached;

  /** Keys newest first, and when they were read. */
  private record Keys(List<byte[]> keys, Instant readAt) {}

  private PostgresSsoKeyStore(DataSource dataSource, String schema, Duration refresh, int kept,
      Clock clock) {
    Tables t = Tables.in(schema);
    this.db = new Database(dataSource, 5);
    this.refresh = refresh;
    this.clock = clock;
    create = "INSERT INTO " + t.ssoKey() + " (version, secret) VALUES (1, ?)"
        + " ON CONFLICT (version) DO NOTHING";
    rotate = "INSERT INTO " + t.ssoKey() + " (version, secret) SELECT COALESCE(MAX(version), 0)"
        + " + 1, ? FROM " + t.ssoKey() + " ON CONFLICT (version) DO NOTHING";
    load = "SELECT secret FROM " + t.ssoKey() + " ORDER BY version DESC LIMIT " + kept;
  }

  /**
   * A store with a one-minute refresh that verifies with the two newest keys.
   *
   * @param dataSource the database with the V2 migration applied
   * @return the store
   */
  public static PostgresSsoKeyStore create(DataSource dataSource) {
    return create(dataSource, null, Duration.ofMinutes(1), 2);
  }

  /**
   * A store with every option.
   *
   * @param dataSource the database with the V2 migration applied
   * @param schema the schema of the tables, or null for the search path
   * @param refresh how long keys are cached
   * @param kept how many of the newest keys verify (at least 1)
   * @return the store
   */
  public static PostgresSsoKeyStore create(DataSource dataSource, String schema,
      Duration refresh, int kept) {
    Objects.requireNonNull(dataSource, "dataSource == null");
    Objects.requireNonNull(refresh, "refresh == null");
    if (kept < 1) {
      throw new IllegalArgumentException("kept must be at least 1: " + kept);
    }
    return new PostgresSsoKeyStore(dataSource, schema, refresh, kept,
        Clock.systemUTC());
  }

  @Override
  public byte[] signingKey() {
    return keys().get(0).clone();
  }

  @Override
  public List<byte[]> verificationKeys() {
    List<byte[]> copies = new ArrayList<>();
    for (byte[] k : keys()) {
      copies.add(k.clone());
    }
    return copies;
  }

  /**
   * Adds a new random key that signs from now on (on other replicas after their refresh); the
   * previous keys keep verifying.
   *
   * @throws StoreUnavailableException when the database is unavailable
   */
  public void rotate() {
    db.single("rotate SSO key", c -> {
      try (PreparedStatement ps = db.prepare(c, rotate)) {
        ps.setBytes(1, newKey());
        return ps.executeUpdate();
      }
    });
    cached = null;
  }

  private List<byte[]> keys() {
    Keys k = cached;
    Instant now = clock.instant();
    if (k != null && now.isBefore(k.readAt().plus(refresh))) {
      return k.keys();
    }
    try {
      k = new Keys(read(), now);
      cached = k;
      return k.keys();
    } catch (StoreUnavailableException e) {
      if (k != null) {
        LOG.warn("SSO keys not refreshed, the database is unavailable; using the cached keys");
        return k.keys();
      }
      throw e;
    }
  }

  private List<byte[]> read() {
    return db.single("read SSO keys", c -> {
      List<byte[]> keys = load(c);
      if (keys.isEmpty()) {
        try (PreparedStatement ps = db.prepare(c, create)) {
          ps.setBytes(1, newKey());
          ps.executeUpdate();
        }
        keys = load(c);
      }
      return List.copyOf(keys);
    });
  }

  private List<byte[]> load(Connection c) throws SQLException {
    List<byte[]> keys = new ArrayList<>();
    try (PreparedStatement ps = db.prepare(c, load);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        keys.add(rs.getBytes(1));
      }
    }
    return keys;
  }

  private byte[] newKey() {
    byte[] key = new byte[32];
    random.nextBytes(key);
    return key;
  }
}
