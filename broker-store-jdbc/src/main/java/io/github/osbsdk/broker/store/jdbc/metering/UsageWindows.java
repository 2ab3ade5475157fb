package io.github.osbsdk.broker.store.jdbc.metering;

import io.github.osbsdk.broker.metering.MergeInDoubtException;
import io.github.osbsdk.broker.metering.MeterCount;
import io.github.osbsdk.broker.metering.UsageOutbox;
import io.github.osbsdk.broker.metering.UsageRecord;
import io.github.osbsdk.broker.metering.internal.WarnedWhileSo;
import io.github.osbsdk.broker.metering.internal.Windows;
import io.github.osbsdk.broker.store.jdbc.internal.Database;
import io.github.osbsdk.broker.store.jdbc.internal.Rows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open-window counts of {@link PostgresUsageOutbox}: merges lock the closed-through
 * watermark row shared and closes exclusive, so a count never lands in a window that was
 * already closed, and a close closes no later than the database server's clock.
 */
final class UsageWindows {
  /** The outbox's logger, as before these moved here: log configuration keeps working. */
  private static final Logger LOG = LoggerFactory.getLogger(PostgresUsageOutbox.class);
  private final Database db;
  private final UsageSql sql;
  private final RecordAppender append;
  private final InstanceEndPrune prune;
  private final LateCounts late;
  private final HeldUsage held;
  private final UsageEnds ends;
  /** The windows with unreadable counts the last close found (logged once each). */
  private final WarnedWhileSo<List<Object>> unreadableLogged = new WarnedWhileSo<>();

  /** Inserts the records a close or an end built, in its transaction. */
  @FunctionalInterface
  interface RecordAppender {
    /**
     * Inserts records, each unless a record is stored under its key (either form) already.
     *
     * @param c the close's connection, in its transaction
     * @param records the records
     * @return for each record, whether it was inserted
     * @throws SQLException on failure
     */
    boolean[] insert(Connection c, List<UsageRecord> records) throws SQLException;
  }

  UsageWindows(Database db, UsageSql sql, RecordAppender append, InstanceEndPrune prune) {
    this.db = db;
    this.sql = sql;
    this.append = append;
    this.prune = prune;
    this.late = new LateCounts(db, sql);
    this.held = new HeldUsage(db, sql, append, late);
    this.ends = new UsageEnds(db, sql, append, late, held);
  }

  /** The counts held until their instance's end is known. */
  HeldUsage held() {
    return held;
  }

  /** How many counts this outbox's closes dropped as late (see {@link LateCounts}). */
  long droppedLate() {
    return late.dropped();
  }

  /** How many windows this outbox's last close left open for their sum. */
  int unsummable() {
    return late.unsummable();
  }

  /**
   * Merges counts into their open windows: see {@link UsageOutbox#mergeOpenCounts}.
   *
   * @param counts the counts
   * @return the counts refused because their window is already closed
   */
  List<MeterCount> merge(List<MeterCount> counts) {
    if (counts.isEmpty()) {
      return List.of();
    }
    long[] txid = new long[1];
    return db.transaction("merge usage counts", c -> {
      txid[0] = MergeTransactions.current(db, c);
      Instant closedThrough = watermark(db, c, sql.shareWatermark);
      // an end commits under the exclusive watermark lock: none can begin while this merges
      MeteringEnds ended = MeteringEnds.of(db, sql, c, counts);
      List<MeterCount> refused = new ArrayList<>();
      try (PreparedStatement ps = db.prepare(c, sql.merge)) {
        for (MeterCount count : counts) {
          if (closedThrough != null && !count.windowEnd().isAfter(closedThrough)
              || ended.of(count) != null) {
            refused.add(count);
          } else {
            UsageRows.bindCount(ps, 1, count);
            ps.addBatch();
          }
        }
        if (refused.size() < counts.size()) {
          ps.executeBatch();
        }
      }
      return refused;
    }, (refused, failure) -> new MergeInDoubtException("the commit of a merge of usage counts"
        + " lost its answer (transaction " + txid[0] + ")", failure, refused,
        () -> MergeTransactions.committed(db, txid[0])));
  }

