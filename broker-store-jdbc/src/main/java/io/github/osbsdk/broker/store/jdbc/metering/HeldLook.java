package io.github.osbsdk.broker.store.jdbc.metering;

import io.github.osbsdk.broker.metering.MeterCount;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link HeldUsage} reads of the held counts: a look without a lock that tells whether a
 * release would change anything (so that a window that stays held, its record unbuildable or
 * its sum past the largest double, costs one read a tick, not a transaction holding the
 * watermark exclusively), and the rows that can be read (a value edited to NaN or infinity
 * stays held, logged once, counted among the outbox's invalid rows).
 */
final class HeldLook {
  /** The outbox's logger, as for the open windows: log configuration keeps working. */
  private static final Logger LOG = LoggerFactory.getLogger(PostgresUsageOutbox.class);

  private HeldLook() {}

  /**
   * Tells whether a release has work: a held count of an open window, a closed window whose
   * record {@code toRecord} builds (it is not among {@code stuck}), or a held count whose
   * instance's metering ended (dropped). One read without a lock, two when only windows that
   * stay held are found (the ends of their instances). A window left out is built here as the
   * release would, so the caller still learns which windows it cannot build.
   *
   * @param db the database
   * @param sql the statements
   * @param toRecord builds the record of a closed window
   * @param stuck windows the last release could not store: left out while their rows are as
   *     they were
   * @param logged the windows with unreadable rows logged so far
   * @return true when a release would change something
   */
  static boolean worthATransaction(Database db, UsageSql sql,
      Function<List<MeterCount>, UsageRecord> toRecord, WarnedWhileSo<List<MeterCount>> stuck,
      WarnedWhileSo<List<Object>> logged) {
    return db.single("look at held usage counts", c -> {
      Map<List<Object>, String> unreadable = new LinkedHashMap<>();
      Instant closedThrough = null;
      List<MeterCount> held = new ArrayList<>();
      try (PreparedStatement ps = db.prepare(c, sql.lookHeld);
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          closedThrough = UsageRows.instant(rs, 1);
          if (rs.getString(2) != null) { // null: nothing held
            readRow(rs, 2, held, unreadable);
          }
        }
      }
      logUnreadable(unreadable, logged); // unreadable: stays held until fixed
      List<MeterCount> staying = new ArrayList<>();
      for (List<MeterCount> group : Windows.byWindow(held)) {
        if (stuck.contains(group)) {
          staying.addAll(group);
          continue;
        }
        if (closedThrough == null || group.get(0).windowEnd().isAfter(closedThrough)) {
          return true; // merged into its open window
        }
        try {
          toRecord.apply(group);
          return true;
        } catch (RuntimeException e) { // stays held unless its instance's metering ended
          staying.addAll(group);
        }
      }
      MeteringEnds ended = MeteringEnds.of(db, sql, c, staying);
      return staying.stream().anyMatch(x -> ended.of(x) != null);
    });
  }

  /**
   * Reads the held rows that can be read; each window with a row that cannot be (a value
   * edited to NaN or infinity) is logged once while it stays so.
   *
   * @param db the database
   * @param c a connection
   * @param query the query of the held rows
   * @param logged the windows with unreadable rows logged so far, or null to log none
   * @return the readable counts
   * @throws SQLException on failure
   */
  static List<MeterCount> readable(Database db, Connection c, String query,
      WarnedWhileSo<List<Object>> logged) throws SQLException {
    List<MeterCount> out = new ArrayList<>();
    Map<List<Object>, String> unreadable = new LinkedHashMap<>();
    try (PreparedStatement ps = db.prepare(c, query); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        readRow(rs, 1, out, unreadable);
      }
    }
    if (logged != null) {
      logUnreadable(unreadable, logged);
    }
    return out;
  }

  /** Reads a held row from column {@code first} into {@code out}, or notes it unreadable. */
  private static void readRow(ResultSet rs, int first, List<MeterCount> out,
      Map<List<Object>, String> unreadable) throws SQLException {
    try {
      out.add(UsageRows.count(rs, first));
    } catch (RuntimeException e) { // a value edited to NaN or infinity
      unreadable.putIfAbsent(Windows.of(rs.getString(first), rs.getString(first + 1),
          UsageRows.instant(rs, first + 4), UsageRows.instant(rs, first + 5)),
          rs.getString(first + 2) + ": " + e.getMessage());
    }
  }

  /** Logs each window with unreadable rows once, not at every tick while it stays so. */
  private static void logUnreadable(Map<List<Object>, String> unreadable,
      WarnedWhileSo<List<Object>> logged) {
    logged.round(unreadable.keySet(), w -> LOG.warn("held usage left held, never billed until"
        + " its count is fixed or deleted in osb_usage_held_count: instance={} plan={}"
        + " window={}..{} count {}", UsageRows.printable((String) w.get(0)),
        UsageRows.printable((String) w.get(1)), w.get(2), w.get(3),
        UsageRows.printable(unreadable.get(w))));
  }

  /**
   * Logs a held window that cannot be stored (once while it stays so: see {@link HeldUsage}).
   *
   * @param group the window's counts
   * @param why the failure's message
   */
  static void logNotStored(List<MeterCount> group, String why) {
    MeterCount c = group.get(0);
    LOG.warn("held usage left held, its sum cannot be stored (past the largest double?), the"
        + " other held counts are released: instance={} plan={} window={}..{}: {}",
        UsageRows.printable(c.resourceInstanceId()), UsageRows.printable(c.planId()),
        c.windowStart(), c.windowEnd(), UsageRows.printable(why));
  }
}
