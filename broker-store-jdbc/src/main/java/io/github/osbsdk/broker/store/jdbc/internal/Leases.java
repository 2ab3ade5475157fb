package io.github.osbsdk.broker.store.jdbc.internal;

import io.github.osbsdk.broker.core.store.StoredInstance;
import io.github.osbsdk.broker.core.store.StoredOperation;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Lease renewal and takeover, the enabled flag, purging and the health check: one statement
 * each.
 */
public final class Leases {
  private final Database db;
  private final String renew;
  private final String renewExcept;
  private final String setEach;
  private final String takeOver;
  private final String leased;
  private final String takeOverHeld;
  private final String setEnabled;
  private final String purge;
  /** The tables the store works on, all made by the first migration, for {@link #check()}. */
  private final List<String> registry;

  /**
   * Prepares the statement texts.
   *
   * @param db the database
   * @param t the table names
   */
  public Leases(Database db, Tables t) {
    this.db = db;
    registry = List.of(t.instance(), t.binding(), t.operation());
    // SKIP LOCKED: a row locked by this replica's own finish (waiting, say, on a lock of its
    // instance) is ending anyway; renewal must never wait behind it, or the leases of all the
    // other work this replica runs lapse meanwhile and another replica takes that work over
    renew = "WITH mine AS MATERIALIZED (SELECT id FROM " + t.operation() + " WHERE owner = ?"
        + " AND status = 'IN_PROGRESS' AND lease_expiry IS NOT NULL FOR UPDATE SKIP LOCKED)"
        + " UPDATE " + t.operation() + " x SET lease_expiry = ?::timestamptz FROM mine"
        + " WHERE x.id = mine.id";
    renewExcept = renew.replace(" FOR UPDATE", " AND id <> ALL(?::text[]) FOR UPDATE");
    setEach = "WITH given AS (SELECT * FROM unnest(?::text[], ?::timestamptz[]) AS g(id, expiry)),"
        + " mine AS MATERIALIZED (SELECT o.id, given.expiry FROM " + t.operation() + " o JOIN"
        + " given ON o.id = given.id WHERE o.owner = ? AND o.status = 'IN_PROGRESS'"
        + " AND o.lease_expiry IS NOT NULL FOR UPDATE OF o SKIP LOCKED) UPDATE " + t.operation()
        + " x SET lease_expiry = mine.expiry FROM mine WHERE x.id = mine.id";
    String expired = " status = 'IN_PROGRESS' AND lease_expiry < ?::timestamptz";
    // MATERIALIZED: the locking subquery runs once; re-run inside a join, it would skip the
    // rows this statement already updated and take more than the limit
    takeOver = "WITH picked AS MATERIALIZED (SELECT id FROM " + t.operation() + " WHERE"
        + expired + " ORDER BY lease_expiry LIMIT ? FOR UPDATE SKIP LOCKED) UPDATE "
        + t.operation() + " x SET owner = ?, lease_expiry = ?::timestamptz,"
        + " attempt = x.attempt + 1 FROM picked WHERE x.id = picked.id RETURNING "
        + Rows.qualified("x", Rows.OPERATION_COLUMNS);
    String held = " owner = ? AND status = 'IN_PROGRESS' AND lease_expiry IS NOT NULL";
    leased = "SELECT id FROM " + t.operation() + " WHERE" + held;
    takeOverHeld = "WITH held AS MATERIALIZED (SELECT id FROM " + t.operation() + " WHERE"
        + held + " AND id = ANY(?::text[]) FOR UPDATE SKIP LOCKED) UPDATE " + t.operation()
        + " x SET lease_expiry = ?::timestamptz, attempt = x.attempt + 1 FROM held"
        + " WHERE x.id = held.id RETURNING " + Rows.qualified("x", Rows.OPERATION_COLUMNS);
    setEnabled = "UPDATE " + t.instance() + " SET enabled = ?, enabled_changed_at ="
        + " ?::timestamptz, updated_at = ?::timestamptz WHERE id = ? RETURNING "
        + Rows.INSTANCE_COLUMNS;
    purge = "DELETE FROM " + t.operation()
        + " WHERE status <> 'IN_PROGRESS' AND finished_at < ?::timestamptz";
  }

