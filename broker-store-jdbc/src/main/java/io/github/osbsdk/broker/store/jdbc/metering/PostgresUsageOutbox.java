package io.github.osbsdk.broker.store.jdbc.metering;

import io.github.osbsdk.broker.metering.ClaimedUsage;
import io.github.osbsdk.broker.metering.MergeInDoubtException;
import io.github.osbsdk.broker.metering.MeterCount;
import io.github.osbsdk.broker.metering.RejectedUsage;
import io.github.osbsdk.broker.metering.UsageOutbox;
import io.github.osbsdk.broker.metering.UsageRecord;
import io.github.osbsdk.broker.store.jdbc.internal.Database;
import io.github.osbsdk.broker.store.jdbc.internal.Rows;
import io.github.osbsdk.broker.store.jdbc.internal.Tables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * broker-metering's {@link UsageOutbox} on PostgreSQL (tables of migration V3), shared by every
 * replica and durable across crashes. A claim is one {@code UPDATE} of the rows a
 * {@code SELECT ... FOR UPDATE SKIP LOCKED LIMIT n} picked, so concurrent senders never share a
 * record, and claims only records whose end has passed on the database server's clock
 * ({@code clock_timestamp()}, the clock every replica shares), so that a replica whose own clock
 * runs ahead never sends a record IBM would refuse as ending in the future; merges of open-window
 * counts and window closes lock the closed-through watermark row (shared and exclusive), so a
 * count never lands in a window that was already closed, and a close closes no later than that
 * same shared clock, so a replica whose clock runs ahead closes no window before its end.
 * Failures are reported as by
 * {@link io.github.osbsdk.broker.store.jdbc.PostgresBrokerStore}: availability problems throw
 * {@link io.github.osbsdk.broker.core.store.StoreUnavailableException}, and a failed call applies
 * nothing. Needs the optional {@code broker-metering} dependency.
 */
