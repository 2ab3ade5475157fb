package io.github.osbsdk.broker.store.jdbc.metering;

import io.github.osbsdk.broker.store.jdbc.internal.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the rows of {@code osb_usage_delivered} whose record ended more than the retention
 * ago on the database server's clock and whose instance has no open count of a window starting
 * before that end (no close can build that window's record again), and the rows of
 * {@code osb_usage_instance_end} that no longer protect anything: the
 * instance ended more than the retention ago on the database server's clock, and every window of
 * it is reported (no open count, no record waiting for IBM or set aside as invalid; rejected
 * ones are answered), and likewise the rows of {@code osb_usage_plan_end} (an instance's end on
 * one plan, judged by its usage on that plan). Runs inside a window close or, for a reporter
 * without a meter, from the reporter's sender (under the exclusive watermark lock, so no merge
 * checks an end meanwhile), at most once per {@link #EVERY} per outbox once a prune committed, and
 * again {@link #RETRY_AFTER} after one that failed.
 *
 * <p>The retention is what keeps a late count safe: while the row is kept, a count of the
 * instance that arrives late (from a replica that held it in memory while the database was
 * unreachable) is refused and dropped, never billed. A count that arrives after the row was
 * pruned is merged like any other: it goes to the current window, after the instance's end,
 * and its record is refused by IBM for good (400, outside the instance's life: in the rejected
 * list, never billed), which is why the retention must exceed the longest time a replica may run
 * without reaching the database.
 */
final class InstanceEndPrune {
  /** The outbox's logger, as for the other parts: log configuration keeps working. */
  private static final Logger LOG = LoggerFactory.getLogger(PostgresUsageOutbox.class);
  /** How often a close prunes (the statement reads the end table and the record table). */
  static final Duration EVERY = Duration.ofHours(1);
  /**
   * How long a turn is held before its prune is known to be committed: a prune that failed
   * (the database down, or its close rolled back) is tried again this much later, not an hour
   * later; a prune that fails every time still lets the closes in between succeed.
   */
  static final Duration RETRY_AFTER = Duration.ofMinutes(1);
  /** The default retention: 3 days, as the broker keeps finished operations. */
  static final Duration DEFAULT_RETENTION = Duration.ofDays(3);

  private final Database db;
  private final UsageSql sql;
  private final long retentionMillis;
  /** The time the turns are taken on, {@link System#nanoTime} but in tests. */
  private final LongSupplier nanoTime;
  private long nextNanos; // guarded by this
  private long turnTakenAt; // guarded by this

  /**
   * Checks a retention: at least one hour.
   *
   * @param retention the retention
   * @return it
   * @throws IllegalArgumentException when it is shorter
   */
  static Duration checked(Duration retention) {
    Objects.requireNonNull(retention, "retention == null");
    if (retention.compareTo(Duration.ofHours(1)) < 0) {
      throw new IllegalArgumentException("instanceEndRetention must be at least 1 h: "
          + retention);
    }
    return retention;
  }

  InstanceEndPrune(Database db, UsageSql sql, Duration retention) {
    this(db, sql, retention, System::nanoTime);
  }

  InstanceEndPrune(Database db, UsageSql sql, Duration retention, LongSupplier nanoTime) {
    this.db = db;
    this.sql = sql;
    this.retentionMillis = retention.toMillis();
    this.nanoTime = nanoTime;
    this.nextNanos = nanoTime.getAsLong();
  }

  /**
   * Prunes, when the last prune was at least {@link #EVERY} ago (see {@link #due()}).
   *
   * @param c a connection in the close's transaction
   * @return true when it pruned: call {@link #pruned()} once the transaction committed
   * @throws SQLException on failure (the close fails with it, and is retried)
   */
  boolean pruneIfDue(Connection c) throws SQLException {
    if (due()) {
      prune(c);
      return true;
    }
    return false;
  }

  /**
   * Takes the turn to prune when the last committed prune was at least {@link #EVERY} ago and
   * no turn was taken in the last {@link #RETRY_AFTER} (by a close or by the reporter's
   * sender, {@code PostgresUsageOutbox.pruneIfDue}). The caller that takes it calls
   * {@link #pruned()} once its prune committed; until then the turn is held for
   * {@link #RETRY_AFTER} only, so a prune that failed is tried again soon.
   *
   * @return true when the caller prunes now
   */
  synchronized boolean due() {
    long now = nanoTime.getAsLong();
    if (now - nextNanos < 0) {
      return false;
    }
    nextNanos = now + RETRY_AFTER.toNanos();
    turnTakenAt = now;
    return true;
  }

  /** The prune of the last turn taken committed: the next is due {@link #EVERY} after it. */
  synchronized void pruned() {
    nextNanos = turnTakenAt + EVERY.toNanos();
  }

  /**
   * Prunes now.
   *
   * @param c a connection, in a transaction holding the watermark lock exclusively
   * @return how many instance ends were deleted
   * @throws SQLException on failure
   */
  int prune(Connection c) throws SQLException {
    try (PreparedStatement ps = db.prepare(c, sql.pruneDelivered)) {
      ps.setLong(1, retentionMillis);
      int n = ps.executeUpdate();
      if (n > 0) {
        LOG.debug("pruned {} delivered usage key(s), their records ended over {} ago", n,
            Duration.ofMillis(retentionMillis));
      }
    }
    try (PreparedStatement ps = db.prepare(c, sql.prunePlanEnds)) {
      ps.setLong(1, retentionMillis);
      int n = ps.executeUpdate();
      if (n > 0) {
        LOG.debug("pruned {} plan end(s) whose usage is all reported, ended over {} ago", n,
            Duration.ofMillis(retentionMillis));
      }
    }
    try (PreparedStatement ps = db.prepare(c, sql.pruneEnds)) {
      ps.setLong(1, retentionMillis);
      int n = ps.executeUpdate();
      if (n > 0) {
        LOG.info("pruned {} ended instance(s) whose usage is all reported, ended over {} ago", n,
            Duration.ofMillis(retentionMillis));
      }
      return n;
    }
  }
}
