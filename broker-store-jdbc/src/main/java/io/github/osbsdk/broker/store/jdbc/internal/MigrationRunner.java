package io.github.osbsdk.broker.store.jdbc.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the shipped migrations in one transaction that holds a PostgreSQL advisory lock, so
 * replicas starting together apply each migration once; records each in {@code
 * osb_schema_history} with the SHA-256 of its text, and refuses to go on when a recorded checksum
 * differs from the shipped file.
 */
public final class MigrationRunner {
  /** The shipped migrations, in order. A test checks the list against the resource folder. */
  public static final List<String> FILES = List.of("V1__registry.sql", "V2__sso_keys.sql",
      "V3__usage_outbox.sql", "V4__sso_key_activation.sql", "V5__usage_invalid.sql",
      "V6__binding_credentials_newest.sql", "V7__usage_instance_end.sql",
      "V8__usage_count_first_at.sql", "V9__usage_delivered.sql",
      "V10__usage_record_one_per_key.sql", "V11__usage_record_left_by.sql",
      "V12__usage_plan_end.sql", "V13__usage_held_count.sql");
  /** Where the migrations are in the jar. */
  public static final String LOCATION = "db/migration/osb/";
  /** The first key of the advisory lock: "osb" in ASCII. */
  public static final int LOCK_CLASS = 0x6f7362;
  /**
   * How long a replica waits for another one that is applying the migrations (it holds the
   * advisory lock) before it gives up its start.
   */
  public static final Duration OTHER_REPLICA_WAIT = Duration.ofSeconds(60);
  /**
   * How long the migrations wait for a lock on a table before they give up, applying nothing.
   * While a migration waits for a table's exclusive lock, every other session's statement on
   * that table queues behind it, so this matches the store's default statement timeout.
   */
  public static final Duration TABLE_LOCK_WAIT = Duration.ofSeconds(5);
  /**
   * The network timeout (pgjdbc's {@code socketTimeout}) the migrations' connection has at
   * least while they run: longer than their wait for another replica, which a shorter socket
   * timeout would cut as a lost connection. The connection's own is given back afterwards.
   */
  public static final Duration NETWORK_TIMEOUT_WHILE_MIGRATING =
      OTHER_REPLICA_WAIT.plusSeconds(5);
  /**
   * The {@code statement_timeout} (a role's or a database's setting) the wait for another
   * replica has at least: longer than the wait's own bound, which a shorter one would cut. The
   * setting is given back once the lock is granted.
   */
  public static final Duration STATEMENT_TIMEOUT_WHILE_WAITING =
      OTHER_REPLICA_WAIT.plusSeconds(5);
  /** SQLState of "lock not available" (lock_timeout). */
  static final String LOCK_NOT_AVAILABLE = "55P03";
  /** SQLState of "insufficient privilege". */
  private static final String NO_PRIVILEGE = "42501";
  /** SQLState of "no schema has been selected to create in". */
  private static final String NO_SCHEMA = "3F000";
  /** The runner's logger (also {@link MigrationLock}'s). */
  static final Logger LOG = LoggerFactory.getLogger(MigrationRunner.class);

  private MigrationRunner() {}

  /** A shipped migration. */
  private record Migration(int version, String description, String sql, String checksum) {}

  /**
   * Applies what is missing.
   *
   * @param dataSource the database
   * @param schema the schema, or null for the first schema of the search path
   * @return how many migrations were applied now
   */
  public static int apply(DataSource dataSource, String schema) {
    return apply(dataSource, schema, FILES.size());
  }