public final class PostgresUsageOutbox implements UsageOutbox {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresUsageOutbox.class);
  private final Database db;
  private final UsageSql sql;
  /** The windows with unreadable counts the last close found (logged once each). */
  private final Set<List<Object>> unreadableLogged = new HashSet<>();

  private PostgresUsageOutbox(DataSource dataSource, String schema, Duration timeout) {
    db = new Database(dataSource, Database.timeoutSeconds(timeout));
    sql = new UsageSql(Tables.in(schema));
  }

  /**
   * An outbox in the first schema of the connection's {@code search_path}, with a 5 s statement
   * timeout.
   *
   * @param dataSource the database, with the migrations applied
   * @return the outbox
   */
  public static PostgresUsageOutbox create(DataSource dataSource) {
    return create(dataSource, null, Duration.ofSeconds(5));
  }

  /**
   * An outbox with every option.
   *
   * @param dataSource the database, with the migrations applied
   * @param schema the schema of the tables (as given to {@code Migrations.apply}), or null
   * @param statementTimeout how long one statement may run, at least 1 s (whole seconds; one
   *     longer than {@link Integer#MAX_VALUE} seconds, about 68 years, is taken as that)
   * @return the outbox
   */
  public static PostgresUsageOutbox create(DataSource dataSource, String schema,
      Duration statementTimeout) {
    Objects.requireNonNull(dataSource, "dataSource == null");
    if (statementTimeout.toSeconds() < 1) {
      throw new IllegalArgumentException("statementTimeout must be at least 1 s");
    }
    return new PostgresUsageOutbox(dataSource, schema, statementTimeout);
  }

  @Override
  public int append(List<UsageRecord> records) {
    if (records.isEmpty()) {
      return 0;
    }
    return db.single("append usage", c -> appendOn(c, records));
  }

  private int appendOn(Connection c, List<UsageRecord> records) throws SQLException {
    try (PreparedStatement ps = db.prepare(c, sql.append)) {
      for (UsageRecord r : records) {
        UsageRows.bindRecord(c, ps, 1, r);
        ps.addBatch();
      }
      int stored = 0;
      for (int n : ps.executeBatch()) {
        stored += n > 0 ? 1 : 0;
      }
      return stored;
    }
  }

  @Override
  public List<ClaimedUsage> claim(String owner, int max, Instant now, Duration lease) {
    Objects.requireNonNull(owner, "owner == null");
    if (max < 1 || lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("max must be >= 1 and lease positive");
    }
    return db.single("claim usage", c -> {
      try (PreparedStatement ps = db.prepare(c, sql.claim)) {
        ps.setObject(1, Rows.time(now));
        ps.setObject(2, Rows.time(now));
        ps.setInt(3, max);
        ps.setString(4, owner);
        ps.setObject(5, Rows.time(now.plus(lease)));
        record Row(long seq, ClaimedUsage usage) {}
        List<Row> rows = new ArrayList<>();
        List<String[]> invalid = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
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
          + " osb_usage_record, state INVALID): key={} reason={}", printable(row[0]),
          printable(row[1]));
    }
  }

  private static String printable(String text) {
    String cut = text.length() > 500 ? text.substring(0, 500) + "..." : text;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }

  @Override
  public long invalid() {
    return db.single("count invalid usage", c -> {
      try (PreparedStatement ps = db.prepare(c, sql.invalid); ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  @Override
  public int markDelivered(String owner, Collection<String> keys) {
    return changeMine("mark usage delivered", sql.delivered, owner, keys, null);
  }

  @Override
  public int release(String owner, Collection<String> keys, Instant nextAttempt) {
    Objects.requireNonNull(nextAttempt, "nextAttempt == null");
    return changeMine("release usage", sql.release, owner, keys, nextAttempt);
  }

  private int changeMine(String what, String statement, String owner, Collection<String> keys,
      Instant nextAttempt) {
    if (keys.isEmpty()) {
      return 0;
    }
    return db.single(what, c -> {
      try (PreparedStatement ps = db.prepare(c, statement)) {
        int n = 1;
        if (nextAttempt != null) {
          ps.setObject(n++, Rows.time(nextAttempt));
        }
        ps.setArray(n++, c.createArrayOf("text", keys.toArray(new String[0])));
        ps.setString(n, owner);
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public boolean markRejected(String owner, RejectedUsage rejection) {
    return db.single("mark usage rejected", c -> {
      try (PreparedStatement ps = db.prepare(c, sql.rejectOne)) {
        int n = 1;
        ps.setInt(n++, rejection.status());
        ps.setString(n++, rejection.code());
        ps.setString(n++, rejection.message());
        ps.setObject(n++, Rows.time(rejection.rejectedAt()));
        ps.setString(n++, rejection.key());
        ps.setString(n, owner);
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public List<RejectedUsage> rejected(int limit) {
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

  @Override
  public boolean discardRejected(String key) {
    return db.single("discard rejected usage", c -> {
      try (PreparedStatement ps = db.prepare(c, sql.discard)) {
        ps.setString(1, key);
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public long depth() {
    return db.single("usage depth", c -> {
      try (PreparedStatement ps = db.prepare(c, sql.depth); ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  @Override
  public List<MeterCount> mergeOpenCounts(List<MeterCount> counts) {
    if (counts.isEmpty()) {
      return List.of();
    }
    long[] txid = new long[1];
    return db.transaction("merge usage counts", c -> {
      try (PreparedStatement ps = db.prepare(c, "SELECT txid_current()");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        txid[0] = rs.getLong(1);
      }
      Instant closedThrough = watermark(c, sql.shareWatermark);
      List<MeterCount> refused = new ArrayList<>();
      try (PreparedStatement ps = db.prepare(c, sql.merge)) {
        for (MeterCount count : counts) {
          if (closedThrough != null && !count.windowEnd().isAfter(closedThrough)) {
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
        () -> committed(txid[0])));
  }

  /**
   * Tells whether a transaction committed, once the database answers again.
   *
   * @throws RuntimeException while the database is unavailable or the transaction still runs
   */
  private boolean committed(long txid) {
    String status = db.single("check a usage merge", c -> {
      try (PreparedStatement ps = db.prepare(c, "SELECT txid_status(?)")) {
        ps.setLong(1, txid);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getString(1);
        }
      }
    });
    if ("in progress".equals(status)) {
      throw new IllegalStateException("transaction " + txid + " still in progress");
    }
    // null: too old to be known any more (not within seconds); counting it as applied errs
    // towards billing a second's counts too few rather than twice
    return !"aborted".equals(status);
  }

  @Override
  public int closeWindows(Instant cutoff, Function<List<MeterCount>, UsageRecord> toRecord) {
    Objects.requireNonNull(cutoff, "cutoff == null");
    return db.transaction("close usage windows", c -> {
      watermark(c, sql.lockWatermark); // merges wait until this commits
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
              unreadable.putIfAbsent(List.of(rs.getString(1), rs.getString(2),
                  UsageRows.instant(rs, 5), UsageRows.instant(rs, 6)),
                  rs.getString(3) + ": " + e.getMessage());
            }
          }
        }
      }
      logUnreadable(unreadable);
      List<UsageRecord> records = new ArrayList<>();
      List<MeterCount> done = new ArrayList<>(); // one count of each window closed
      boolean leftOpen = !unreadable.isEmpty();
      for (List<MeterCount> group : MeterCount.byWindow(closed)) {
        MeterCount first = group.get(0);
        if (unreadable.containsKey(window(first))) {
          continue; // closed without its unreadable count, it would be billed too little
        }
        try {
          records.add(toRecord.apply(group));
          done.add(first);
        } catch (RuntimeException e) {
          // this window only: it stays open for a caller that can build it, the others close
          leftOpen = true;
        }
      }
      deleteClosed(c, through, done, !leftOpen);
      try (PreparedStatement ps = db.prepare(c, sql.raiseWatermark)) {
        ps.setObject(1, Rows.time(through));
        ps.executeUpdate();
      }
      return records.isEmpty() ? 0 : appendOn(c, records);
    });
  }

  private static List<Object> window(MeterCount c) {
    return List.of(c.resourceInstanceId(), c.planId(), c.windowStart(), c.windowEnd());
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
    synchronized (unreadableLogged) {
      for (Map.Entry<List<Object>, String> e : unreadable.entrySet()) {
        if (!unreadableLogged.contains(e.getKey())) {
          List<Object> w = e.getKey();
          LOG.warn("usage window left open, never billed until its count is fixed or deleted"
              + " in osb_usage_count: instance={} plan={} window={}..{} count {}",
              printable((String) w.get(0)), printable((String) w.get(1)), w.get(2), w.get(3),
              printable(e.getValue()));
        }
      }
      unreadableLogged.clear();
      unreadableLogged.addAll(unreadable.keySet());
    }
  }

  private Instant watermark(Connection c, String statement) throws SQLException {
    try (PreparedStatement ps = db.prepare(c, statement); ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new IllegalStateException("osb_usage_watermark has no row; apply the migrations");
      }
      return UsageRows.instant(rs, 1);
    }
  }

  @Override
  public List<MeterCount> openCounts() {
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

  @Override
  public String toString() {
    return "PostgresUsageOutbox";
  }
}
