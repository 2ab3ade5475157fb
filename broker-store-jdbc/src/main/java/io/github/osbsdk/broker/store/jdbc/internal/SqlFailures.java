package io.github.osbsdk.broker.store.jdbc.internal;

import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/**
 * Sorts driver exceptions: availability problems (the database is down, slow, overloaded, shutting
 * down, or a transaction lost a race the server refused to serialize) become
 * {@link StoreUnavailableException}; anything else is a programming or set-up error (a missing
 * table, a type mismatch) and becomes {@link IllegalStateException}.
 */
public final class SqlFailures {
  /** SQLState of a unique constraint violation. */
  public static final String UNIQUE_VIOLATION = "23505";

  private SqlFailures() {}

  /**
   * Whether the exception is a unique violation.
   *
   * @param e the exception
   * @return true for SQLState 23505
   */
  public static boolean isUniqueViolation(SQLException e) {
    return UNIQUE_VIOLATION.equals(e.getSQLState());
  }

  /**
   * Whether the exception means the database is not available (now).
   *
   * @param e the exception
   * @return true for connection failures, timeouts (of a statement, of a session idle in a
   *     transaction, of a transaction), cancellations, lack of resources, shutdowns,
   *     serialization failures, deadlocks and a read-only (standby) server
   */
  public static boolean isUnavailable(SQLException e) {
    if (e instanceof SQLTransientException || e instanceof SQLRecoverableException) {
      return true;
    }
    String state = e.getSQLState();
    if (state == null) {
      // pools and drivers report "no connection" without a state
      return true;
    }
    return state.startsWith("08") // connection exception
        || state.startsWith("53") // insufficient resources
        || state.startsWith("40") // serialization failure, deadlock
        || state.startsWith("57") // query canceled (statement timeout), admin/crash shutdown
        || state.startsWith("58") // system error (I/O)
        || state.equals("55P03") // lock not available
        || state.equals("25006") // read-only transaction: connected to a standby
        || state.equals("25P03") // idle_in_transaction_session_timeout ended the session
        || state.equals("25P04") // transaction_timeout (PostgreSQL 17) ended the session
        || state.equals("XX000"); // internal error
  }

  /**
   * Translates an exception the store did not expect.
   *
   * @param what the call that failed, for the message (no values, so no secrets)
   * @param e the exception
   * @return the exception to throw
   */
  public static RuntimeException translate(String what, SQLException e) {
    String state = e.getSQLState();
    if (isUniqueViolation(e)) {
      return new LostRaceException(what, e);
    }
    if (isUnavailable(e)) {
      return new StoreUnavailableException("PostgreSQL unavailable during " + what
          + " (SQLState " + state + ")", e);
    }
    if ("42P01".equals(state) || "3F000".equals(state)) {
      return new IllegalStateException("PostgreSQL store: table or schema missing during " + what
          + " (SQLState " + state + "); apply the migrations (Migrations.apply)", e);
    }
    return new IllegalStateException("PostgreSQL store: " + what + " failed (SQLState " + state
        + ")", e);
  }
}
