package io.github.osbsdk.broker.store.jdbc.internal;

import io.github.osbsdk.broker.api.OperationType;
import io.github.osbsdk.broker.core.store.BindingStatus;
import io.github.osbsdk.broker.core.store.Claim;
import io.github.osbsdk.broker.core.store.InstanceStatus;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import io.github.osbsdk.broker.core.store.StoredBinding;
import io.github.osbsdk.broker.core.store.StoredInstance;
import io.github.osbsdk.broker.core.store.StoredOperation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Claims of instance and binding ids. A new instance id is won with one statement (insert the
 * instance when absent, and its operation with it; claims of new ids that arrive together share
 * one such statement, see {@link WriteBatcher}); everything else runs in a short transaction
 * that first locks the instance row, so that instance and binding operations never overlap.
 */
public final class Claims {
  private static final int ATTEMPTS = 5;

  private final Database db;
  private final Reads reads;
  private final String claimNew;
  private final String existing;
  private final String lockInstance;
  private final String shareInstance;
  private final String anyRunning;
  private final String replaceInstance;
  private final String claimBinding;
  private final String existingBinding;
  private final String beforeBindingClaim;
  private final String claimNewBatch;
  private final WriteBatcher<NewClaim> newClaims;

  /**
   * Prepares the statement texts.
   *
   * @param db the database
   * @param reads the reads
   * @param t the table names
   * @param maxBatch at most this many new ids in one statement (1: each alone)
   * @param maxInFlight at most this many claims of new ids written at once
   */
  public Claims(Database db, Reads reads, Tables t, int maxBatch, int maxInFlight) {
    this.db = db;
    this.reads = reads;
    String insertOperation = "INSERT INTO " + t.operation() + " (" + Rows.OPERATION_COLUMNS
        + ") SELECT " + Casts.OPERATION;
    claimNew = "WITH i AS (INSERT INTO " + t.instance() + " (" + Rows.INSTANCE_COLUMNS
        + ") VALUES (" + Casts.INSTANCE + ") ON CONFLICT (id) DO NOTHING RETURNING id) "
        + insertOperation + " FROM i";
    existing = "SELECT " + Rows.qualified("i", Rows.INSTANCE_COLUMNS) + ", "
        + Rows.qualified("o", Rows.OPERATION_COLUMNS) + ", EXISTS (SELECT 1 FROM "
        + t.operation() + " r WHERE r.instance_id = i.id AND r.status = 'IN_PROGRESS')"
        + " FROM " + t.instance() + " i LEFT JOIN " + t.operation() + " o"
        + " ON o.instance_id = i.id AND o.binding_id IS NULL AND o.status = 'IN_PROGRESS'"
        + " WHERE i.id = ?";
    lockInstance = reads.findInstanceSql() + " FOR UPDATE";
    shareInstance = reads.findInstanceSql() + " FOR SHARE";
    anyRunning = "SELECT 1 FROM " + t.operation()
        + " WHERE instance_id = ? AND status = 'IN_PROGRESS' LIMIT 1";
    replaceInstance = "WITH i AS (UPDATE " + t.instance() + " SET ("
        + Rows.INSTANCE_COLUMNS + ") = (" + Casts.INSTANCE + ") WHERE id = ? RETURNING id) "
        + insertOperation + " FROM i";
    claimBinding = "WITH b AS (INSERT INTO " + t.binding() + " AS x (" + Rows.BINDING_COLUMNS
        + ") VALUES (" + Casts.BINDING + ") ON CONFLICT (instance_id, binding_id) DO UPDATE SET "
        + Casts.excludedAssignments(Rows.BINDING_COLUMNS, 2)
        + " WHERE ?::boolean AND x.status = 'BIND_FAILED'"
        + " AND x.fingerprint = EXCLUDED.fingerprint"
        + " AND NOT EXISTS (SELECT 1 FROM " + t.operation() + " r"
        + " WHERE r.instance_id = x.instance_id AND r.binding_id = x.binding_id"
        + " AND r.status = 'IN_PROGRESS') RETURNING x.instance_id) "
        + insertOperation + " FROM b";
    existingBinding = "SELECT " + Rows.qualified("b", Rows.BINDING_COLUMNS) + ", "
        + Rows.qualified("o", Rows.OPERATION_COLUMNS) + " FROM " + t.binding() + " b"
        + " LEFT JOIN " + t.operation() + " o ON o.instance_id = b.instance_id"
        + " AND o.binding_id = b.binding_id AND o.status = 'IN_PROGRESS'"
        + " WHERE b.instance_id = ? AND b.binding_id = ?";
    // in one statement, once the instance is locked: its operation in progress, and the binding
    // row with the claimed id, locked, so the claim replaces exactly the row read here
    beforeBindingClaim = "SELECT " + Rows.qualified("o", Rows.OPERATION_COLUMNS) + ", "
        + Rows.qualified("b", Rows.BINDING_COLUMNS) + " FROM (SELECT 1) AS one"
        + " LEFT JOIN (SELECT " + Rows.OPERATION_COLUMNS + " FROM " + t.operation()
        + " WHERE instance_id = ? AND binding_id IS NULL AND status = 'IN_PROGRESS') o ON true"
        + " LEFT JOIN (SELECT " + Rows.BINDING_COLUMNS + " FROM " + t.binding()
        + " WHERE instance_id = ? AND binding_id = ? FOR UPDATE) b ON true";
    // many new ids at once: the instances that were absent, and their operations
    claimNewBatch = "WITH v AS (SELECT * FROM " + Batches.unnest(NEW_CLAIM_COLUMNS)
        + "), i AS (INSERT INTO " + t.instance() + " (" + Rows.INSTANCE_COLUMNS + ") SELECT "
        + Batches.columns(Casts.INSTANCE, 1) + " FROM v ON CONFLICT (id) DO NOTHING"
        + " RETURNING id), o AS (INSERT INTO " + t.operation() + " (" + Rows.OPERATION_COLUMNS
        + ") SELECT " + Batches.columns(Casts.OPERATION, Rows.INSTANCE_COUNT + 1)
        + " FROM v JOIN i ON i.id = v.c1 RETURNING instance_id) SELECT instance_id FROM o";
    newClaims = new WriteBatcher<>(maxBatch, n -> n.instance().id(), maxInFlight,
        this::insertNewBatch);
  }

