package io.github.osbsdk.broker.store.jdbc.metering;

import io.github.osbsdk.broker.metering.ClaimedUsage;
import io.github.osbsdk.broker.metering.RejectedUsage;
import io.github.osbsdk.broker.store.jdbc.internal.Database;
import io.github.osbsdk.broker.store.jdbc.internal.Rows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The claims of {@link PostgresUsageOutbox} and what follows them: leases on the database's
 * clock, the owner's changes of its leased records (next attempts shifted onto that clock), and
 * the reads that set rows no longer passing the checks aside.
 */
final class UsageClaims {
  /** The outbox's logger, as before these moved here: log configuration keeps working. */
  private static final Logger LOG = LoggerFactory.getLogger(PostgresUsageOutbox.class);
  private final Database db;
  private final UsageSql sql;

  /**
   * Per owner, how far the database's clock was ahead of the owner's at its last claim that
   * returned records: a next attempt the owner gives on its clock is stored on the database's.
   */
  private final Map<String, Duration> offsets = new ConcurrentHashMap<>();

  UsageClaims(Database db, UsageSql sql) {
    this.db = db;
    this.sql = sql;
  }

  /** See {@link PostgresUsageOutbox#claim}. */
  List<ClaimedUsage> claim(String owner, int max, Instant now, Duration lease) {
    Objects.requireNonNull(owner, "owner == null");
    if (max < 1 || lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("max must be >= 1 and lease positive");
    }
    return db.single("claim usage", c -> {
      try (PreparedStatement ps = db.prepare(c, sql.claim)) {
        ps.setString(1, owner);
        ps.setInt(2, max);
        ps.setString(3, owner);
        ps.setLong(4, Math.max(1, lease.toMillis()));
        record Row(long seq, ClaimedUsage usage) {}
        List<Row> rows = new ArrayList<>();
        List<String[]> invalid = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            offsets.put(owner, Duration.between(now, UsageRows.instant(rs, 12)));
            String key = rs.getString(1);
            UsageRows.Read read = UsageRows.checked(rs, 1);
            if (read.problem() != null) {
              invalid.add(new String[] {key, read.problem()});
            } else {
              rows.add(new Row(rs.getLong(11), new ClaimedUsage(key, read.record(),
                  rs.getInt(10))));
            }
          }
        }
        setAside(c, invalid);
        rows.sort(Comparator.comparingLong(Row::seq));
        return rows.stream().map(Row::usage).toList();
      }
    });
  }

  /**
   * Sets rows that no longer pass the checks aside as INVALID, with the reason, and logs each
   * once (a set-aside row is never read again): one such row failed every claim before.
   */
  private void setAside(Connection c, List<String[]> invalid) throws SQLException {
    if (invalid.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = db.prepare(c, sql.setAside)) {
      for (String[] row : invalid) {
        ps.setString(1, row[1]);
        ps.setString(2, row[0]);
        ps.addBatch();
      }
      ps.executeBatch();
    }
    for (String[] row : invalid) {
      LOG.warn("usage record set aside as invalid, never sent (fix or delete the row in"
          + " osb_usage_record, state INVALID): key={} reason={}", UsageRows.printable(row[0]),
          UsageRows.printable(row[1]));
    }
  }

  /**
   * Changes the records leased to {@code owner}: delivered, or released or held back until
   * {@code nextAttempt} (on the owner's clock, stored on the database's).
   */
  int changeMine(String what, String statement, String owner, Collection<String> keys,
      Instant nextAttempt) {
    if (keys.isEmpty()) {
      return 0;
    }
    return db.single(what, c -> {
      try (PreparedStatement ps = db.prepare(c, statement)) {
        int n = 1;
        if (nextAttempt != null) {
          ps.setObject(n++, Rows.time(nextAttempt.plus(offsets.getOrDefault(owner,
              Duration.ZERO))));
        }
        ps.setArray(n++, c.createArrayOf("text", keys.toArray(new String[0])));
        ps.setString(n, owner);
        return ps.executeUpdate();
      }
    });
  }

  /**
   * See {@link PostgresUsageOutbox#leaveToOthers}: both times on the owner's clock, stored
   * shifted; whether another sender's wait has ended is judged on the lease clock.
   *
   * @return the records put back, each with the earliest time another sender may claim it, on
   *     the owner's clock
   */
  Map<String, Instant> leave(String owner, Collection<String> keys, Instant othersFrom,
      Instant ownerFrom) {
    if (keys.isEmpty()) {
      return Map.of();
    }
    Duration offset = offsets.getOrDefault(owner, Duration.ZERO);
    return db.single("leave usage to other senders", c -> {
      try (PreparedStatement ps = db.prepare(c, sql.leave)) {
        ps.setObject(1, Rows.time(ownerFrom.plus(offset))); // held for every sender
        ps.setObject(2, Rows.time(othersFrom.plus(offset)));
        ps.setObject(3, Rows.time(ownerFrom.plus(offset)));
        ps.setArray(4, c.createArrayOf("text", keys.toArray(new String[0])));
        ps.setString(5, owner);
        Map<String, Instant> due = new LinkedHashMap<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            due.put(rs.getString(1), rs.getBoolean(2) ? ownerFrom : othersFrom);
          }
        }
        return due;
      }
    });
  }

  /**
   * Runs a query of one number (the depth, the rejected or invalid records).
   *
   * @param what what it reads, for errors
   * @param query the query
   * @return its number
   */
  long count(String what, String query) {
    return db.single(what, c -> {
      try (PreparedStatement ps = db.prepare(c, query); ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  /** See {@link PostgresUsageOutbox#rejected}. */
  List<RejectedUsage> rejected(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1: " + limit);
    }
    return db.single("list rejected usage", c -> {
      try (PreparedStatement ps = db.prepare(c, sql.rejected)) {
        ps.setInt(1, limit);
        List<RejectedUsage> out = new ArrayList<>();
        List<String[]> invalid = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            UsageRows.Read read = UsageRows.checked(rs, 1);
            if (read.problem() != null) {
              invalid.add(new String[] {rs.getString(1), read.problem()});
            } else {
              out.add(new RejectedUsage(rs.getString(1), read.record(), rs.getInt(10),
                  rs.getString(11), rs.getString(12), UsageRows.instant(rs, 13)));
            }
          }
        }
        setAside(c, invalid);
        return out;
      }
    });
  }
}
