package io.github.osbsdk.broker.store.jdbc.metering;

import io.github.osbsdk.broker.metering.MergeInDoubtException;
import io.github.osbsdk.broker.metering.MeterCount;
import io.github.osbsdk.broker.metering.UsageOutbox;
import io.github.osbsdk.broker.metering.UsageRecord;
import io.github.osbsdk.broker.metering.internal.Windows;
import io.github.osbsdk.broker.store.jdbc.internal.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The counts {@link PostgresUsageOutbox} holds until their instance's end is known
 * ({@link UsageOutbox#holdCounts}, table {@code osb_usage_held_count} of migration V13): a hold
 * locks the closed-through watermark row shared, as a merge does, and a release and an end lock
 * it exclusively, so an end never passes over counts being held, and a release reads the ends
 * and places the counts in one transaction.
 */
final class HeldUsage {
  private final Database db;
  private final UsageSql sql;
  private final UsageWindows.RecordAppender append;
  private final LateCounts late;

  HeldUsage(Database db, UsageSql sql, UsageWindows.RecordAppender append, LateCounts late) {
    this.db = db;
    this.sql = sql;
    this.append = append;
    this.late = late;
  }

  /**
   * Holds counts: see {@link UsageOutbox#holdCounts}.
   *
   * @param counts the counts
   * @throws MergeInDoubtException when the commit lost its answer (nothing refused)
   */
  void hold(List<MeterCount> counts) {
    if (counts.isEmpty()) {
      return;
    }
    long[] txid = new long[1];
    db.transaction("hold usage counts", c -> {
      txid[0] = MergeTransactions.current(db, c);
      UsageWindows.watermark(db, c, sql.shareWatermark); // no end or release meanwhile
      insert(c, counts);
      return List.<MeterCount>of();
    }, (none, failure) -> new MergeInDoubtException("the commit of a hold of usage counts lost"
        + " its answer (transaction " + txid[0] + ")", failure, none,
        () -> MergeTransactions.committed(db, txid[0])));
  }

  /**
   * Releases every held count: see {@link UsageOutbox#releaseHeldCounts}. A closed window whose
   * record {@code toRecord} cannot build is held again, as a close leaves it open.
   *
   * @param toRecord builds the record of a closed window
   * @return the counts dropped because their instance's metering ended
   */
  List<MeterCount> release(Function<List<MeterCount>, UsageRecord> toRecord) {
    if (!db.single("look for held usage counts", c -> exists(c, sql.anyHeld))) {
      return List.of(); // nearly always: one cheap read a tick, no lock
    }
    LateCounts.Drops drops = new LateCounts.Drops();
    List<MeterCount> dropped = db.transaction("release held usage counts", c -> {
      Instant closedThrough = UsageWindows.watermark(db, c, sql.lockWatermark);
      List<MeterCount> held = read(c, sql.readHeld);
      MeteringEnds ended = MeteringEnds.of(db, sql, c, held);
      List<MeterCount> out = new ArrayList<>();
      List<MeterCount> closed = new ArrayList<>();
      try (PreparedStatement ps = db.prepare(c, sql.merge)) {
        int open = 0;
        for (MeterCount count : held) {
          if (ended.of(count) != null) {
            out.add(count);
          } else if (closedThrough != null && !count.windowEnd().isAfter(closedThrough)) {
            closed.add(count);
          } else { // its window is still open: counted there, as if merged in time
            UsageRows.bindCount(ps, 1, count);
            ps.addBatch();
            open++;
          }
        }
        if (open > 0) {
          ps.executeBatch();
        }
      }
      List<Map.Entry<UsageRecord, List<MeterCount>>> built = new ArrayList<>();
      List<MeterCount> kept = new ArrayList<>();
      for (List<MeterCount> group : Windows.byWindow(closed)) {
        try {
          built.add(Map.entry(toRecord.apply(group), group));
        } catch (RuntimeException e) { // this window only: it stays held, the others go
          kept.addAll(group);
        }
      }
      // its own window's record, as a close stores it: added into a record of its key IBM has
      // not seen, else under a late key
      late.store(c, built, append, drops);
      try (PreparedStatement ps = db.prepare(c, sql.deleteHeld)) {
        ps.executeUpdate(); // every held row: holds wait for the exclusive lock
      }
      insert(c, kept); // held again, as they were
      return out;
    });
    late.committed(drops);
    return dropped;
  }

  /**
   * Tells whether counts of an instance (of a plan) are held.
   *
   * @param c a connection, in the caller's transaction
   * @param instanceId the instance
   * @param planId the plan, or null for any
   * @return true when some are held
   * @throws SQLException on failure
   */
  boolean holds(Connection c, String instanceId, String planId) throws SQLException {
    try (PreparedStatement ps = db.prepare(c, planId == null ? sql.heldOfInstance
        : sql.heldOfPlan)) {
      ps.setString(1, instanceId);
      if (planId != null) {
        ps.setString(2, planId);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /**
   * Lists the held counts: see {@link UsageOutbox#heldCounts}.
   *
   * @return the counts
   */
  List<MeterCount> all() {
    return db.single("read held usage counts", c -> read(c, sql.heldCounts));
  }

  /** Adds counts to the held ones, combined as merges combine open counts. */
  private void insert(Connection c, List<MeterCount> counts) throws SQLException {
    if (counts.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = db.prepare(c, sql.holdCount)) {
      for (MeterCount count : counts) {
        UsageRows.bindCount(ps, 1, count);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private boolean exists(Connection c, String query) throws SQLException {
    try (PreparedStatement ps = db.prepare(c, query); ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  private List<MeterCount> read(Connection c, String query) throws SQLException {
    List<MeterCount> out = new ArrayList<>();
    try (PreparedStatement ps = db.prepare(c, query); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(UsageRows.count(rs, 1));
      }
    }
    return out;
  }
}
