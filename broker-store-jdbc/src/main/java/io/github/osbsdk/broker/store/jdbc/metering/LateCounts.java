package io.github.osbsdk.broker.store.jdbc.metering;

import io.github.osbsdk.broker.metering.InvalidUsageRecordException;
import io.github.osbsdk.broker.metering.Measure;
import io.github.osbsdk.broker.metering.MeterCount;
import io.github.osbsdk.broker.metering.UsageRecord;
import io.github.osbsdk.broker.metering.internal.LateRecords;
import io.github.osbsdk.broker.metering.internal.RecordKeys;
import io.github.osbsdk.broker.metering.internal.WarnedWhileSo;
import io.github.osbsdk.broker.metering.internal.Windows;
import io.github.osbsdk.broker.store.jdbc.internal.Database;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The records a close or an end built whose key is taken (see
 * {@code UsageOutbox.closeWindows}): merged into the record under the key while IBM has not seen
 * it, else stored under the first free late key ({@link LateRecords}); the delivered keys are
 * in {@code osb_usage_delivered}. A key is taken under either form a record may be stored in
 * (its key, or the one earlier versions gave it, {@link RecordKeys#stored}). Also counts the
 * late counts a close drops, once its transaction committed ({@link Drops}): a close rolled back
 * dropped nothing, and the next one drops the same counts.
 */
final class LateCounts {
  /** The outbox's logger, as for {@link UsageWindows}: log configuration keeps working. */
  private static final Logger LOG = LoggerFactory.getLogger(PostgresUsageOutbox.class);
  private final Database db;
  private final UsageSql sql;
  private final AtomicLong dropped = new AtomicLong();
  /** The windows the last close left open for their sum (logged once each). */
  private final WarnedWhileSo<List<Object>> unsummable = new WarnedWhileSo<>();

  LateCounts(Database db, UsageSql sql) {
    this.db = db;
    this.sql = sql;
  }

  /**
   * The counts one close drops, with their WARN lines: counted and logged by
   * {@link #committed} once the close's transaction committed, forgotten when it rolls back.
   */
  static final class Drops {
    private final List<Runnable> warnings = new ArrayList<>();
    private long counts;

    private void add(int n, Runnable warning) {
      counts += n;
      warnings.add(warning);
    }

    /** Adds the drops of a part of a transaction that was kept (its savepoint released). */
    void addAll(Drops other) {
      counts += other.counts;
      warnings.addAll(other.warnings);
    }
  }

  /**
   * Counts and logs the drops of a close whose transaction committed.
   *
   * @param drops the close's drops
   */
  void committed(Drops drops) {
    dropped.addAndGet(drops.counts);
    drops.warnings.forEach(Runnable::run);
  }

  /**
   * Stores the records of a close or an end: those whose key is free as they are, the others
   * merged into the record under the key or stored under a late key (see {@link #placed});
   * dropped when no late key is free. A record whose insert stored nothing (another replica, an
   * earlier version's report most of all, stored a record of its window after the check, or
   * while the insert waited on its insert: the insert then skips) is placed again the same way,
   * so its counts are never lost.
   *
   * @param c the close's connection, in its transaction (the watermark held exclusively)
   * @param built each window's record with the counts it was built from, in order
   * @param inserter inserts records, each unless its key is taken
   * @param drops collects the counts dropped
   * @return how many records were inserted
   * @throws SQLException on failure
   */
  int store(Connection c, List<Map.Entry<UsageRecord, List<MeterCount>>> built,
      UsageWindows.RecordAppender inserter, Drops drops) throws SQLException {
    int stored = 0;
    List<Map.Entry<UsageRecord, List<MeterCount>>> left = built;
    // each round that skips a record sees the row that took its key (committed meanwhile): a
    // record skipped at every round is a safety net's case, not one a rollout makes
    for (int round = 0; !left.isEmpty(); round++) {
      if (round > LateRecords.MAX_LATE) {
        for (Map.Entry<UsageRecord, List<MeterCount>> e : left) {
          drop(e.getKey(), e.getValue(), "its key was taken meanwhile at every try", drops);
        }
        break;
      }
      List<Placement> placed = toAppend(c, left, drops);
      boolean[] inserted = placed.isEmpty() ? new boolean[0]
          : inserter.insert(c, placed.stream().map(Placement::record).toList());
      left = new ArrayList<>();
      for (int i = 0; i < inserted.length; i++) {
        if (inserted[i]) {
          stored++;
        } else {
          left.add(placed.get(i).window()); // the window's own record, placed again
        }
      }
    }
    return stored;
  }

  /**
   * Stores the records of a close as {@link #store} does, but a window whose record cannot be
   * added into the unsent record under its key (their sum passes the largest double) is rolled
   * back alone, under a savepoint, and named in {@code left}: its counts stay open, logged once
   * while they do; once that record was sent, they go under a late key. The others are stored.
   *
   * @param c the close's connection, in its transaction (the watermark held exclusively)
   * @param built each window's record with the counts it was built from, in order
   * @param inserter inserts records, each unless its key is taken
   * @param drops collects the counts dropped
   * @param left collects the windows not stored ({@link Windows#of})
   * @return how many records were inserted
   * @throws SQLException on failure
   */
  int storeEach(Connection c, List<Map.Entry<UsageRecord, List<MeterCount>>> built,
      UsageWindows.RecordAppender inserter, Drops drops, Set<List<Object>> left)
      throws SQLException {
    int[] inserted = new int[1];
    // most ticks close nothing: no savepoint then
    for (Map.Entry<UsageRecord, List<MeterCount>> window : OverflowSavepoints.allElseEach(c,
        built, part -> {
          Drops mine = new Drops();
          int n = store(c, part, inserter, mine);
          return () -> {
            drops.addAll(mine);
            inserted[0] += n;
          };
        })) {
      left.add(Windows.of(window.getValue().get(0)));
    }
    unsummable.round(left, w -> LOG.warn("usage window left open, its sum with the unsent record"
        + " of its key passes the largest double; the other windows close, this one once that"
        + " record was sent (under a late key): instance={} plan={} window={}..{}",
        UsageRows.printable((String) w.get(0)), UsageRows.printable((String) w.get(1)),
        w.get(2), w.get(3)));
    return inserted[0];
  }

  /** A record to insert, and the window's record and counts it was made of. */
  private record Placement(UsageRecord record, Map.Entry<UsageRecord, List<MeterCount>> window) {}

  /**
   * Returns the records of a close to insert, each with the window it was made of: those whose
   * key is free as they are, the others merged (left out) or under a late key; dropped when no
   * late key is free.
   */
  private List<Placement> toAppend(Connection c,
      List<Map.Entry<UsageRecord, List<MeterCount>>> built, Drops drops) throws SQLException {
    // each record under every key it may be stored under: an earlier version's key too
    String[] keys = built.stream().flatMap(e -> RecordKeys.stored(e.getKey()).stream())
        .toArray(String[]::new);
    Set<String> taken = new HashSet<>();
    try (PreparedStatement ps = db.prepare(c, sql.taken)) {
      ps.setArray(1, c.createArrayOf("text", keys));
      ps.setArray(2, c.createArrayOf("text", keys));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          taken.add(rs.getString(1));
        }
      }
    }
    List<Placement> out = new ArrayList<>();
    for (Map.Entry<UsageRecord, List<MeterCount>> e : built) {
      UsageRecord r = RecordKeys.stored(e.getKey()).stream().anyMatch(taken::contains)
          ? placed(c, e.getKey(), e.getValue(), drops) : e.getKey();
      if (r != null) {
        out.add(new Placement(r, e));
      }
    }
    return out;
  }

  /** The record under its first free late key, or null when merged or dropped. */
  private UsageRecord placed(Connection c, UsageRecord r, List<MeterCount> counts, Drops drops)
      throws SQLException {
    for (int n = 0; n <= LateRecords.MAX_LATE; n++) {
      UsageRecord candidate;
      try {
        candidate = n == 0 ? r : LateRecords.nth(r, n);
      } catch (InvalidUsageRecordException e) {
        drop(r, counts, "its late key would be too long", drops);
        return null;
      }
      Boolean unseen = lockStored(c, candidate, counts);
      if (Boolean.TRUE.equals(unseen)) {
        return null; // merged into it
      }
      if (unseen == null && !wasDelivered(c, candidate)) {
        return candidate;
      }
    }
    drop(r, counts, LateRecords.MAX_LATE + " late keys taken", drops);
    return null;
  }

  /**
   * Locks the records stored under a candidate's keys (current or earlier, see
   * {@link RecordKeys#stored}) and merges the candidate into the first while IBM has seen none.
   *
   * @return null when no record has the keys, true when merged, false when IBM may have one
   */
  private Boolean lockStored(Connection c, UsageRecord candidate, List<MeterCount> counts)
      throws SQLException {
    UsageRecord stored = null;
    String storedKey = null;
    try (PreparedStatement ps = db.prepare(c, sql.lockRecord)) {
      ps.setArray(1, keys(c, candidate));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (!rs.getBoolean(10)) { // sent at least once, being sent, rejected or set aside
            return false;
          }
          if (stored == null) {
            storedKey = rs.getString(1);
            stored = UsageRows.record(rs, 1);
          }
        }
      }
    }
    if (stored == null) {
      return null;
    }
    List<Measure> merged = LateRecords.merged(stored, candidate, counts).measuredUsage();
    try (PreparedStatement ps = db.prepare(c, sql.mergeRecord)) {
      ps.setArray(1, c.createArrayOf("text", merged.stream().map(Measure::measure).toArray()));
      ps.setArray(2, c.createArrayOf("float8",
          merged.stream().map(Measure::quantity).toArray()));
      ps.setString(3, storedKey);
      ps.executeUpdate();
    }
    return true;
  }

  private boolean wasDelivered(Connection c, UsageRecord candidate) throws SQLException {
    try (PreparedStatement ps = db.prepare(c, sql.wasDelivered)) {
      ps.setArray(1, keys(c, candidate));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** The keys a record may be stored or remembered under, as an SQL array. */
  private static Array keys(Connection c, UsageRecord r) throws SQLException {
    return c.createArrayOf("text", RecordKeys.stored(r).toArray());
  }

  private static void drop(UsageRecord r, List<MeterCount> counts, String why, Drops drops) {
    drops.add(counts.size(), () -> LateRecords.logDropped(r, why));
  }

  /**
   * Drops a count as broker-metering's meter does a count after the end: counted and logged
   * once the close commits.
   */
  static void dropAfterEnd(MeterCount c, Instant ended, Drops drops) {
    drops.add(1, () -> LOG.warn("usage counted after the metering of its instance ended is"
        + " dropped, not billed: instance={} plan={} measure={} value={} window={}..{} ended={}",
        UsageRows.printable(c.resourceInstanceId()), UsageRows.printable(c.planId()),
        UsageRows.printable(c.measure()), c.value(), c.windowStart(), c.windowEnd(), ended));
  }

  /** How many windows the last close left open for their sum ({@link #storeEach}). */
  int unsummable() {
    return unsummable.size();
  }

  /** How many counts this outbox's closes dropped as late. */
  long dropped() {
    return dropped.get();
  }
}
