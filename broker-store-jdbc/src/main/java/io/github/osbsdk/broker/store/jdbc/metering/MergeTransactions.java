package io.github.osbsdk.broker.store.jdbc.metering;

import io.github.osbsdk.broker.store.jdbc.internal.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The transaction ids of merges (of open counts, and of held counts) whose commit may lose its
 * answer: read in the transaction, and asked about once the database answers again
 * ({@code txid_status}), so that counts are never merged twice (and of rejections, see
 * {@link UsageRejections}).
 */
final class MergeTransactions {
  private MergeTransactions() {
  }

  /**
   * Returns the id of the connection's transaction.
   *
   * @param db the database
   * @param c the connection, in the transaction
   * @return the id
   * @throws SQLException on failure
   */
  static long current(Database db, Connection c) throws SQLException {
    try (PreparedStatement ps = db.prepare(c, "SELECT txid_current()");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Tells whether a transaction committed, once the database answers again.
   *
   * @param db the database
   * @param txid the transaction's id
   * @return true when it committed
   * @throws RuntimeException while the database is unavailable or the transaction still runs
   */
  static boolean committed(Database db, long txid) {
    String status = db.single("check a usage merge", c -> {
      try (PreparedStatement ps = db.prepare(c, "SELECT txid_status(?)")) {
        ps.setLong(1, txid);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getString(1);
        }
      }
    });
    if ("in progress".equals(status)) {
      throw new IllegalStateException("transaction " + txid + " still in progress");
    }
    // null: too old to be known any more (not within seconds); counting it as applied errs
    // towards billing a second's counts too few rather than twice
    return !"aborted".equals(status);
  }
}