  /**
   * Applies what is missing of the first shipped migrations only, as an older version of the
   * SDK did (tests upgrade such a schema).
   *
   * @param dataSource the database
   * @param schema the schema, or null for the first schema of the search path
   * @param count how many of {@link #FILES}, from the first
   * @return how many migrations were applied now
   */
  public static int apply(DataSource dataSource, String schema, int count) {
    Tables t = Tables.in(schema);
    List<Migration> migrations = FILES.subList(0, count).stream().map(MigrationRunner::load)
        .toList();
    try (Connection c = dataSource.getConnection()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      int networkTimeout = outlastLockWaits(c);
      int applied;
      try {
        applied = applyLocked(c, t, schema, migrations);
        c.commit();
      } catch (SQLException | RuntimeException | Error e) {
        // the failure says why; a rollback (or reset) that fails after it, as it does on a
        // lost connection, rides along suppressed instead of replacing it
        try {
          c.rollback();
          restore(c, auto, networkTimeout);
        } catch (SQLException | RuntimeException cleanup) {
          e.addSuppressed(cleanup);
        }
        throw e;
      }
      restore(c, auto, networkTimeout);
      return applied;
    } catch (SQLException e) {
      if (NO_SCHEMA.equals(e.getSQLState())) {
        // not the store's "apply the migrations" advice: this is the migration
        throw new IllegalStateException("PostgreSQL store: no schema to create the tables in"
            + " (SQLState " + NO_SCHEMA + "): the connection's search_path names no schema that"
            + " exists; name one, Migrations.apply(dataSource, schema), or fix the search_path",
            e);
      }
      if (NO_PRIVILEGE.equals(e.getSQLState())) {
        throw new IllegalStateException("PostgreSQL store: applying a migration needs the right"
            + " to create (and alter) tables in the schema, or a schema that is missing, which"
            + " this role lacks (SQLState " + NO_PRIVILEGE + "); apply them once as a role that"
            + " has it, then this one starts on the up-to-date schema", e);
      }
      throw SqlFailures.translate("migration", e);
    }
  }

  /**
   * Raises the connection's network timeout (pgjdbc's {@code socketTimeout}) to
   * {@link #NETWORK_TIMEOUT_WHILE_MIGRATING} when it is shorter, so that the driver does not cut
   * the waits for the locks, which the migrations bound themselves.
   *
   * @return the timeout to restore, or -1 when it was not changed
   */
  private static int outlastLockWaits(Connection c) throws SQLException {
    int current;
    try {
      current = c.getNetworkTimeout();
    } catch (SQLFeatureNotSupportedException e) {
      return -1; // a driver without network timeouts has none to cut the waits
    }
    int wanted = (int) NETWORK_TIMEOUT_WHILE_MIGRATING.toMillis();
    if (current == 0 || current >= wanted) {
      return -1;
    }
    c.setNetworkTimeout(Runnable::run, wanted);
    return current;
  }

  /** Gives the connection back its auto-commit mode and network timeout. */
  private static void restore(Connection c, boolean auto, int networkTimeout)
      throws SQLException {
    c.setAutoCommit(auto);
    if (networkTimeout >= 0) {
      c.setNetworkTimeout(Runnable::run, networkTimeout);
    }
  }

  private static int applyLocked(Connection c, Tables t, String schema,
      List<Migration> migrations) throws SQLException {
    // the lock is the schema's the tables land in, however it was named: a replica that names
    // it and one that reaches it through its search_path wait for each other
    String target = schema != null ? schema : currentSchema(c);
    MigrationLock.acquire(c, target);
    // a migration waiting for a table's lock (a transaction left open on it) must not hang the
    // start, nor every other session's statements on that table, which queue behind it
    MigrationLock.lockTimeout(c, TABLE_LOCK_WAIT);
    try {
      return migrateLocked(c, t, schema, migrations, target);
    } catch (SQLException e) {
      if (LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
        throw tableLockWait("the migrations", target, e);
      }
      throw e;
    }
  }

  /** The failure of a migration step that waited too long for a table's lock. */
  private static StoreUnavailableException tableLockWait(String step, String target,
      SQLException e) {
    return new StoreUnavailableException("PostgreSQL store: " + step + " in schema " + target
        + " waited more than " + TABLE_LOCK_WAIT.toSeconds() + " s for a lock on a table:"
        + " another session holds it (a transaction left open, a long query; see pg_locks and"
        + " pg_stat_activity); nothing was applied: end that session, then start again", e);
  }

