package io.github.osbsdk.samples.hello;

import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The sample's plain-JDBC calls: one connection from the pool per call, an optional short
 * transaction, a query timeout on every statement, and driver exceptions sorted into "the
 * database is unavailable" ({@link StoreUnavailableException}, answered 503) and everything else.
 */
final class Sql {
  /** Seconds a statement may run before the driver cancels it. */
  static final int TIMEOUT_SECONDS = 5;

  private final DataSource dataSource;

  /** One JDBC call on a connection. */
  @FunctionalInterface
  interface Call<T> {
    T run(Connection c) throws SQLException;
  }

  /** A foreign key refused a row: the row it refers to was deleted meanwhile. */
  static final class ReferencedRowGone extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ReferencedRowGone(SQLException cause) {
      super("the referenced row was deleted meanwhile", cause);
    }
  }

  Sql(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource == null");
  }

  /**
   * Runs {@code body} on a connection of its own.
   *
   * @param what the call, for messages (no values, so no secrets)
   * @param transaction whether {@code body} runs in one transaction (committed when it returns,
   *     rolled back when it throws)
   * @param body the statements
   * @return what {@code body} returned
   * @throws ReferencedRowGone when a foreign key refused a row
   * @throws StoreUnavailableException when the database is down, slow or overloaded
   */
  <T> T call(String what, boolean transaction, Call<T> body) {
    try (Connection c = dataSource.getConnection()) {
      if (!transaction) {
        return body.run(c);
      }
      c.setAutoCommit(false);
      T result;
      try {
        result = body.run(c);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        endQuietly(c, e);
        throw e;
      }
      c.setAutoCommit(true);
      return result;
    } catch (SQLException e) {
      if ("23503".equals(e.getSQLState())) {
        throw new ReferencedRowGone(e);
      }
      throw failure(what, e);
    }
  }

  /**
   * Rolls back after a failure and restores auto-commit, keeping the failure as what is thrown:
   * both fail too when the failure was a lost connection, and their "connection closed" would
   * hide why.
   */
  private static void endQuietly(Connection c, Exception failure) {
    try {
      c.rollback();
      c.setAutoCommit(true);
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  /** Prepares a statement with the query timeout. */
  static PreparedStatement prepare(Connection c, String sql) throws SQLException {
    PreparedStatement st = c.prepareStatement(sql);
    st.setQueryTimeout(TIMEOUT_SECONDS);
    return st;
  }

  /**
   * Sorts a driver exception: the database is down, slow, overloaded or shutting down
   * ({@link StoreUnavailableException}, answered 503), or a set-up or programming error.
   *
   * @param what the call, for the message (no values, so no secrets)
   * @param e the exception
   * @return the exception to throw
   */
  static RuntimeException failure(String what, SQLException e) {
    String state = e.getSQLState();
    boolean unavailable = e instanceof SQLTransientException
        || e instanceof SQLRecoverableException || state == null || state.startsWith("08")
        || state.startsWith("53") || state.startsWith("40") || state.startsWith("57")
        || state.startsWith("58") || state.equals("55P03") || state.equals("25006");
    if (unavailable) {
      return new StoreUnavailableException("hello-kv: PostgreSQL unavailable during " + what
          + " (SQLState " + state + ")", e);
    }
    return new IllegalStateException("hello-kv: " + what + " failed (SQLState " + state + ")",
        e);
  }
}
