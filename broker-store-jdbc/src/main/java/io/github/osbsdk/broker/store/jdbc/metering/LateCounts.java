package io.github.osbsdk.broker.store.jdbc.metering;

import io.github.osbsdk.broker.metering.MeterCount;
import io.github.osbsdk.broker.metering.UsageRecord;
import io.github.osbsdk.broker.store.jdbc.internal.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts that arrive for a window after the instance's metering ended there: merged into the
 * end's record while IBM has not seen it, else dropped with a warning (never billed twice).
 */
final class LateCounts {
  /** The outbox's logger, as for {@link UsageWindows}: log configuration keeps working. */
  private static final Logger LOG = LoggerFactory.getLogger(PostgresUsageOutbox.class);

  private LateCounts() {}

  /**
   * Puts late counts of the window an instance's end cut (an older version merged them after
   * {@link #end}) into the record with their record's key, which {@link #end} made: inserted,
   * that one would be kept and these lost without a word. Merged while it was never offered to
   * IBM; else dropped with a warning, as IBM may have it (more counts would be answered 409).
   *
   * @return false when no record has the key (the late record is appended)
   */
  static boolean intoEndRecord(Database db, UsageSql sql, Connection c, UsageRecord late,
      List<MeterCount> counts, Instant end) throws SQLException {
    UsageRecord stored;
    try (PreparedStatement ps = db.prepare(c, sql.lockRecord)) {
      ps.setString(1, late.key());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return false;
        }
        if (!rs.getBoolean(10)) { // sent at least once, being sent, rejected or set aside
          counts.forEach(x -> logDropped(x, end));
          return true;
        }
        stored = UsageRows.record(rs, 1);
      }
    }
    Map<String, Double> merged = new LinkedHashMap<>();
    stored.measuredUsage().forEach(m -> merged.put(m.measure(), m.quantity()));
    counts.forEach(x -> merged.merge(x.measure(), x.value(), x.aggregation()::combine));
    try (PreparedStatement ps = db.prepare(c, sql.mergeRecord)) {
      ps.setArray(1, c.createArrayOf("text", merged.keySet().toArray()));
      ps.setArray(2, c.createArrayOf("float8", merged.values().toArray()));
      ps.setString(3, late.key());
      ps.executeUpdate();
    }
    return true;
  }

  /** Logs a dropped count as broker-metering's meter does a count refused after the end. */
  static void logDropped(MeterCount c, Instant ended) {
    LOG.warn("usage counted after the metering of its instance ended is dropped, not billed:"
        + " instance={} plan={} measure={} value={} window={}..{} ended={}",
        UsageRows.printable(c.resourceInstanceId()), UsageRows.printable(c.planId()),
        UsageRows.printable(c.measure()), c.value(), c.windowStart(), c.windowEnd(), ended);
  }
}
