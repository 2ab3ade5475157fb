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
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import javax.sql.DataSource;

/**
 * Applies hello-kv's own versioned SQL migrations ({@code db/migration/hello/V<n>__*.sql}, tables
 * {@code hello_*}, history in {@code hello_schema_history}) in one transaction under a PostgreSQL
 * advisory lock of the schema they migrate, so replicas starting together apply each version once,
 * while samples on other schemas of the same database do not wait for each other. A recorded
 * version whose checksum differs from the shipped file stops the start (line endings do not
 * count: a file checked out with CRLF has the checksum of the same file with LF). Lock waits are
 * bounded, as in the SDK's {@code Migrations}: a replica waits up to {@link #OTHER_REPLICA_WAIT}
 * for another one applying them and up to {@link #TABLE_LOCK_WAIT} for a table another session
 * holds (a transaction left open), then fails the start with a message and applies nothing. An
 * up-to-date schema needs no right to create tables, so a role that may only read and write
 * rows starts on it. Flyway users can point a second location at
 * {@code classpath:db/migration/hello} instead.
 */
public final class HelloMigrations {
  /** The shipped migrations, in order. */
  public static final List<String> FILES = List.of("V1__hello_kv.sql",
      "V2__binding_password_digest.sql");
  /** Where they are on the class path. */
  public static final String LOCATION = "db/migration/hello/";
  /**
   * The advisory lock's first key: "hel" in ASCII (the SDK's migrations use "osb"); the second
   * is the hash of the schema's name, so each schema has a lock of its own.
   */
  private static final int LOCK_CLASS = 0x68656c;
  /** How long a replica waits for another one applying the migrations before it gives up. */
  static final Duration OTHER_REPLICA_WAIT = Duration.ofSeconds(60);
  /**
   * How long a migration waits for a lock on a table before it gives up, applying nothing: the
   * statements of every other session on that table queue behind the waiting migration.
   */
  static final Duration TABLE_LOCK_WAIT = Duration.ofSeconds(5);
  /** SQLState of "lock not available" (lock_timeout). */
  private static final String LOCK_NOT_AVAILABLE = "55P03";
  /** SQLState of "insufficient privilege". */
  private static final String NO_PRIVILEGE = "42501";

  private HelloMigrations() {}

