package io.github.osbsdk.samples.hello;

import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import javax.sql.DataSource;

/**
 * Applies hello-kv's own versioned SQL migrations ({@code db/migration/hello/V<n>__*.sql}, tables
 * {@code hello_*}, history in {@code hello_schema_history}) in one transaction under a PostgreSQL
 * advisory lock, so replicas starting together apply each version once. A recorded version whose
 * checksum differs from the shipped file stops the start. Flyway users can point a second
 * location at {@code classpath:db/migration/hello} instead.
 */
public final class HelloMigrations {
  /** The shipped migrations, in order. */
  public static final List<String> FILES = List.of("V1__hello_kv.sql",
      "V2__binding_password_digest.sql");
  /** Where they are on the class path. */
  public static final String LOCATION = "db/migration/hello/";
  /** The advisory lock's first key: "hel" in ASCII (the SDK's migrations use "osb"). */
  private static final int LOCK_CLASS = 0x68656c;

  private HelloMigrations() {}

  /**
   * Applies what is missing.
   *
   * @param dataSource the database
   * @return how many migrations were applied now
   * @throws IllegalStateException when a recorded migration differs from the shipped one
   * @throws StoreUnavailableException when the database is not reachable
   */
  public static int apply(DataSource dataSource) {
    return apply(dataSource, Integer.MAX_VALUE);
  }

  /**
   * Applies what is missing up to a version (tests of a later migration start from an earlier
   * schema with it).
   *
   * @param dataSource the database
   * @param lastVersion the last version to apply
   * @return how many migrations were applied now
   */
  static int apply(DataSource dataSource, int lastVersion) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        int applied = applyLocked(c, lastVersion);
        c.commit();
        return applied;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw Sql.failure("migration", e);
    }
  }

  private static int applyLocked(Connection c, int lastVersion) throws SQLException {
    try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?, 0)")) {
      lock.setInt(1, LOCK_CLASS);
      lock.execute();
    }
    try (Statement st = c.createStatement()) {
      st.execute("CREATE TABLE IF NOT EXISTS hello_schema_history (version int PRIMARY KEY,"
          + " description text NOT NULL, checksum text NOT NULL,"
          + " applied_at timestamptz NOT NULL DEFAULT now())");
    }
    int applied = 0;
    for (String file : FILES) {
      String sql = load(file);
      int version = Integer.parseInt(file.substring(1, file.indexOf("__")));
      if (version > lastVersion) {
        break;
      }
      String checksum = sha256(sql);
      String recorded = null;
      try (PreparedStatement q = c.prepareStatement(
          "SELECT checksum FROM hello_schema_history WHERE version = ?")) {
        q.setInt(1, version);
        try (ResultSet rs = q.executeQuery()) {
          if (rs.next()) {
            recorded = rs.getString(1);
          }
        }
      }
      if (recorded != null) {
        if (!recorded.equals(checksum)) {
          throw new IllegalStateException("hello-kv migration " + file + " differs from the one"
              + " applied to this database (checksum " + recorded + ")");
        }
        continue;
      }
      try (Statement st = c.createStatement()) {
        st.execute(sql);
      }
      try (PreparedStatement ins = c.prepareStatement("INSERT INTO hello_schema_history"
          + " (version, description, checksum) VALUES (?, ?, ?)")) {
        ins.setInt(1, version);
        ins.setString(2, file);
        ins.setString(3, checksum);
        ins.executeUpdate();
      }
      applied++;
    }
    return applied;
  }

  private static String load(String file) {
    try (InputStream in = HelloMigrations.class.getClassLoader()
        .getResourceAsStream(LOCATION + file)) {
      if (in == null) {
        throw new IllegalStateException("missing migration " + LOCATION + file);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
