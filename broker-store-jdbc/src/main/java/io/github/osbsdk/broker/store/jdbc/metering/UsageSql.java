package io.github.osbsdk.broker.store.jdbc.metering;

import io.github.osbsdk.broker.store.jdbc.internal.Rows;
import io.github.osbsdk.broker.store.jdbc.internal.Tables;

/** The statement texts of {@link PostgresUsageOutbox}, built once per schema. */
final class UsageSql {
  final String append;
  final String claim;
  final String delivered;
  final String rejectOne;
  final String release;
  final String holdBack;
  final String leave;
  final String rejected;
  final String discard;
  final String rejectedCount;
  final String depth;
  final String setAside;
  final String invalid;
  final String shareWatermark;
  final String lockWatermark;
  final String merge;
  final String readClosed;
  final String deleteClosed;
  final String deleteWindow;
  final String raiseWatermark;
  final String openCounts;
  final String endedAmong;
  final String endedAt;
  final String recordEnd;
  final String endedAtPlan;
  final String recordPlanEnd;
  final String liftPlanEnd;
  final String readInstancePlan;
  final String deleteInstancePlan;
  final String prunePlanEnds;
  final String readInstance;
  final String deleteInstance;
  final String pruneEnds;
  final String lockRecord;
  final String mergeRecord;
  final String taken;
  final String wasDelivered;
  final String pruneDelivered;
  final String holdCount;
  final String lookHeld;
  final String lockWatermarkSeeingHeld;
  final String readHeld;
  final String deleteHeld;
  final String heldOfInstance;
  final String heldOfPlan;
  final String heldCounts;

  /** The database's clock, which leases and next attempts follow. */
  static final String CLOCK = "clock_timestamp()";

  /** Adds counts to a table of counts, as open windows take them. */
  private static String mergeInto(String table) {
    return "INSERT INTO " + table + " AS x (" + UsageRows.COUNT_COLUMNS + ") VALUES (?, ?, ?, ?,"
        + " ?::timestamptz, ?::timestamptz, ?, ?::timestamptz) ON CONFLICT"
        + " (resource_instance_id, plan_id, measure, window_start, window_end) DO UPDATE SET"
        + " value = CASE WHEN x.aggregation = 'SUM' THEN x.value + EXCLUDED.value ELSE"
        + " GREATEST(x.value, EXCLUDED.value) END,"
        // the earliest known first count: LEAST skips a NULL (a count of an older version, time
        // unknown), which must not move the record's start back to the window's start
        + " first_at = LEAST(x.first_at, EXCLUDED.first_at)";
  }

  UsageSql(Tables t) {
    this(t, CLOCK);
  }