  /**
   * Ends an instance's metering on one plan or on all: see {@link UsageEnds#end}.
   *
   * @param instanceId the instance
   * @param planId the plan, or null for every plan
   * @param lifted the plan whose end is lifted (the instance is back on it), or null
   * @param at its end
   * @param toRecord builds a window's record, or returns null to drop its counts
   * @return how many records were appended
   */
  int end(String instanceId, String planId, String lifted, Instant at,
      Function<List<MeterCount>, UsageRecord> toRecord) {
    return ends.end(instanceId, planId, lifted, at, toRecord);
  }

  /**
   * Prunes, when due (see {@link InstanceEndPrune#pruneIfDue}), under the exclusive watermark
   * lock: for the reporter's sender, so that a reporter without a meter prunes too.
   */
  void pruneEndsIfDue() {
    if (prune.due()) {
      pruneEnds();
      prune.pruned(); // committed; a failure leaves the turn to be taken again soon
    }
  }

  /**
   * Prunes the ended instances now, under the exclusive watermark lock (see
   * {@link InstanceEndPrune}).
   *
   * @return how many rows were deleted
   */
  int pruneEnds() {
    return db.transaction("prune ended instances", c -> {
      watermark(db, c, sql.lockWatermark);
      return prune.prune(c);
    });
  }

