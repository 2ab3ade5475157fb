package io.github.osbsdk.broker.store.jdbc.metering;

import io.github.osbsdk.broker.metering.CountsNotHeldException;
import io.github.osbsdk.broker.metering.MergeInDoubtException;
import io.github.osbsdk.broker.metering.MeterCount;
import io.github.osbsdk.broker.metering.UsageOutbox;
import io.github.osbsdk.broker.metering.UsageRecord;
import io.github.osbsdk.broker.metering.internal.WarnedWhileSo;
import io.github.osbsdk.broker.metering.internal.Windows;
import io.github.osbsdk.broker.store.jdbc.internal.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
  /** False once a close saw no held count, until this object holds counts again. */
  private volatile boolean maybeHeld = true;
  /** The windows the last release could not store, retried only once their rows change. */
  private final WarnedWhileSo<List<MeterCount>> stuck = new WarnedWhileSo<>();
  /** The windows with unreadable held rows the last release found (logged once each). */
  private final WarnedWhileSo<List<Object>> unreadable = new WarnedWhileSo<>();

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
   * @throws CountsNotHeldException naming the counts whose sum with their held row passes the
   *     largest double (nothing is held)
   */
  void hold(List<MeterCount> counts) {
    if (counts.isEmpty()) {
      return;
    }
    long[] txid = new long[1];
    maybeHeld = true; // before: a close racing this hold may see none
    db.transaction("hold usage counts", c -> {
      txid[0] = MergeTransactions.current(db, c);
      UsageWindows.watermark(db, c, sql.shareWatermark); // no end or release meanwhile
      // each count of those whose sum fails (with its held row, or an earlier one of the hold)
      List<MeterCount> notHeld = OverflowSavepoints.allElseEach(c, counts, part -> {
        insert(c, part);
        return () -> { };
      });
      if (!notHeld.isEmpty()) {
        throw new CountsNotHeldException(notHeld); // rolls back: nothing held
      }
      return List.<MeterCount>of();
    }, (none, failure) -> new MergeInDoubtException("the commit of a hold of usage counts lost"
        + " its answer (transaction " + txid[0] + ")", failure, none,
        () -> MergeTransactions.committed(db, txid[0])));
  }

  /**
   * Notes what a close saw of the held table under the exclusive watermark lock: the next
   * release reads nothing when it saw no held count and none was held here since. A hold that
   * committed while the close waited for the lock may be unseen by it: released a tick later.
   *
   * @param any whether the close saw a held count
   */
  void seen(boolean any) {
    maybeHeld = any;
  }

  /**
   * Releases every held count: see {@link UsageOutbox#releaseHeldCounts}. A closed window whose
   * record {@code toRecord} cannot build is held again, as a close leaves it open; so is a window
   * that cannot be stored (a sum past the largest double) and a row that cannot be read (a value
   * edited to NaN or infinity): each alone, the others are released. Reads nothing when the last
   * close saw no held count ({@link #seen}), and takes no lock when a look without one finds
   * only windows that would stay held ({@link HeldLook}).
   *
   * @param toRecord builds the record of a closed window
   * @return the counts dropped because their instance's metering ended
   */
  List<MeterCount> release(Function<List<MeterCount>, UsageRecord> toRecord) {
    if (!maybeHeld || !HeldLook.worthATransaction(db, sql, toRecord, stuck,
        unreadable)) {
      return List.of(); // nearly always: nothing held, or only what stays held
    }
    LateCounts.Drops drops = new LateCounts.Drops();
    Map<List<MeterCount>, String> notStored = new LinkedHashMap<>();
    List<MeterCount> dropped = db.transaction("release held usage counts", c -> {
      notStored.clear(); // a retried transaction starts over
      Instant closedThrough = UsageWindows.watermark(db, c, sql.lockWatermark);
      List<MeterCount> held = HeldLook.readable(db, c, sql.readHeld, unreadable);
      MeteringEnds ended = MeteringEnds.of(db, sql, c, held);
      List<MeterCount> out = new ArrayList<>();
      List<MeterCount> kept = new ArrayList<>();
      for (List<MeterCount> group : Windows.byWindow(held)) {
        if (ended.of(group.get(0)) != null) {
          out.addAll(group);
          continue;
        }
        UsageRecord r = null;
        if (closedThrough != null && !group.get(0).windowEnd().isAfter(closedThrough)) {
          try {
            r = toRecord.apply(group);
          } catch (RuntimeException e) { // this window only: it stays held, the others go
            kept.addAll(group);
            continue;
          }
        }
        Exception failed = stored(c, group, r, drops);
        if (failed != null) {
          kept.addAll(group);
          notStored.put(group, String.valueOf(failed.getMessage()));
        }
      }
      try (PreparedStatement ps = db.prepare(c, sql.deleteHeld)) {
        ps.executeUpdate(); // every readable held row: holds wait for the exclusive lock
      }
      insert(c, kept); // held again, as they were
      return out;
    });
    stuck.round(notStored.keySet(), group -> HeldLook.logNotStored(group,
        notStored.get(group)));
    late.committed(drops);
    return dropped;
  }

  /**
   * Stores one held window, under a savepoint: into its open window ({@code r} null), or its
   * record as a close stores it (added into a record of its key IBM has not seen, else under a
   * late key). A window whose sum passes the largest double is rolled back alone.
   *
   * @return null when stored, else why it was rolled back (it stays held)
   */
  private Exception stored(Connection c, List<MeterCount> group, UsageRecord r,
      LateCounts.Drops drops) throws SQLException {
    return OverflowSavepoints.tried(c, group, part -> {
      LateCounts.Drops mine = new LateCounts.Drops();
      if (r == null) { // its window is still open: counted there, as if merged in time
        try (PreparedStatement ps = db.prepare(c, sql.merge)) {
          for (MeterCount count : part) {
            UsageRows.bindCount(ps, 1, count);
            ps.addBatch();
          }
          ps.executeBatch();
        }
      } else {
        late.store(c, List.of(Map.entry(r, part)), append, mine);
      }
      return () -> drops.addAll(mine);
    });
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
    return db.single("read held usage counts",
        c -> HeldLook.readable(db, c, sql.heldCounts, null));
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
}
