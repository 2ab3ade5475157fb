package io.github.osbsdk.broker.store.jdbc.metering;

import io.github.osbsdk.broker.metering.MeterCount;
import io.github.osbsdk.broker.metering.UsageOutbox;
import io.github.osbsdk.broker.store.jdbc.internal.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ends of the metering of some counts' instances, read in one statement: an instance's end
 * on every plan ({@code osb_usage_instance_end}) and its ends on one plan
 * ({@code osb_usage_plan_end}). A count's end is the earlier of its instance's and its plan's.
 */
final class MeteringEnds {
  /** An instance's end on one plan. */
  private record PlanEnd(String instance, String plan) {
  }

  private final Map<String, Instant> instances = new HashMap<>();
  private final Map<PlanEnd, Instant> plans = new HashMap<>();

  private MeteringEnds() {
  }

  /**
   * Reads the ends of the counts' instances.
   *
   * @param db the database
   * @param sql the statements
   * @param c a connection, in the caller's transaction
   * @param counts the counts
   * @return their ends
   * @throws SQLException on failure
   */
  static MeteringEnds of(Database db, UsageSql sql, Connection c, List<MeterCount> counts)
      throws SQLException {
    MeteringEnds ends = new MeteringEnds();
    String[] ids = counts.stream().map(MeterCount::resourceInstanceId).distinct()
        .toArray(String[]::new);
    if (ids.length == 0) {
      return ends;
    }
    try (PreparedStatement ps = db.prepare(c, sql.endedAmong)) {
      ps.setArray(1, c.createArrayOf("text", ids));
      ps.setArray(2, c.createArrayOf("text", ids));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String plan = rs.getString(2);
          Instant at = UsageRows.instant(rs, 3);
          if (plan == null) {
            ends.instances.put(rs.getString(1), at);
          } else {
            ends.plans.put(new PlanEnd(rs.getString(1), plan), at);
          }
        }
      }
    }
    return ends;
  }

  /**
   * Returns when the metering of a count's instance on its plan ended.
   *
   * @param count the count
   * @return the earlier of the instance's end and its plan's end, or null when neither ended
   */
  Instant of(MeterCount count) {
    Instant whole = instances.get(count.resourceInstanceId());
    Instant plan = plans.get(new PlanEnd(count.resourceInstanceId(), count.planId()));
    return whole == null || plan != null && plan.isBefore(whole) ? plan : whole;
  }

  /**
   * Reads when an instance's metering ended: see {@link UsageOutbox#endedAt(String)} and
   * {@link UsageOutbox#endedAt(String, String)}.
   *
   * @param db the database
   * @param sql the statements
   * @param instanceId the instance
   * @param planId the plan, or null for the end on every plan
   * @return the end (for a plan: the earlier of the instance's and the plan's), or empty
   */
  static Optional<Instant> read(Database db, UsageSql sql, String instanceId, String planId) {
    return Optional.ofNullable(db.single("read an instance's usage end", c -> {
      try (PreparedStatement ps = db.prepare(c, planId == null ? sql.endedAt
          : sql.endedAtPlan)) {
        ps.setString(1, instanceId);
        if (planId != null) {
          ps.setString(2, instanceId);
          ps.setString(3, planId);
        }
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? UsageRows.instant(rs, 1) : null;
        }
      }
    }));
  }
}
