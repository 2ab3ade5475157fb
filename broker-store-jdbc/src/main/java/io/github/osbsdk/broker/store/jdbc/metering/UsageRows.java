package io.github.osbsdk.broker.store.jdbc.metering;

import io.github.osbsdk.broker.metering.Aggregation;
import io.github.osbsdk.broker.metering.InvalidUsageRecordException;
import io.github.osbsdk.broker.metering.Measure;
import io.github.osbsdk.broker.metering.MeterCount;
import io.github.osbsdk.broker.metering.UsageRecord;
import io.github.osbsdk.broker.metering.internal.RecordKeys;
import io.github.osbsdk.broker.store.jdbc.internal.Database;
import io.github.osbsdk.broker.store.jdbc.internal.Rows;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** Binding and reading usage records and counts. */
final class UsageRows {
  /** The record columns, in {@link #bindRecord} order. */
  static final String RECORD_COLUMNS = "key, resource_instance_id, plan_id, region, start_at,"
      + " end_at, consumer_id, measures, quantities";
  /** Their placeholders. */
  static final String RECORD_VALUES = "?, ?, ?, ?, ?::timestamptz, ?::timestamptz, ?, ?, ?";
  /** The count columns, in {@link #bindCount} order. */
  static final String COUNT_COLUMNS = "resource_instance_id, plan_id, measure, aggregation,"
      + " window_start, window_end, value, first_at";

  private UsageRows() {}

  static int bindRecord(Connection c, PreparedStatement ps, int first, UsageRecord r)
      throws SQLException {
    int n = first;
    ps.setString(n++, r.key());
    ps.setString(n++, r.resourceInstanceId());
    ps.setString(n++, r.planId());
    ps.setString(n++, r.region());
    ps.setObject(n++, Rows.time(r.start()));
    ps.setObject(n++, Rows.time(r.end()));
    ps.setString(n++, r.consumerId());
    List<Measure> measures = r.measuredUsage();
    String[] names = new String[measures.size()];
    Double[] quantities = new Double[measures.size()];
    for (int i = 0; i < names.length; i++) {
      names[i] = measures.get(i).measure();
      quantities[i] = measures.get(i).quantity();
    }
    ps.setArray(n++, c.createArrayOf("text", names));
    ps.setArray(n++, c.createArrayOf("float8", quantities));
    return n;
  }

  static UsageRecord record(ResultSet rs, int first) throws SQLException {
    int n = first + 1; // the key is derived
    String instance = rs.getString(n++);
    String plan = rs.getString(n++);
    String region = rs.getString(n++);
    Instant start = instant(rs, n++);
    Instant end = instant(rs, n++);
    String consumer = rs.getString(n++);
    Object[] names = array(rs.getArray(n++));
    Object[] quantities = array(rs.getArray(n));
    List<Measure> measures = new ArrayList<>(names.length);
    for (int i = 0; i < names.length; i++) {
      measures.add(new Measure((String) names[i], ((Number) quantities[i]).doubleValue()));
    }
    return new UsageRecord(instance, plan, region, start, end, measures, consumer);
  }

  /** A record row read: the record, or why it can no longer be read as a valid one. */
  record Read(UsageRecord record, String problem) {}

  /**
   * Reads the record row at {@code first}, checking it as {@link UsageRecord} does and that
   * its stored key is its key ({@link UsageRecord#hasKey}): a row edited by hand, or written
   * before a check existed, gives a problem instead of throwing.
   */
  static Read checked(ResultSet rs, int first) throws SQLException {
    UsageRecord r;
    try {
      r = record(rs, first);
    } catch (InvalidUsageRecordException e) {
      return new Read(null, e.getMessage());
    } catch (RuntimeException e) { // e.g. a null measure name or quantity in the arrays
      return new Read(null, "unreadable row: " + e);
    }
    String key = rs.getString(first);
    return r.hasKey(key) ? new Read(r, null) : new Read(null,
        "the stored key is not the record's key " + r.key() + " (edited by hand?)");
  }

  private static Object[] array(Array a) throws SQLException {
    try {
      return (Object[]) a.getArray();
    } finally {
      a.free();
    }
  }

  static int bindCount(PreparedStatement ps, int first, MeterCount count) throws SQLException {
    int n = first;
    ps.setString(n++, count.resourceInstanceId());
    ps.setString(n++, count.planId());
    ps.setString(n++, count.measure());
    ps.setString(n++, count.aggregation().name());
    ps.setObject(n++, Rows.time(count.windowStart()));
    ps.setObject(n++, Rows.time(count.windowEnd()));
    ps.setDouble(n++, count.value());
    if (count.firstAt() == null) {
      ps.setNull(n++, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      ps.setObject(n++, Rows.time(count.firstAt()));
    }
    return n;
  }

  static MeterCount count(ResultSet rs, int first) throws SQLException {
    int n = first;
    return new MeterCount(rs.getString(n++), rs.getString(n++), rs.getString(n++),
        Aggregation.valueOf(rs.getString(n++)), instant(rs, n++), instant(rs, n++),
        rs.getDouble(n++), instant(rs, n));
  }

  static Instant instant(ResultSet rs, int col) throws SQLException {
    OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  /**
   * Text from a row, fit for a log line: at most 500 characters, control characters as
   * {@code ?}.
   *
   * @param text the text
   * @return the text to log
   */
  static String printable(String text) {
    String cut = text.length() > 500 ? text.substring(0, 500) + "..." : text;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }

  /**
   * Stores records in one batch, skipping those whose key is taken: see
   * {@link PostgresUsageOutbox#append}.
   *
   * @param db the database
   * @param sql the statements
   * @param records the records, not empty
   * @return how many were stored
   */
  static int append(Database db, UsageSql sql, List<UsageRecord> records) {
    return db.single("append usage", c -> {
      int stored = 0;
      for (boolean inserted : insert(db, sql, c, records)) {
        stored += inserted ? 1 : 0;
      }
      return stored;
    });
  }

  /**
   * Inserts records, each unless a record is stored under its key (either form) already.
   *
   * @param db the database
   * @param sql the statements
   * @param c the connection
   * @param records the records
   * @return for each record, whether it was inserted
   * @throws SQLException on failure
   */
  static boolean[] insert(Database db, UsageSql sql, Connection c, List<UsageRecord> records)
      throws SQLException {
    try (PreparedStatement ps = db.prepare(c, sql.append)) {
      for (UsageRecord r : records) {
        int n = UsageRows.bindRecord(c, ps, 1, r);
        ps.setArray(n, c.createArrayOf("text", RecordKeys.stored(r).toArray()));
        ps.addBatch();
      }
      int[] counts = ps.executeBatch();
      boolean[] inserted = new boolean[counts.length];
      for (int i = 0; i < counts.length; i++) {
        // 0: skipped, its key taken. The driver rewrites no INSERT ... SELECT into one
        // statement, so a count is never SUCCESS_NO_INFO; taken as inserted if it were, as
        // placing it again would add its counts into itself
        inserted[i] = counts[i] != 0;
      }
      return inserted;
    }
  }
}