  /**
   * The statements with another clock for leases and next attempts (tests: a clock they set).
   *
   * @param t the tables
   * @param leaseClock the SQL expression of the time leases and next attempts are judged by
   */
  UsageSql(Tables t, String leaseClock) {
    String r = t.usageRecord();
    // present under any key it may be stored under (the current one, or the one earlier
    // versions gave it, which an upgraded database may hold): one record, stored once; and
    // when an earlier version inserts it under its key meanwhile, the unique index of V10 (one
    // pending record per key IBM deduplicates on) waits for that insert and skips this one
    append = "INSERT INTO " + r + " (" + UsageRows.RECORD_COLUMNS + ", state) SELECT "
        + UsageRows.RECORD_VALUES + ", 'PENDING' WHERE NOT EXISTS (SELECT 1 FROM " + r
        + " WHERE key = ANY (?)) ON CONFLICT DO NOTHING";
    // and ended on the database server's clock, the one every replica shares: a replica whose
    // clock runs ahead would send it early, and IBM refuses a record ending in the future
    // so are the next attempt and the lease, so that replicas agree on them whatever their
    // clocks: a replica ahead would take over leases early and ignore the others' backoff
    String due = " state = 'PENDING' AND (next_attempt IS NULL OR next_attempt <= " + leaseClock
        + ") AND (owner IS NULL OR lease_end <= " + leaseClock + ") AND end_at <= " + CLOCK
        // not by the sender that left it to the others until its wait ended (V11)
        + " AND (left_by IS NULL OR left_by <> ? OR left_until <= " + leaseClock + ")";
    // MATERIALIZED: the locking subquery runs once; re-run inside a join, it would skip the
    // rows this statement already updated and hand out more than the limit
    claim = "WITH picked AS MATERIALIZED (SELECT key FROM " + r + " WHERE" + due
        + " ORDER BY seq LIMIT ? FOR UPDATE SKIP LOCKED) UPDATE " + r + " x SET owner = ?,"
        // taken from a sender that stopped, maybe after sending it: IBM may have the key
        + " attempts = x.attempts + CASE WHEN x.owner IS NULL THEN 0 ELSE 1 END,"
        + " lease_end = " + leaseClock + " + ?::bigint * interval '1 millisecond' FROM picked"
        + " WHERE x.key = picked.key RETURNING " + Rows.qualified("x", UsageRows.RECORD_COLUMNS)
        + ", x.attempts, x.seq, " + leaseClock;
    String mine = " AND owner = ? AND state = 'PENDING'";
    String d = t.usageDelivered();
    // the keys are remembered in the same statement: a close reading the record table and then
    // this one never misses a key in between; each count is one record delivered
    delivered = "WITH gone AS (DELETE FROM " + r + " WHERE key = ANY (?)" + mine
        + " RETURNING key, resource_instance_id, end_at) INSERT INTO " + d
        + " (key, resource_instance_id, end_at) SELECT key, resource_instance_id, end_at"
        + " FROM gone ON CONFLICT (key) DO UPDATE SET end_at = EXCLUDED.end_at";
    // the record's columns, key included, stay as stored: only IBM's answer is written
    rejectOne = "UPDATE " + r + " SET state = 'REJECTED', owner = NULL, lease_end = NULL,"
        + " rejected_status = ?, rejected_code = ?, rejected_message = ?,"
        + " rejected_at = ?::timestamptz WHERE key = ?" + mine;
    // a sender that releases or holds a record back tried to send it (or found its end ahead of
    // its clock, before it looks at the plan): an earlier leave is over
    String notLeft = ", left_by = NULL, left_until = NULL";
    release = "UPDATE " + r + " SET owner = NULL, lease_end = NULL,"
        + " next_attempt = ?::timestamptz, attempts = attempts + 1" + notLeft
        + " WHERE key = ANY (?)" + mine;
    // not sent: no attempt, so a close may still add a window's late counts into it
    holdBack = "UPDATE " + r + " SET owner = NULL, lease_end = NULL,"
        + " next_attempt = ?::timestamptz" + notLeft + " WHERE key = ANY (?)" + mine;
    // not sent either; due for the other senders at the first time, for this one at the
    // second; but when another sender left it and its wait has not ended, neither meters the
    // plan: held for every sender until the second time, as a hold-back (no bouncing between
    // them at the first time). Right-hand sides read the row as it was (owner = this sender)
    String held = "(left_by IS NOT NULL AND left_by <> owner AND left_until > " + leaseClock
        + ")";
    leave = "UPDATE " + r + " SET owner = NULL, lease_end = NULL, next_attempt = CASE WHEN "
        + held + " THEN ?::timestamptz ELSE ?::timestamptz END, left_by = CASE WHEN " + held
        + " THEN NULL ELSE owner END, left_until = CASE WHEN " + held + " THEN NULL ELSE"
        + " ?::timestamptz END WHERE key = ANY (?)" + mine
        // left_by as updated: NULL when held for every sender
        + " RETURNING key, left_by IS NULL";
    rejected = "SELECT " + UsageRows.RECORD_COLUMNS + ", rejected_status, rejected_code,"
        + " rejected_message, rejected_at FROM " + r + " WHERE state = 'REJECTED'"
        + " ORDER BY rejected_at, seq LIMIT ?";
    discard = "DELETE FROM " + r + " WHERE key = ? AND state = 'REJECTED'";
    depth = "SELECT count(*) FROM " + r + " WHERE state = 'PENDING'";
    rejectedCount = "SELECT count(*) FROM " + r + " WHERE state = 'REJECTED'";
    setAside = "UPDATE " + r + " SET state = 'INVALID', owner = NULL, lease_end = NULL,"
        + " invalid_reason = ? WHERE key = ? AND state <> 'INVALID'";
    String w = t.usageWatermark();
    shareWatermark = "SELECT closed_through FROM " + w + " FOR SHARE";
    lockWatermark = "SELECT closed_through FROM " + w + " FOR UPDATE";
    String c = t.usageCount();
    // PostgreSQL's double precision takes NaN and infinities, which no count may be
    // counts held until their instance's end is known (V13), combined as open counts are
    String h = t.usageHeld();
    invalid = "SELECT (SELECT count(*) FROM " + r + " WHERE state = 'INVALID') + (SELECT"
        + " count(*) FROM " + c + " WHERE value IN ('NaN', 'Infinity', '-Infinity')) + (SELECT"
        + " count(*) FROM " + h + " WHERE value IN ('NaN', 'Infinity', '-Infinity'))";
    merge = mergeInto(c);
    holdCount = mergeInto(h);
    // the watermark and every held row, without a lock: whether a release has work
    lookHeld = "SELECT w.closed_through, " + Rows.qualified("h", UsageRows.COUNT_COLUMNS)
        + " FROM " + w + " w LEFT JOIN " + h + " h ON true";
    // a close's lock, which tells the next release whether any count is held
    lockWatermarkSeeingHeld = "SELECT closed_through, EXISTS (SELECT 1 FROM " + h + ") FROM "
        + w + " FOR UPDATE";
    readHeld = "SELECT " + UsageRows.COUNT_COLUMNS + " FROM " + h + " FOR UPDATE";
    // a row edited to a value no count may have stays, for someone to fix
    deleteHeld = "DELETE FROM " + h + " WHERE value NOT IN ('NaN', 'Infinity', '-Infinity')";
    heldOfInstance = "SELECT EXISTS (SELECT 1 FROM " + h + " WHERE resource_instance_id = ?)";
    heldOfPlan = "SELECT EXISTS (SELECT 1 FROM " + h + " WHERE resource_instance_id = ? AND"
        + " plan_id = ?)";
    heldCounts = "SELECT " + UsageRows.COUNT_COLUMNS + " FROM " + h;
    readClosed = "SELECT " + UsageRows.COUNT_COLUMNS + " FROM " + c
        + " WHERE window_end <= ?::timestamptz";
    deleteClosed = "DELETE FROM " + c + " WHERE window_end <= ?::timestamptz";
    deleteWindow = "DELETE FROM " + c + " WHERE resource_instance_id = ? AND plan_id = ?"
        + " AND window_start = ?::timestamptz AND window_end = ?::timestamptz";
    raiseWatermark = "UPDATE " + w + " SET closed_through = GREATEST(closed_through,"
        + " ?::timestamptz)";
    openCounts = "SELECT " + UsageRows.COUNT_COLUMNS + " FROM " + c;
    String e = t.usageEnd();
    String p = t.usagePlanEnd();
    // an end on every plan (plan NULL) and the ends on one plan (V12)
    endedAmong = "SELECT resource_instance_id, NULL::text, ended_at FROM " + e
        + " WHERE resource_instance_id = ANY (?) UNION ALL SELECT resource_instance_id, plan_id,"
        + " ended_at FROM " + p + " WHERE resource_instance_id = ANY (?)";
    endedAt = "SELECT ended_at FROM " + e + " WHERE resource_instance_id = ?";
    // the earlier of the instance's end and its end on the plan; NULL when neither
    endedAtPlan = "SELECT min(ended_at) FROM (SELECT ended_at FROM " + e + " WHERE"
        + " resource_instance_id = ? UNION ALL SELECT ended_at FROM " + p + " WHERE"
        + " resource_instance_id = ? AND plan_id = ?) x";
    recordEnd = "INSERT INTO " + e + " (resource_instance_id, ended_at) VALUES (?,"
        + " ?::timestamptz) ON CONFLICT (resource_instance_id) DO NOTHING";
    recordPlanEnd = "INSERT INTO " + p + " (resource_instance_id, plan_id, ended_at) VALUES (?,"
        + " ?, ?::timestamptz) ON CONFLICT (resource_instance_id, plan_id) DO NOTHING";
    // a plan change back to a plan the instance left earlier (UsageOutbox.changePlan)
    liftPlanEnd = "DELETE FROM " + p + " WHERE resource_instance_id = ? AND plan_id = ?";
    readInstancePlan = "SELECT " + UsageRows.COUNT_COLUMNS + " FROM " + c
        + " WHERE resource_instance_id = ? AND plan_id = ?";
    deleteInstancePlan = "DELETE FROM " + c + " WHERE resource_instance_id = ? AND plan_id = ?";
    readInstance = "SELECT " + UsageRows.COUNT_COLUMNS + " FROM " + c
        + " WHERE resource_instance_id = ?";
    deleteInstance = "DELETE FROM " + c + " WHERE resource_instance_id = ?";
    // ended over the retention ago, every window reported: no open count (the primary key leads
    // with the instance), no record waiting or set aside (an anti-join over the record table)
    pruneEnds = "DELETE FROM " + e + " x WHERE x.ended_at < " + CLOCK + " - ?::bigint"
        + " * interval '1 millisecond' AND NOT EXISTS (SELECT 1 FROM " + c + " n WHERE"
        + " n.resource_instance_id = x.resource_instance_id) AND NOT EXISTS (SELECT 1 FROM " + r
        + " u WHERE u.resource_instance_id = x.resource_instance_id AND u.state <> 'REJECTED')"
        + " AND NOT EXISTS (SELECT 1 FROM " + h + " k WHERE k.resource_instance_id ="
        + " x.resource_instance_id)";
    // as an instance's end, for the instance's usage on that plan
    prunePlanEnds = "DELETE FROM " + p + " x WHERE x.ended_at < " + CLOCK + " - ?::bigint"
        + " * interval '1 millisecond' AND NOT EXISTS (SELECT 1 FROM " + c + " n WHERE"
        + " n.resource_instance_id = x.resource_instance_id AND n.plan_id = x.plan_id) AND NOT"
        + " EXISTS (SELECT 1 FROM " + r + " u WHERE u.resource_instance_id ="
        + " x.resource_instance_id AND u.plan_id = x.plan_id AND u.state <> 'REJECTED') AND NOT"
        + " EXISTS (SELECT 1 FROM " + h + " k WHERE k.resource_instance_id ="
        + " x.resource_instance_id AND k.plan_id = x.plan_id)";
    // a record never handed to a sender (no attempt, no lease) can take more counts: IBM has
    // not seen it
    // under any key the record may be stored under (the current one, or an earlier version's)
    lockRecord = "SELECT " + UsageRows.RECORD_COLUMNS + ", state = 'PENDING' AND attempts = 0"
        + " AND owner IS NULL FROM " + r + " WHERE key = ANY (?) ORDER BY seq FOR UPDATE";
    mergeRecord = "UPDATE " + r + " SET measures = ?, quantities = ? WHERE key = ?";
    // one snapshot: a record delivered meanwhile is in one table or the other
    taken = "SELECT key FROM " + r + " WHERE key = ANY (?) UNION ALL SELECT key FROM " + d
        + " WHERE key = ANY (?)";
    wasDelivered = "SELECT 1 FROM " + d + " WHERE key = ANY (?)";
    // ended over the retention ago, and no open count of its instance could make its window's
    // record again (a window starting before its end)
    pruneDelivered = "DELETE FROM " + d + " x WHERE x.end_at < " + CLOCK + " - ?::bigint"
        + " * interval '1 millisecond' AND NOT EXISTS (SELECT 1 FROM " + c + " n WHERE"
        + " n.resource_instance_id = x.resource_instance_id AND n.window_start < x.end_at)";
  }
}