  /**
   * Renews an owner's leases.
   *
   * @param owner the replica
   * @param leaseExpiry the new expiry
   * @return how many were renewed
   */
  public int renew(String owner, Instant leaseExpiry) {
    return db.single("renewLeases", c -> {
      try (PreparedStatement ps = db.prepare(c, renew)) {
        ps.setString(1, owner);
        ps.setObject(2, Rows.time(leaseExpiry));
        return ps.executeUpdate();
      }
    });
  }

  /**
   * Sets an owner's leases, except those of the operations named.
   *
   * @param owner the replica
   * @param keep the ids of the operations left as they are
   * @param leaseExpiry the new expiry
   * @return how many were set
   */
  public int renewExcept(String owner, Collection<String> keep, Instant leaseExpiry) {
    return db.single("renewLeases", c -> {
      try (PreparedStatement ps = db.prepare(c, renewExcept)) {
        ps.setString(1, owner);
        ps.setArray(2, c.createArrayOf("text", keep.toArray()));
        ps.setObject(3, Rows.time(leaseExpiry));
        return ps.executeUpdate();
      }
    });
  }

  /**
   * Sets each named lease of an owner to its own expiry.
   *
   * @param owner the replica
   * @param leaseExpiries the new expiry of each operation, by id
   * @return how many were set
   */
  public int setEach(String owner, Map<String, Instant> leaseExpiries) {
    if (leaseExpiries.isEmpty()) {
      return 0;
    }
    List<String> ids = new ArrayList<>(leaseExpiries.keySet());
    Object[] expiries = ids.stream().map(id -> Rows.time(leaseExpiries.get(id))).toArray();
    return db.single("setLeases", c -> {
      try (PreparedStatement ps = db.prepare(c, setEach)) {
        ps.setArray(1, c.createArrayOf("text", ids.toArray()));
        ps.setArray(2, c.createArrayOf("timestamptz", expiries));
        ps.setString(3, owner);
        return ps.executeUpdate();
      }
    });
  }

  /**
   * Takes over expired operations; rows another replica is taking are skipped, not waited for.
   *
   * @param owner the new owner
   * @param now the time leases are compared with
   * @param leaseExpiry the new lease
   * @param limit the most rows
   * @return the operations taken over
   */
  public List<StoredOperation> takeOver(String owner, Instant now, Instant leaseExpiry,
      int limit) {
    return db.single("takeOverExpired", c -> {
      try (PreparedStatement ps = db.prepare(c, takeOver)) {
        ps.setObject(1, Rows.time(now));
        ps.setInt(2, limit);
        ps.setString(3, owner);
        ps.setObject(4, Rows.time(leaseExpiry));
        return operationsOf(ps);
      }
    });
  }