  private static final int NEW_CLAIM_COLUMNS = Rows.INSTANCE_COUNT + Rows.OPERATION_COUNT;

  /** A claim of an instance id that was absent when it was last looked at. */
  private record NewClaim(StoredInstance instance, StoredOperation operation) {}

  /**
   * Claims an instance id (see {@code BrokerStore#claimInstance}).
   *
   * @param instance the instance
   * @param operation its provision operation
   * @return the outcome
   */
  public Claim<StoredInstance> instance(StoredInstance instance, StoredOperation operation) {
    requireRunning(operation, OperationType.PROVISION);
    // attempts whose insert met an operation in progress of this id while no row was there
    int orphaned = 0;
    // the payload says what a withdrawal restores: kept only over a failed instance
    StoredOperation fresh = operation.withPayload(null);
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      boolean[] lostToAnOperation = new boolean[1];
      if (insertNew(instance, fresh, lostToAnOperation)) {
        return new Claim.Won<>();
      }
      Existing found = db.single("claimInstance", c -> existing(c, instance.id()));
      if (found == null) {
        orphaned += lostToAnOperation[0] ? 1 : 0;
        continue; // deleted since: try again
      }
      StoredInstance row = found.instance();
      if (row.status() != InstanceStatus.PROVISION_FAILED || found.busy()
          || !row.fingerprint().equals(instance.fingerprint())) {
        return new Claim.Exists<>(row, found.running());
      }
      StoredInstance replaced = replaceFailed(instance, operation);
      if (replaced != null) {
        return new Claim.Won<>(replaced);
      }
    }
    if (orphaned == ATTEMPTS) {
      // not a race: the data is inconsistent, and no retry helps
      throw new IllegalStateException("claimInstance: an operation in progress has no instance"
          + " row (a row written or deleted by hand?)");
    }
    throw keptChanging("claimInstance", "instance");
  }

  /**
   * A claim that lost a race on every attempt (the row was deleted and created again by others
   * between its statements): contention, not an error, so the SDK answers 503 and the platform
   * asks again.
   */
  private static StoreUnavailableException keptChanging(String what, String row) {
    return new StoreUnavailableException(what + ": the " + row + " kept changing under "
        + ATTEMPTS + " attempts (concurrent claims and deletes); try again", null);
  }

  private boolean insertNew(StoredInstance instance, StoredOperation operation,
      boolean[] lostToAnOperation) {
    return newClaims.write(new NewClaim(instance, operation),
        n -> insertNewAlone(n.instance(), n.operation(), lostToAnOperation));
  }

  /** Inserts several new ids in one statement; the ids won. */
  private Set<String> insertNewBatch(List<NewClaim> batch) {
    Batches.Arrays arrays = new Batches.Arrays(NEW_CLAIM_COLUMNS, batch.size());
    for (NewClaim n : batch) {
      arrays.nextRow();
      arrays.instance(n.instance(), InstanceStatus.PROVISIONING);
      arrays.operation(n.operation());
    }
    return arrays.run(db, "claimInstance", claimNewBatch);
  }

  private boolean insertNewAlone(StoredInstance instance, StoredOperation operation,
      boolean[] lostToAnOperation) {
    try {
      return db.single("claimInstance", c -> {
        try (PreparedStatement ps = db.prepare(c, claimNew)) {
          int n = Rows.bindInstance(ps, 1, instance, InstanceStatus.PROVISIONING);
          Rows.bindOperation(ps, n, operation);
          return ps.executeUpdate() == 1;
        }
      });
    } catch (LostRaceException e) {
      lostToAnOperation[0] = true;
      return false; // an operation of this id is still in progress: read what is there
    }
  }

  /** An instance with its running instance operation, and whether anything runs on it. */
  private record Existing(StoredInstance instance, StoredOperation running, boolean busy) {}

  private Existing existing(Connection c, String instanceId) throws SQLException {
    try (PreparedStatement ps = db.prepare(c, existing)) {
      ps.setString(1, instanceId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        return new Existing(Rows.instance(rs, 1),
            Rows.operation(rs, 1 + Rows.INSTANCE_COUNT),
            rs.getBoolean(1 + Rows.INSTANCE_COUNT + Rows.OPERATION_COUNT));
      }
    }
  }

  /**
   * Replaces a failed provision with an identical one, under the instance row's lock; the new
   * row keeps the failed one's dashboard URL, metadata and creation time.
   *
   * @return the failed instance replaced, as the lock read it; null when it was not replaced
   */
  private StoredInstance replaceFailed(StoredInstance instance, StoredOperation operation) {
    return db.transaction("claimInstance", c -> {
      Optional<StoredInstance> locked = reads.instance(c, instance.id(), lockInstance);
      if (locked.isEmpty() || locked.get().status() != InstanceStatus.PROVISION_FAILED
          || !locked.get().fingerprint().equals(instance.fingerprint())
          || anyRunning(c, instance.id())) {
        return null;
      }
      try (PreparedStatement ps = db.prepare(c, replaceInstance)) {
        int n = Rows.bindInstance(ps, 1, instance.replacing(locked.get()),
            InstanceStatus.PROVISIONING);
        ps.setString(n++, instance.id());
        Rows.bindOperation(ps, n, operation);
        return ps.executeUpdate() == 1 ? locked.get() : null;
      }
    });
  }

  private boolean anyRunning(Connection c, String instanceId) throws SQLException {
    try (PreparedStatement ps = db.prepare(c, anyRunning)) {
      ps.setString(1, instanceId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /**
   * Claims a binding id (see {@code BrokerStore#claimBinding}).
   *
   * @param binding the binding
   * @param operation its bind operation
   * @return the outcome
   */
  public Claim<StoredBinding> binding(StoredBinding binding, StoredOperation operation) {
    requireRunning(operation, OperationType.BIND);
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Claim<StoredBinding> outcome;
      try {
        outcome = db.transaction("claimBinding", c -> claimBinding(c, binding, operation));
      } catch (LostRaceException e) {
        continue; // another bind of this binding won meanwhile: read it on the next attempt
      }
      if (outcome != null) {
        return outcome;
      }
    }
    throw keptChanging("claimBinding", "binding");
  }

  private Claim<StoredBinding> claimBinding(Connection c, StoredBinding binding,
      StoredOperation operation) throws SQLException {
    // FOR SHARE: binds of different bindings run side by side; instance operations wait
    Optional<StoredInstance> instance = reads.instance(c, binding.instanceId(), shareInstance);
    if (instance.isEmpty()) {
      return new Claim.Blocked<>(null, null);
    }
    // a new statement sees every operation committed before the lock was granted
    StoredOperation instanceOp;
    StoredBinding before;
    try (PreparedStatement ps = db.prepare(c, beforeBindingClaim)) {
      ps.setString(1, binding.instanceId());
      ps.setString(2, binding.instanceId());
      ps.setString(3, binding.bindingId());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        instanceOp = Rows.operation(rs, 1);
        int b = 1 + Rows.OPERATION_COUNT;
        before = rs.getString(b) == null ? null : Rows.binding(rs, b);
      }
    }
    if (instanceOp != null || instance.get().status() != InstanceStatus.READY) {
      return new Claim.Blocked<>(instance.get(), instanceOp);
    }
    // only the failed row locked above may be replaced: one that appeared since is read below
    boolean replaces = before != null && before.status() == BindingStatus.BIND_FAILED
        && before.fingerprint().equals(binding.fingerprint());
    try (PreparedStatement ps = db.prepare(c, claimBinding)) {
      int n = Rows.bindBinding(ps, 1, replaces ? binding.replacing(before) : binding,
          BindingStatus.BINDING);
      ps.setBoolean(n++, replaces);
      Rows.bindOperation(ps, n, replaces ? operation : operation.withPayload(null));
      if (ps.executeUpdate() == 1) {
        return new Claim.Won<>(replaces ? before : null);
      }
    }
    try (PreparedStatement ps = db.prepare(c, existingBinding)) {
      ps.setString(1, binding.instanceId());
      ps.setString(2, binding.bindingId());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null; // deleted since: try again
        }
        StoredBinding existing = Rows.binding(rs, 1);
        StoredOperation running = Rows.operation(rs, 1 + Rows.BINDING_COUNT);
        if (before == null && running == null
            && existing.status() == BindingStatus.BIND_FAILED
            && existing.fingerprint().equals(binding.fingerprint())) {
          return null; // a failed row appeared after the lock: claim it on the next attempt
        }
        return new Claim.Exists<>(existing, running);
      }
    }
  }

  private static void requireRunning(StoredOperation op, OperationType type) {
    if (op.type() != type || !op.inProgress()) {
      throw new IllegalArgumentException("needs a running " + type + " operation");
    }
  }
}
