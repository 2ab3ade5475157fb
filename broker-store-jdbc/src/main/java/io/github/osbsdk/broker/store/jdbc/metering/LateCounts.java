package io.github.osbsdk.broker.store.jdbc.metering;

import io.github.osbsdk.broker.metering.InvalidUsageRecordException;
import io.github.osbsdk.broker.metering.Measure;
import io.github.osbsdk.broker.metering.MeterCount;
import io.github.osbsdk.broker.metering.UsageRecord;
import io.github.osbsdk.broker.metering.internal.LateRecords;
import io.github.osbsdk.broker.store.jdbc.internal.Database;
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
 * The records a close built whose key is taken (see {@code UsageOutbox.closeWindows}): merged
 * into the record under the key while IBM has not seen it, else stored under the first free
 * late key ({@link LateRecords}); the delivered keys are in {@code osb_usage_delivered}. Also
 * counts the late counts a close drops.
 */
final class LateCounts {
  /** The outbox's logger, as for {@link UsageWindows}: log configuration keeps working. */
  private static final Logger LOG = LoggerFactory.getLogger(PostgresUsageOutbox.class);
  private final Database db;
  private final UsageSql sql;
  private final AtomicLong dropped = new AtomicLong();

  LateCounts(Database db, UsageSql sql) {
    this.db = db;
    this.sql = sql;
  }

  /**
   * Returns the records of a close to append: those whose key is free as they are, the others
   * merged (left out) or under a late key; dropped when no late key is free.
   *
   * @param c the close's connection, in its transaction (the watermark held exclusively)
   * @param built each window's record with the counts it was built from, in order
   * @return the records to append
   * @throws SQLException on failure
   */
  List<UsageRecord> toAppend(Connection c, List<Map.Entry<UsageRecord, List<MeterCount>>> built)
      throws SQLException {
    if (built.isEmpty()) {
      return List.of();
    }
    String[] keys = built.stream().map(e -> e.getKey().key()).toArray(String[]::new);
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
    List<UsageRecord> out = new ArrayList<>();
    for (Map.Entry<UsageRecord, List<MeterCount>> e : built) {
      UsageRecord r = taken.contains(e.getKey().key()) ? placed(c, e.getKey(), e.getValue())
          : e.getKey();
      if (r != null) {
        out.add(r);
      }
    }
    return out;
  }

  /** The record under its first free late key, or null when merged or dropped. */
  private UsageRecord placed(Connection c, UsageRecord r, List<MeterCount> counts)
      throws SQLException {
    for (int n = 0; n <= LateRecords.MAX_LATE; n++) {
      UsageRecord candidate;
      try {
        candidate = n == 0 ? r : LateRecords.nth(r, n);
      } catch (InvalidUsageRecordException e) {
        drop(r, counts, "its late key would be too long");
        return null;
      }
      Boolean unseen = lockStored(c, candidate, counts);
      if (Boolean.TRUE.equals(unseen)) {
        return null; // merged into it
      }
      if (unseen == null && !wasDelivered(c, candidate.key())) {
        return candidate;
      }
    }
    drop(r, counts, LateRecords.MAX_LATE + " late keys taken");
    return null;
  }

  /**
   * Locks the record stored under a candidate's key and merges the candidate into it while IBM
   * has not seen it.
   *
   * @return null when no record has the key, true when merged, false when IBM may have it
   */
  private Boolean lockStored(Connection c, UsageRecord candidate, List<MeterCount> counts)
      throws SQLException {
    UsageRecord stored;
    try (PreparedStatement ps = db.prepare(c, sql.lockRecord)) {
      ps.setString(1, candidate.key());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        if (!rs.getBoolean(10)) { // sent at least once, being sent, rejected or set aside
          return false;
        }
        stored = UsageRows.record(rs, 1);
      }
    }
    List<Measure> merged = LateRecords.merged(stored, candidate, counts).measuredUsage();
    try (PreparedStatement ps = db.prepare(c, sql.mergeRecord)) {
      ps.setArray(1, c.createArrayOf("text", merged.stream().map(Measure::measure).toArray()));
      ps.setArray(2, c.createArrayOf("float8",
          merged.stream().map(Measure::quantity).toArray()));
      ps.setString(3, candidate.key());
      ps.executeUpdate();
    }
    return true;
  }

  private boolean wasDelivered(Connection c, String key) throws SQLException {
    try (PreparedStatement ps = db.prepare(c, sql.wasDelivered)) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private void drop(UsageRecord r, List<MeterCount> counts, String why) {
    dropped.addAndGet(counts.size());
    LateRecords.logDropped(r, why);
  }

  /** Logs and counts a count dropped as broker-metering's meter does a count after the end. */
  void dropAfterEnd(MeterCount c, Instant ended) {
    dropped.incrementAndGet();
    LOG.warn("usage counted after the metering of its instance ended is dropped, not billed:"
        + " instance={} plan={} measure={} value={} window={}..{} ended={}",
        UsageRows.printable(c.resourceInstanceId()), UsageRows.printable(c.planId()),
        UsageRows.printable(c.measure()), c.value(), c.windowStart(), c.windowEnd(), ended);
  }

  /** How many counts this outbox's closes dropped as late. */
  long dropped() {
    return dropped.get();
  }
}
