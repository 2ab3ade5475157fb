package io.github.osbsdk.broker.store.jdbc.metering;

import io.github.osbsdk.broker.metering.MergeInDoubtException;
import io.github.osbsdk.broker.metering.RejectedUsage;
import io.github.osbsdk.broker.store.jdbc.internal.Database;
import io.github.osbsdk.broker.store.jdbc.internal.Rows;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * The rejections of {@link PostgresUsageOutbox}: a record moved to the rejected list, and a
 * rejected record discarded. Each call tells whether it changed the record, also when its
 * commit's answer was lost (the connection dropped between the commit and the reply): it then
 * asks the database whether its transaction committed ({@code txid_status}) and answers as the
 * commit did. Asked again, neither would find its record any more: a rejection whose answer was
 * lost was never logged nor told to the sender's listener, and a discard said it removed nothing.
 * When the database cannot tell yet (it is still away), the call throws
 * {@link MergeInDoubtException}, told apart from a call that applied nothing: the sender then
 * logs the rejection and tells its listener all the same.
 */
final class UsageRejections {
  private final Database db;
  private final UsageSql sql;

  UsageRejections(Database db, UsageSql sql) {
    this.db = db;
    this.sql = sql;
  }

  /** See {@link PostgresUsageOutbox#markRejected}. */
  boolean reject(String owner, RejectedUsage rejection) {
    return changed("mark usage rejected", sql.rejectOne, ps -> {
      int n = 1;
      ps.setInt(n++, rejection.status());
      ps.setString(n++, rejection.code());
      ps.setString(n++, rejection.message());
      ps.setObject(n++, Rows.time(rejection.rejectedAt()));
      ps.setString(n++, rejection.key());
      ps.setString(n, owner);
    });
  }

  /** See {@link PostgresUsageOutbox#discardRejected}. */
  boolean discard(String key) {
    return changed("discard rejected usage", sql.discard, ps -> ps.setString(1, key));
  }

  /** Binds a statement's parameters. */
  @FunctionalInterface
  private interface Binding {
    void bind(PreparedStatement ps) throws SQLException;
  }

  /** A commit whose answer was lost, with whether its statement changed the row. */
  private static final class AnswerLost extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean changed;

    AnswerLost(boolean changed, RuntimeException failure) {
      super(failure);
      this.changed = changed;
    }
  }

  /**
   * Runs one statement that changes at most one row in a transaction whose id is read first;
   * when its commit loses its answer, tells what the commit did once the database answers.
   *
   * @return whether the row was changed
   * @throws MergeInDoubtException when the database cannot tell yet whether a commit whose
   *     answer was lost was applied (it may have been); its {@code applied()} asks again
   * @throws RuntimeException when the database fails (nothing applied)
   */
  private boolean changed(String what, String statement, Binding binding) {
    long[] txid = new long[1];
    try {
      return db.transaction(what, c -> {
        txid[0] = MergeTransactions.current(db, c);
        try (PreparedStatement ps = db.prepare(c, statement)) {
          binding.bind(ps);
          return ps.executeUpdate() == 1;
        }
      }, AnswerLost::new);
    } catch (AnswerLost lost) {
      RuntimeException failure = (RuntimeException) lost.getCause();
      boolean committed;
      try {
        committed = MergeTransactions.committed(db, txid[0]);
      } catch (RuntimeException e) {
        failure.addSuppressed(e);
        long id = txid[0];
        boolean changed = lost.changed;
        throw new MergeInDoubtException("the commit of '" + what + "' lost its answer"
            + " (transaction " + id + ") and whether it applied cannot be told yet", failure,
            List.of(), () -> changed && MergeTransactions.committed(db, id));
      }
      if (!committed) {
        throw failure; // nothing applied: the call failed
      }
      return lost.changed;
    }
  }
}
