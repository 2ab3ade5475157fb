package io.github.osbsdk.broker.store.jdbc.metering;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes that a sum past the largest double may fail (a count added into its held row, a
 * window's record added into the unsent one of its key), under savepoints: such a failure rolls
 * back only its part, the rest of the transaction goes on; any other failure is thrown. All at
 * once first, which costs one savepoint, else one at a time (only when a sum fails, which only
 * a row edited by hand comes near).
 */
final class OverflowSavepoints {
  /** PostgreSQL's {@code numeric_value_out_of_range}: a sum past the largest double. */
  private static final String OUT_OF_RANGE = "22003";

  private OverflowSavepoints() {
  }

  /**
   * Writes a part; returns what to do once it is kept (its savepoint released), e.g. count
   * what it stored.
   *
   * @param <T> what is written
   */
  @FunctionalInterface
  interface Write<T> {
    Runnable write(List<T> part) throws SQLException;
  }

  /**
   * Writes all items at once under one savepoint, else each alone under its own.
   *
   * @param c the connection, in the caller's transaction
   * @param items the items, in order
   * @param write writes a part
   * @return the items whose sum failed alone (rolled back), in order; none when all went
   * @throws SQLException on any other failure
   */
  static <T> List<T> allElseEach(Connection c, List<T> items, Write<T> write)
      throws SQLException {
    List<T> failed = new ArrayList<>();
    if (items.isEmpty() || tried(c, items, write) == null) {
      return failed; // nearly always
    }
    for (T item : items) {
      if (tried(c, List.of(item), write) != null) {
        failed.add(item);
      }
    }
    return failed;
  }

  /**
   * Writes a part under a savepoint.
   *
   * @param c the connection, in the caller's transaction
   * @param part the part
   * @param write writes it
   * @return null when it was written (and its kept action run), else the failure of its sum
   *     (rolled back)
   * @throws SQLException on any other failure
   */
  static <T> Exception tried(Connection c, List<T> part, Write<T> write) throws SQLException {
    Savepoint savepoint = c.setSavepoint();
    Runnable kept;
    try {
      kept = write.write(part);
    } catch (SQLException e) {
      if (!outOfRange(e)) {
        throw e;
      }
      c.rollback(savepoint);
      return e;
    } catch (IllegalArgumentException e) { // a record's quantity past the largest double
      c.rollback(savepoint);
      return e;
    }
    c.releaseSavepoint(savepoint);
    kept.run();
    return null;
  }

  /**
   * Tells whether a statement failed on a value out of range (a sum past the largest double).
   *
   * @param e the failure
   * @return true when it did
   */
  static boolean outOfRange(SQLException e) {
    Set<Throwable> seen = new HashSet<>();
    for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
      if (t instanceof SQLException s && OUT_OF_RANGE.equals(s.getSQLState())) {
        return true;
      }
      if (t instanceof BatchUpdateException b && b.getNextException() != null
          && OUT_OF_RANGE.equals(b.getNextException().getSQLState())) {
        return true;
      }
    }
    return false;
  }
}