  /**
   * Closes the windows that ended by {@code cutoff}: see {@link UsageOutbox#closeWindows}.
   *
   * @param cutoff the end of the last window to close
   * @param toRecord builds a window's usage record from its counts
   * @return how many records were appended
   */
  int close(Instant cutoff, Function<List<MeterCount>, UsageRecord> toRecord) {
    Objects.requireNonNull(cutoff, "cutoff == null");
    LateCounts.Drops drops = new LateCounts.Drops();
    // counted and logged once committed: a close rolled back leaves the counts to the next one
    AtomicBoolean pruned = new AtomicBoolean(); // in this transaction, not known committed
    AtomicBoolean anyHeld = new AtomicBoolean(true);
    held.seen(true); // unknown until this close commits
    int appended = db.transaction("close usage windows", c -> {
      // merges wait until this commits; whether counts are held, for the next release
      try (PreparedStatement ps = db.prepare(c, sql.lockWatermarkSeeingHeld);
          ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("osb_usage_watermark has no row; apply the"
              + " migrations");
        }
        anyHeld.set(rs.getBoolean(2));
      }
      // no later than the database server's clock, the one every replica shares: closed by a
      // replica whose clock runs ahead, a window would refuse the other replicas' counts of its
      // last minutes, billed in the next window then
      Instant serverTime = db.serverTime(c);
      Instant through = cutoff.isAfter(serverTime) ? serverTime : cutoff;
      List<MeterCount> closed = new ArrayList<>();
      Map<List<Object>, String> unreadable = new LinkedHashMap<>();
      try (PreparedStatement ps = db.prepare(c, sql.readClosed)) {
        ps.setObject(1, Rows.time(through));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            try {
              closed.add(UsageRows.count(rs, 1));
            } catch (RuntimeException e) { // e.g. a value edited to NaN
              unreadable.putIfAbsent(Windows.of(rs.getString(1), rs.getString(2),
                  UsageRows.instant(rs, 5), UsageRows.instant(rs, 6)),
                  rs.getString(3) + ": " + e.getMessage());
            }
          }
        }
      }
      logUnreadable(unreadable);
      // counts an older version merged after their instance's end (it knows no ends)
      MeteringEnds ended = MeteringEnds.of(db, sql, c, closed);
      List<Map.Entry<UsageRecord, List<MeterCount>>> built = new ArrayList<>();
      List<MeterCount> done = new ArrayList<>(); // one count of each window closed
      boolean leftOpen = !unreadable.isEmpty();
      for (List<MeterCount> group : Windows.byWindow(closed)) {
        MeterCount first = group.get(0);
        if (unreadable.containsKey(Windows.of(first))) {
          continue; // closed without its unreadable count, it would be billed too little
        }
        Instant end = ended.of(first);
        if (end != null && !first.windowStart().isBefore(end)) {
          group.forEach(x -> LateCounts.dropAfterEnd(x, end, drops));
          done.add(first);
          continue;
        }
        boolean cut = end != null && end.isBefore(first.windowEnd()); // end() closed it too
        try {
          built.add(Map.entry(toRecord.apply(cut ? group.stream().map(x -> x.withWindowEnd(end))
              .toList() : group), group));
        } catch (RuntimeException e) {
          // this window only: it stays open for a caller that can build it, the others close
          leftOpen = true;
          continue;
        }
        done.add(first);
      }
      // a record whose key IBM may have seen (the end's record of a window an older version
      // counted into after the end, most of all) gets a late key; a window whose record cannot
      // be added into the unsent one of its key (a sum past the largest double) stays open
      Set<List<Object>> unsummed = new HashSet<>();
      int stored = late.storeEach(c, built, append, drops, unsummed);
      if (!unsummed.isEmpty()) {
        leftOpen = true;
        done.removeIf(x -> unsummed.contains(Windows.of(x)));
      }
      deleteClosed(c, through, done, !leftOpen);
      try (PreparedStatement ps = db.prepare(c, sql.raiseWatermark)) {
        ps.setObject(1, Rows.time(through));
        ps.executeUpdate();
      }
      // the records stored before the prune, which could forget the delivered key of a window
      // closing now; under the exclusive watermark lock: no merge checks an end meanwhile
      pruned.set(prune.pruneIfDue(c));
      return stored;
    });
    held.seen(anyHeld.get());
    if (pruned.get()) {
      prune.pruned(); // committed; a close rolled back leaves the turn to be taken again soon
    }
    late.committed(drops);
    return appended;
  }

  /** Deletes the counts of the windows closed (no merge can add any: the watermark is held). */
  private void deleteClosed(Connection c, Instant cutoff, List<MeterCount> done, boolean all)
      throws SQLException {
    if (all) {
      try (PreparedStatement ps = db.prepare(c, sql.deleteClosed)) {
        ps.setObject(1, Rows.time(cutoff));
        ps.executeUpdate();
      }
      return;
    }
    if (done.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = db.prepare(c, sql.deleteWindow)) {
      for (MeterCount w : done) {
        ps.setString(1, w.resourceInstanceId());
        ps.setString(2, w.planId());
        ps.setObject(3, Rows.time(w.windowStart()));
        ps.setObject(4, Rows.time(w.windowEnd()));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /**
   * Logs each window whose stored counts cannot be read once, not at every close (every
   * second): only the windows not already left open by the previous close are logged.
   */
  private void logUnreadable(Map<List<Object>, String> unreadable) {
    unreadableLogged.round(unreadable.keySet(), w -> LOG.warn("usage window left open, never"
        + " billed until its count is fixed or deleted in osb_usage_count: instance={} plan={}"
        + " window={}..{} count {}", UsageRows.printable((String) w.get(0)),
        UsageRows.printable((String) w.get(1)), w.get(2), w.get(3),
        UsageRows.printable(unreadable.get(w))));
  }


  /** Reads the closed-through watermark, locking its row as {@code statement} says. */
  static Instant watermark(Database db, Connection c, String statement) throws SQLException {
    try (PreparedStatement ps = db.prepare(c, statement); ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new IllegalStateException("osb_usage_watermark has no row; apply the migrations");
      }
      return UsageRows.instant(rs, 1);
    }
  }

  /**
   * Reads the counts of the windows still open: see {@link UsageOutbox#openCounts}.
   *
   * @return the counts
   */
  List<MeterCount> open() {
    return db.single("read usage counts", c -> {
      List<MeterCount> out = new ArrayList<>();
      try (PreparedStatement ps = db.prepare(c, sql.openCounts);
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(UsageRows.count(rs, 1));
        }
      }
      return out;
    });
  }
}