  /**
   * Applies what is missing.
   *
   * @param dataSource the database
   * @return how many migrations were applied now
   * @throws IllegalStateException when a recorded migration differs from the shipped one, or a
   *     migration is missing and the role may not create or alter the tables
   * @throws StoreUnavailableException when the database is not reachable, another replica has
   *     held the migrations' lock for 60 s, or a table they change stayed locked by another
   *     session for 5 s (nothing is applied then)
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
    return apply(dataSource, lastVersion, HelloMigrations.class.getClassLoader());
  }

  /**
   * Applies what is missing up to a version, reading the migrations from a class loader (tests
   * ship them as a checkout with other line endings would).
   *
   * @param dataSource the database
   * @param lastVersion the last version to apply
   * @param files where the migrations are read, under {@link #LOCATION}
   * @return how many migrations were applied now
   */
  static int apply(DataSource dataSource, int lastVersion, ClassLoader files) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        int applied = applyLocked(c, lastVersion, files);
        c.commit();
        return applied;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c, e);
        throw e;
      }
    } catch (SQLException e) {
      if (NO_PRIVILEGE.equals(e.getSQLState())) {
        throw new IllegalStateException("hello-kv: applying a migration needs the right to"
            + " create (and alter) tables, which this role lacks (SQLState " + NO_PRIVILEGE
            + "); apply them once as a role that has it, then this one starts on the"
            + " up-to-date schema", e);
      }
      throw Sql.failure("migration", e);
    }
  }

  /**
   * Rolls back after a failure, keeping the failure as what is thrown: a rollback fails too when
   * the failure was a lost connection, and its "connection closed" would hide why.
   */
  private static void rollbackQuietly(Connection c, Exception failure) {
    try {
      c.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  private static int applyLocked(Connection c, int lastVersion, ClassLoader files)
      throws SQLException {
    // the lock is the schema's the tables land in: samples on other schemas of the same database
    // do not wait for each other
    String schema = currentSchema(c);
    int key = (schema == null ? "" : schema).hashCode();
    if (!tryLock(c, key)) {
      lockTimeout(c, OTHER_REPLICA_WAIT);
      try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
        lock.setInt(1, LOCK_CLASS);
        lock.setInt(2, key);
        lock.execute();
      } catch (SQLException e) {
        if (LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
          throw new StoreUnavailableException("hello-kv: another replica has been applying the"
              + " migrations to schema " + schema + " for more than "
              + OTHER_REPLICA_WAIT.toSeconds() + " s (it holds their advisory lock; see its log"
              + " and pg_stat_activity); nothing was applied, start again", e);
        }
        throw e;
      }
    }
    // a migration waiting for a table's lock (a transaction left open on it) must not hang the
    // start, nor every other session's statements on that table, which queue behind it
    lockTimeout(c, TABLE_LOCK_WAIT);
    // every statement from here on may wait for a table's lock: the step names what waited
    String step = "creating hello_schema_history";
    try {
      // asked first: even IF NOT EXISTS needs the right to create tables, which a role that
      // only reads and writes rows of an up-to-date schema lacks
      if (!historyExists(c)) {
        try (Statement st = c.createStatement()) {
          st.execute("CREATE TABLE IF NOT EXISTS hello_schema_history (version int PRIMARY KEY,"
              + " description text NOT NULL, checksum text NOT NULL,"
              + " applied_at timestamptz NOT NULL DEFAULT now())");
        }
      }
      int applied = 0;
      for (String file : FILES) {
        String sql = load(files, file);
        int version = Integer.parseInt(file.substring(1, file.indexOf("__")));
        if (version > lastVersion) {
          break;
        }
        String checksum = sha256(sql);
        step = "reading hello_schema_history";
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
            throw new IllegalStateException("hello-kv migration " + file + " differs from the"
                + " one applied to this database (checksum " + recorded + ")");
          }
          continue;
        }
        step = "migration " + file;
        try (Statement st = c.createStatement()) {
          st.execute(sql);
        }
        step = "recording " + file + " in hello_schema_history";
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
    } catch (SQLException e) {
      if (LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
        throw new StoreUnavailableException("hello-kv: " + step + " waited more than "
            + TABLE_LOCK_WAIT.toSeconds() + " s for a lock on a table: another session holds"
            + " it (a transaction left open, a long query; see pg_locks and pg_stat_activity);"
            + " nothing was applied: end that session, then start again", e);
      }
      throw e;
    }
  }

  /** Takes the schema's advisory lock if no other session holds it. */
  private static boolean tryLock(Connection c, int key) throws SQLException {
    try (PreparedStatement lock = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?, ?)")) {
      lock.setInt(1, LOCK_CLASS);
      lock.setInt(2, key);
      try (ResultSet rs = lock.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /** Sets how long the transaction's statements wait for a lock. */
  private static void lockTimeout(Connection c, Duration wait) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("SET LOCAL lock_timeout = " + wait.toMillis());
    }
  }

  /** The schema the tables are created in: the first existing one of the search path. */
  private static String currentSchema(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT current_schema()")) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** Whether {@code hello_schema_history} exists where the tables are created. */
  private static boolean historyExists(Connection c) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT EXISTS"
        + " (SELECT 1 FROM pg_tables WHERE schemaname = current_schema()"
        + " AND tablename = 'hello_schema_history')")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  /**
   * Reads a migration with its line endings made {@code \n}: a checkout with CRLF line endings
   * (Git's {@code core.autocrlf} on Windows) ships the same migration, so it must have the same
   * checksum.
   */
  private static String load(ClassLoader files, String file) {
    try (InputStream in = files.getResourceAsStream(LOCATION + file)) {
      if (in == null) {
        throw new IllegalStateException("missing migration " + LOCATION + file);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
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
