package io.github.osbsdk.broker.store.jdbc.metering;

import io.github.osbsdk.broker.metering.MeterCount;
import io.github.osbsdk.broker.metering.UsageOutbox;
import io.github.osbsdk.broker.metering.UsageRecord;
import io.github.osbsdk.broker.metering.internal.LateRecords;
import io.github.osbsdk.broker.metering.internal.Windows;
import io.github.osbsdk.broker.store.jdbc.internal.Database;
import io.github.osbsdk.broker.store.jdbc.internal.Rows;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The ends of instances' and plans' metering in {@link PostgresUsageOutbox}
 * ({@link UsageOutbox#endInstance}, {@link UsageOutbox#endPlan}, {@link UsageOutbox#changePlan}):
 * each closes the instance's open windows (of that plan) at its end, in one transaction under
 * the exclusive watermark lock, as a close does ({@link UsageWindows}).
 */
final class UsageEnds {
  private final Database db;
  private final UsageSql sql;
  private final UsageWindows.RecordAppender append;
  private final LateCounts late;
  private final HeldUsage held;

  UsageEnds(Database db, UsageSql sql, UsageWindows.RecordAppender append, LateCounts late,
      HeldUsage held) {
    this.db = db;
    this.sql = sql;
    this.append = append;
    this.late = late;
    this.held = held;
  }

  /**
   * Ends an instance's metering on one plan or on all: see {@link UsageOutbox#endInstance} and
   * {@link UsageOutbox#endPlan}, and {@link UsageOutbox#changePlan} with {@code lifted}. Holds
   * the watermark row exclusively, as a close does, so no merge of the instance's counts runs
   * meanwhile.
   *
   * @param instanceId the instance
   * @param planId the plan, or null for every plan
   * @param lifted the plan whose end the transaction deletes (the instance is back on it), or
   *     null
   * @param at its end
   * @param toRecord builds a window's record, or returns null to drop its counts
   * @return how many records were appended
   */
  int end(String instanceId, String planId, String lifted, Instant at,
      Function<List<MeterCount>, UsageRecord> toRecord) {
    Objects.requireNonNull(instanceId, "instanceId == null");
    Objects.requireNonNull(at, "at == null");
    LateCounts.Drops drops = new LateCounts.Drops();
    int appended = db.transaction("end an instance's usage", c -> {
      UsageWindows.watermark(db, c, sql.lockWatermark); // no count is held meanwhile
      if (held.holds(c, instanceId, planId)) { // ended over them, they would be dropped
        throw new IllegalStateException("counts of " + instanceId + " are held until their"
            + " instance's end is known; its metering did not end");
      }
      List<MeterCount> counts = new ArrayList<>();
      try (PreparedStatement ps = db.prepare(c, planId == null ? sql.readInstance
          : sql.readInstancePlan)) {
        bindInstance(ps, instanceId, planId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            counts.add(UsageRows.count(rs, 1));
          }
        }
      }
      List<Map.Entry<UsageRecord, List<MeterCount>>> built = new ArrayList<>();
      for (List<MeterCount> group : Windows.byWindow(counts)) {
        UsageRecord r = toRecord.apply(group); // throws: the transaction rolls back
        if (r != null) {
          built.add(Map.entry(r, group));
        }
      }
      try (PreparedStatement ps = db.prepare(c, planId == null ? sql.recordEnd
          : sql.recordPlanEnd)) {
        int next = bindInstance(ps, instanceId, planId);
        ps.setObject(next, Rows.time(at));
        ps.executeUpdate();
      }
      if (lifted != null) {
        try (PreparedStatement ps = db.prepare(c, sql.liftPlanEnd)) {
          bindInstance(ps, instanceId, lifted);
          ps.executeUpdate();
        }
      }
      try (PreparedStatement ps = db.prepare(c, planId == null ? sql.deleteInstance
          : sql.deleteInstancePlan)) {
        bindInstance(ps, instanceId, planId);
        ps.executeUpdate();
      }
      // as a close's: a record whose key is taken is added into it or gets a late key
      try {
        return late.store(c, built, append, drops);
      } catch (IllegalArgumentException e) { // a sum past the largest double: rolls back
        throw LateRecords.notEnded(instanceId, e);
      }
    });
    late.committed(drops);
    return appended;
  }

  /** Binds an instance and, unless null, a plan; returns the next parameter's index. */
  private static int bindInstance(PreparedStatement ps, String instanceId, String planId)
      throws SQLException {
    ps.setString(1, instanceId);
    if (planId == null) {
      return 2;
    }
    ps.setString(2, planId);
    return 3;
  }
}