  /**
   * The operations in progress an owner holds with a lease.
   *
   * @param owner the replica
   * @return their ids
   */
  public Set<String> leased(String owner) {
    return db.single("leasedOperations", c -> {
      try (PreparedStatement ps = db.prepare(c, leased)) {
        ps.setString(1, owner);
        Set<String> ids = new HashSet<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            ids.add(rs.getString(1));
          }
        }
        return ids;
      }
    });
  }

  /**
   * Takes over again operations in progress the owner holds with a lease, named by id: a new
   * lease and attempt; rows another statement holds locked (a finish) are skipped.
   *
   * @param owner the replica that holds them
   * @param ids the operations
   * @param leaseExpiry the new lease
   * @return the operations taken over
   */
  public List<StoredOperation> takeOverHeld(String owner, Collection<String> ids,
      Instant leaseExpiry) {
    return db.single("takeOverHeld", c -> {
      try (PreparedStatement ps = db.prepare(c, takeOverHeld)) {
        ps.setString(1, owner);
        ps.setArray(2, c.createArrayOf("text", ids.toArray()));
        ps.setObject(3, Rows.time(leaseExpiry));
        return operationsOf(ps);
      }
    });
  }

  /**
   * Sets the enabled flag.
   *
   * @param instanceId the instance
   * @param enabled the flag
   * @param at the time
   * @return the instance as updated, or empty
   */
  public Optional<StoredInstance> setEnabled(String instanceId, boolean enabled, Instant at) {
    return db.single("setEnabled", c -> {
      try (PreparedStatement ps = db.prepare(c, setEnabled)) {
        ps.setBoolean(1, enabled);
        ps.setObject(2, Rows.time(at));
        ps.setObject(3, Rows.time(at));
        ps.setString(4, instanceId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(Rows.instance(rs, 1)) : Optional.empty();
        }
      }
    });
  }

  /**
   * Deletes finished operations.
   *
   * @param finishedBefore the cut-off
   * @return how many were deleted
   */
  public int purge(Instant finishedBefore) {
    return db.single("purgeOperations", c -> {
      try (PreparedStatement ps = db.prepare(c, purge)) {
        ps.setObject(1, Rows.time(finishedBefore));
        return ps.executeUpdate();
      }
    });
  }

  /** @return the database server's current time ({@code clock_timestamp()}) */
  public Instant databaseTime() {
    return db.single("sharedTime", db::serverTime);
  }

  /**
   * Tells whether this session's transactions are read-only:
   * {@code default_transaction_read_only} set for the database or role, or a standby server.
   *
   * @return true when every write would fail (SQLState 25006)
   */
  public boolean readOnly() {
    return db.single("checkWritable", c -> {
      try (PreparedStatement ps = db.prepare(c,
              "SELECT current_setting('transaction_read_only')");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        return "on".equals(rs.getString(1));
      }
    });
  }

  /**
   * Checks that the database answers and holds the store's tables, so that a database without
   * the migrations fails here (the health check, an operator's first test) rather than at the
   * first request: one round trip, {@code to_regclass} of each table, which needs no privilege
   * on the tables.
   *
   * @throws io.github.osbsdk.broker.core.store.StoreUnavailableException when the database does
   *     not answer
   * @throws IllegalStateException naming the tables missing and the migration that makes them
   */
  public void check() {
    List<String> missing = db.single("check", c -> {
      try (PreparedStatement ps = db.prepare(c,
              "SELECT to_regclass(?), to_regclass(?), to_regclass(?)")) {
        for (int i = 0; i < registry.size(); i++) {
          ps.setString(i + 1, registry.get(i));
        }
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          List<String> absent = new ArrayList<>();
          for (int i = 0; i < registry.size(); i++) {
            if (rs.getString(i + 1) == null) {
              absent.add(registry.get(i));
            }
          }
          return absent;
        }
      }
    });
    if (!missing.isEmpty()) {
      boolean qualified = missing.get(0).contains(".");
      throw new IllegalStateException("PostgreSQL store: table(s) " + String.join(", ", missing)
          + " missing" + (qualified ? "" : " from the connection's search_path")
          + ", made by migration " + MigrationRunner.FILES.get(0) + ": apply the migrations to"
          + " the store's schema before starting the broker, with Migrations.apply(dataSource"
          + (qualified ? ", schema" : "") + ") or Flyway (location"
          + " classpath:db/migration/osb)");
    }
  }

  /** The operations a statement returns, each row read from its first column on. */
  private static List<StoredOperation> operationsOf(PreparedStatement ps) throws SQLException {
    List<StoredOperation> operations = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        operations.add(Rows.operation(rs, 1));
      }
    }
    return operations;
  }
}
