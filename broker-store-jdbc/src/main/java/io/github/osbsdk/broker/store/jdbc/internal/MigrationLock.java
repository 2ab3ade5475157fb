package io.github.osbsdk.broker.store.jdbc.internal;

import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The advisory lock {@link MigrationRunner} holds while it applies the migrations to a schema,
 * for the rest of the transaction: taken at once when no other replica holds it, else waited
 * for up to {@link MigrationRunner#OTHER_REPLICA_WAIT}, through a role's or database's shorter
 * {@code statement_timeout}; and the {@code lock_timeout} settings of the transaction.
 */
final class MigrationLock {
  private MigrationLock() {}

  /**
   * Takes the advisory lock of the schema the tables land in.
   *
   * @param c the migrations' connection, in their transaction
   * @param target the schema, however it was named, or null
   * @throws StoreUnavailableException when another replica held it for longer than
   *     {@link MigrationRunner#OTHER_REPLICA_WAIT}
   * @throws SQLException on another failure
   */
  static void acquire(Connection c, String target) throws SQLException {
    Duration wait = MigrationRunner.OTHER_REPLICA_WAIT;
    int key = (target == null ? "" : target).hashCode();
    if (!tryLock(c, key)) {
      MigrationRunner.LOG.info("Waiting up to {} s for another replica applying the migrations"
          + " to schema {}", wait.toSeconds(), target);
      lockTimeout(c, wait);
      long statementTimeout = outlastStatementTimeout(c);
      try {
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
          lock.setInt(1, MigrationRunner.LOCK_CLASS);
          lock.setInt(2, key);
          lock.execute();
        }
        if (statementTimeout >= 0) {
          setLocal(c, "statement_timeout", statementTimeout);
        }
      } catch (SQLException e) {
        if (MigrationRunner.LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
          throw new StoreUnavailableException("PostgreSQL store: another replica has been"
              + " applying the migrations to schema " + target + " for more than "
              + wait.toSeconds() + " s (it holds their advisory lock; see its log"
              + " and pg_stat_activity); nothing was applied, start again", e);
        }
        throw e;
      }
    }
  }

  /** Takes the advisory lock if no other session holds it. */
  private static boolean tryLock(Connection c, int key) throws SQLException {
    try (PreparedStatement lock = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?, ?)")) {
      lock.setInt(1, MigrationRunner.LOCK_CLASS);
      lock.setInt(2, key);
      try (ResultSet rs = lock.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /** Sets how long the transaction's statements wait for a lock. */
  static void lockTimeout(Connection c, Duration wait) throws SQLException {
    setLocal(c, "lock_timeout", wait.toMillis());
  }

  /** Sets a setting, in milliseconds, for the rest of the transaction. */
  private static void setLocal(Connection c, String setting, long millis) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("SET LOCAL " + setting + " = " + millis);
    }
  }

  /**
   * Raises a {@code statement_timeout} (a role's or a database's setting) that would cut the
   * wait for another replica before its own bound, {@link MigrationRunner#OTHER_REPLICA_WAIT}, to
   * {@link MigrationRunner#STATEMENT_TIMEOUT_WHILE_WAITING} for the wait.
   *
   * @return the setting to restore after the wait, in milliseconds, or -1 when not changed
   */
  private static long outlastStatementTimeout(Connection c) throws SQLException {
    long current;
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT setting::bigint FROM pg_settings"
            + " WHERE name = 'statement_timeout'")) {
      current = rs.next() ? rs.getLong(1) : 0;
    }
    long wanted = MigrationRunner.STATEMENT_TIMEOUT_WHILE_WAITING.toMillis();
    if (current == 0 || current >= wanted) {
      return -1;
    }
    setLocal(c, "statement_timeout", wanted);
    return current;
  }
}
