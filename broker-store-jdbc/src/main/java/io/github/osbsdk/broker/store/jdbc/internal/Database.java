package io.github.osbsdk.broker.store.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The store's access to PostgreSQL: borrows a connection per call, gives every statement the
 * store's timeout, runs single statements in auto-commit and several in one short transaction,
 * always returns the connection and translates failures (see {@link SqlFailures}).
 */
public final class Database {
  private final DataSource dataSource;
  private final int timeoutSeconds;

  /**
   * Creates the access.
   *
   * @param dataSource where connections come from
   * @param timeoutSeconds the statement timeout, 0 for none
   */
  public Database(DataSource dataSource, int timeoutSeconds) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource == null");
    this.timeoutSeconds = timeoutSeconds;
  }

  /**
   * A statement timeout in the whole seconds the driver takes: at least 1 s, and at most
   * {@link Integer#MAX_VALUE} seconds (about 68 years, in effect none): a longer one is taken as
   * that, never wrapped around to a short or negative one.
   *
   * @param timeout the timeout
   * @return its seconds for {@link #Database(DataSource, int)}
   */
  public static int timeoutSeconds(Duration timeout) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toSeconds()));
  }

  /**
   * Work on one connection.
   *
   * @param <R> the result type
   */
  @FunctionalInterface
  public interface Work<R> {
    /**
     * Runs the work.
     *
     * @param c the connection
     * @return the result
     * @throws SQLException on failure
     */
    R run(Connection c) throws SQLException;
  }

  /**
   * Prepares a statement with the store's timeout.
   *
   * @param c the connection
   * @param sql the statement
   * @return the prepared statement
   * @throws SQLException on failure
   */
  public PreparedStatement prepare(Connection c, String sql) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    if (timeoutSeconds > 0) {
      ps.setQueryTimeout(timeoutSeconds);
    }
    return ps;
  }

  /**
   * Reads the database server's current time, {@code clock_timestamp()}: the clock every replica
   * shares (leases, SSO key rotation).
   *
   * @param c the connection
   * @return the server's time
   * @throws SQLException on failure
   */
  public Instant serverTime(Connection c) throws SQLException {
    try (PreparedStatement ps = prepare(c, "SELECT clock_timestamp()");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getObject(1, OffsetDateTime.class).toInstant();
    }
  }

  /**
   * Runs one statement's work in auto-commit mode (one round trip for one statement).
   *
   * @param <R> the result type
   * @param what the call, for error messages
   * @param work the work
   * @return its result
   */
  public <R> R single(String what, Work<R> work) {
    try (Connection c = dataSource.getConnection()) {
      return c.getAutoCommit() ? work.run(c) : runAndCommit(c, work, what, null);
    } catch (SQLException e) {
      throw SqlFailures.translate(what, e);
    }
  }

  /**
   * Runs work in one READ COMMITTED transaction (PostgreSQL's default, set whatever the
   * connection's default is), committed when it returns, rolled back when it throws.
   *
   * @param <R> the result type
   * @param what the call, for error messages
   * @param work the work
   * @return its result
   */
  public <R> R transaction(String what, Work<R> work) {
    return transaction(what, work, null);
  }

  /**
   * What to throw when a transaction's commit failed in a way that leaves its outcome unknown
   * (the connection was lost: the server may have committed before the answer was lost).
   *
   * @param <R> the result type of the work
   */
  @FunctionalInterface
  public interface InDoubt<R> {
    /**
     * Builds the exception to throw.
     *
     * @param result what the work returned before the commit
     * @param failure the translated failure
     * @return the exception to throw
     */
    RuntimeException failed(R result, RuntimeException failure);
  }

  /**
   * Like {@link #transaction(String, Work)}, but a commit that failed with a lost connection
   * (its outcome unknown) throws what {@code inDoubt} builds, with the work's result.
   *
   * @param <R> the result type
   * @param what the call, for error messages
   * @param work the work
   * @param inDoubt builds the exception of a commit whose outcome is unknown; null: such a
   *     commit is rolled back and its failure thrown, as for any other
   * @return its result
   */
  public <R> R transaction(String what, Work<R> work, InDoubt<R> inDoubt) {
    try (Connection c = dataSource.getConnection()) {
      boolean auto = c.getAutoCommit();
      if (auto) {
        c.setAutoCommit(false);
      }
      try {
        return runAndCommit(c, work, what, inDoubt);
      } finally {
        if (auto) {
          restoreAutoCommit(c);
        }
      }
    } catch (SQLException e) {
      throw SqlFailures.translate(what, e);
    }
  }

  /**
   * Runs the work in the connection's open transaction: committed on return, else rolled back.
   * A commit that lost the connection (the server may have committed before the answer was
   * lost) throws what {@code inDoubt} builds, when given.
   */
  private static <R> R runAndCommit(Connection c, Work<R> work, String what, InDoubt<R> inDoubt)
      throws SQLException {
    R r;
    try {
      readCommitted(c);
      r = work.run(c);
    } catch (SQLException | RuntimeException | Error e) {
      rollbackQuietly(c, e);
      throw e;
    }
    try {
      c.commit();
    } catch (SQLException e) {
      String state = e.getSQLState();
      if (inDoubt != null && SqlFailures.isUnavailable(e)
          && (state == null || !state.startsWith("40"))) {
        throw inDoubt.failed(r, SqlFailures.translate(what, e));
      }
      rollbackQuietly(c, e);
      throw e;
    }
    return r;
  }

  /**
   * Makes the transaction READ COMMITTED, whatever isolation the pool's connections default to
   * (a pool configured with REPEATABLE READ or SERIALIZABLE, a role's
   * {@code default_transaction_isolation}): the store's transactions lock a row, then check what
   * runs in new statements that must see what was committed while they waited for the lock. A
   * snapshot taken before the wait would miss it (a deprovision would start beside a bind). One
   * statement, the transaction's first; the connection's own default is left as it was.
   *
   * <p>Sent every time, not skipped for a connection known to default to READ COMMITTED: no
   * cache of a session's default stays true. pgjdbc keeps no copy of it
   * ({@code getTransactionIsolation} runs {@code SHOW}, {@code setTransactionIsolation} runs
   * {@code SET SESSION CHARACTERISTICS}, each a round trip of its own), and nothing tells when
   * another borrower of a shared pool changed a session's default with SQL
   * ({@code SET default_transaction_isolation}, {@code SET SESSION CHARACTERISTICS},
   * {@code RESET ALL}), which a pool does not undo: a stale cache would run a transaction under
   * REPEATABLE READ without a word.
   */
  private static void readCommitted(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED");
    }
  }

  private static void rollbackQuietly(Connection c, Throwable cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private static void restoreAutoCommit(Connection c) {
    try {
      c.setAutoCommit(true);
    } catch (SQLException e) {
      // the connection is broken; the pool discards it
    }
  }
}