  private static int migrateLocked(Connection c, Tables t, String schema,
      List<Migration> migrations, String target) throws SQLException {
    if (schema != null && !schemaExists(c, schema)) {
      try (Statement st = c.createStatement()) {
        st.execute("CREATE SCHEMA IF NOT EXISTS " + Tables.quoted(schema));
      }
    }
    try (Statement st = c.createStatement()) {
      if (schema != null) {
        st.execute("SET LOCAL search_path TO " + Tables.quoted(schema));
      }
      // asked first: even IF NOT EXISTS needs the right to create tables, which a role that
      // only reads and writes rows of an up-to-date schema lacks
      if (!tableExists(c, "osb_schema_history")) {
        st.execute("CREATE TABLE IF NOT EXISTS " + t.history() + " (version integer PRIMARY"
            + " KEY, description text NOT NULL, checksum text NOT NULL,"
            + " applied_at timestamptz NOT NULL DEFAULT now())");
      }
    }
    Map<Integer, String> recorded = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT version, checksum FROM "
        + t.history());
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        recorded.put(rs.getInt(1), rs.getString(2));
      }
    }
    if (recorded.isEmpty() && tableExists(c, "osb_instance")) {
      throw new IllegalStateException("the store's tables exist in schema " + currentSchema(c)
          + " but " + t.history() + " records no migration: another tool (Flyway, Liquibase)"
          + " applied them; go on applying the migrations with that tool, not with"
          + " Migrations.apply");
    }
    Map<Integer, String> unknown = new HashMap<>(recorded);
    for (Migration m : migrations) {
      String checksum = unknown.remove(m.version());
      if (checksum != null && !checksum.equals(m.checksum())) {
        throw new IllegalStateException("migration V" + m.version() + " (" + m.description()
            + ") was applied with checksum " + checksum + " but the shipped file has "
            + m.checksum() + "; refusing to start");
      }
    }
    if (!unknown.isEmpty()) {
      LOG.warn("The database has migrations this version does not know: {}; a newer version"
          + " applied them", unknown.keySet());
    }
    int applied = 0;
    for (Migration m : migrations) {
      if (recorded.containsKey(m.version())) {
        continue;
      }
      try (Statement st = c.createStatement()) {
        st.execute(m.sql());
      } catch (SQLException e) {
        if (LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
          throw tableLockWait("migration V" + m.version() + " (" + m.description() + ")",
              target, e);
        }
        throw e;
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + t.history()
          + " (version, description, checksum) VALUES (?, ?, ?)")) {
        ps.setInt(1, m.version());
        ps.setString(2, m.description());
        ps.setString(3, m.checksum());
        ps.executeUpdate();
      }
      LOG.info("Applied migration V{} ({})", m.version(), m.description());
      applied++;
    }
    return applied;
  }

  /**
   * Whether a schema exists. Asked first because CREATE SCHEMA IF NOT EXISTS needs the right to
   * create schemas in the database even when the schema exists, which a role the DBA made a
   * schema for usually lacks.
   */
  private static boolean schemaExists(Connection c, String schema) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ?)")) {
      ps.setString(1, schema);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /** Whether a table exists in the schema the tables are created in. */
  private static boolean tableExists(Connection c, String table) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM pg_tables"
        + " WHERE schemaname = current_schema() AND tablename = ?)")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  private static String currentSchema(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT current_schema()");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static Migration load(String file) {
    String sql;
    try (InputStream in = MigrationRunner.class.getResourceAsStream("/" + LOCATION
        + file)) {
      if (in == null) {
        throw new IllegalStateException("migration " + LOCATION + file + " missing from the jar");
      }
      sql = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
    } catch (IOException e) {
      throw new IllegalStateException("cannot read migration " + file, e);
    }
    int sep = file.indexOf("__");
    int version = Integer.parseInt(file.substring(1, sep));
    String description = file.substring(sep + 2, file.length() - ".sql".length())
        .replace('_', ' ');
    return new Migration(version, description, sql, sha256(sql));
  }

  /**
   * The SHA-256 of a text (UTF-8), in hex.
   *
   * @param text the text
   * @return the checksum
   */
  public static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
