package io.github.osbsdk.broker.store.jdbc.internal;

import io.github.osbsdk.broker.core.store.Begin;
import io.github.osbsdk.broker.core.store.BindingStatus;
import io.github.osbsdk.broker.core.store.InstanceStatus;
import io.github.osbsdk.broker.api.OperationType;
import io.github.osbsdk.broker.core.store.StoredBinding;
import io.github.osbsdk.broker.core.store.StoredInstance;
import io.github.osbsdk.broker.core.store.StoredOperation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Starts updates, deprovisions and unbinds, each in a short transaction: lock the instance row
 * (exclusively for an instance operation, shared for an unbind), then, in new statements that see
 * everything committed before the lock was granted, check what runs and insert the operation.
 */
public final class Begins {
  private final Database db;
  private final Reads reads;
  private final String lockInstance;
  private final String shareInstance;
  private final String lockBinding;
  private final String runningOnBinding;
  private final String insertOperation;
  private final String deprovision;
  private final String unbind;

  /**
   * Prepares the statement texts.
   *
   * @param db the database
   * @param reads the reads
   * @param t the table names
   */
  public Begins(Database db, Reads reads, Tables t) {
    this.db = db;
    this.reads = reads;
    lockInstance = reads.findInstanceSql() + " FOR UPDATE";
    shareInstance = reads.findInstanceSql() + " FOR SHARE";
    lockBinding = reads.findBindingSql() + " FOR UPDATE";
    runningOnBinding = "SELECT " + Rows.OPERATION_COLUMNS + " FROM " + t.operation()
        + " WHERE instance_id = ? AND status = 'IN_PROGRESS'"
        + " AND (binding_id IS NULL OR binding_id = ?) ORDER BY binding_id IS NOT NULL LIMIT 1";
    insertOperation = "INSERT INTO " + t.operation() + " (" + Rows.OPERATION_COLUMNS
        + ") VALUES (" + Casts.OPERATION + ")";
    deprovision = "WITH u AS (UPDATE " + t.instance() + " SET status = 'DEPROVISIONING',"
        + " updated_at = ?::timestamptz WHERE id = ?) " + insertOperation;
    unbind = "WITH u AS (UPDATE " + t.binding() + " SET status = 'UNBINDING'"
        + " WHERE instance_id = ? AND binding_id = ?) " + insertOperation;
  }

  /**
   * Starts an update, deprovision or unbind (see {@code BrokerStore#beginOperation}).
   *
   * @param op the operation
   * @return the outcome
   */
  public Begin begin(StoredOperation op) {
    if (!op.inProgress() || op.type() == OperationType.PROVISION
        || op.type() == OperationType.BIND) {
      throw new IllegalArgumentException("beginOperation takes a running update, deprovision or"
          + " unbind");
    }
    try {
      return db.transaction("beginOperation", c -> op.type() == OperationType.UNBIND
          ? unbind(c, op) : onInstance(c, op));
    } catch (LostRaceException e) {
      // cannot happen under the instance lock; answer as the index did
      return new Begin.Busy(reads.running(op.instanceId()).orElse(null));
    }
  }

  private Begin onInstance(Connection c, StoredOperation op) throws SQLException {
    Optional<StoredInstance> found = reads.instance(c, op.instanceId(), lockInstance);
    if (found.isEmpty()) {
      return new Begin.Missing();
    }
    StoredInstance instance = found.get();
    Optional<StoredOperation> running = reads.running(c, op.instanceId(), false);
    if (running.isPresent()) {
      return new Begin.Busy(running.get());
    }
    InstanceStatus status = instance.status();
    if (op.type() == OperationType.UPDATE) {
      if (status != InstanceStatus.READY) {
        return new Begin.Busy(null);
      }
      try (PreparedStatement ps = db.prepare(c, insertOperation)) {
        Rows.bindOperation(ps, 1, op);
        ps.executeUpdate();
      }
    } else {
      if (status != InstanceStatus.READY && status != InstanceStatus.PROVISION_FAILED) {
        return new Begin.Busy(null);
      }
      try (PreparedStatement ps = db.prepare(c, deprovision)) {
        ps.setObject(1, Rows.time(op.createdAt()));
        ps.setString(2, op.instanceId());
        Rows.bindOperation(ps, 3, op);
        ps.executeUpdate();
      }
    }
    return new Begin.Started(instance, null);
  }

  private Begin unbind(Connection c, StoredOperation op) throws SQLException {
    Optional<StoredInstance> instance = reads.instance(c, op.instanceId(), shareInstance);
    if (instance.isEmpty()) {
      return new Begin.Missing();
    }
    Optional<StoredBinding> found = reads.binding(c, op.instanceId(), op.bindingId(),
        lockBinding);
    if (found.isEmpty()) {
      return new Begin.Missing();
    }
    Optional<StoredOperation> running;
    try (PreparedStatement ps = db.prepare(c, runningOnBinding)) {
      ps.setString(1, op.instanceId());
      ps.setString(2, op.bindingId());
      try (var rs = ps.executeQuery()) {
        running = rs.next() ? Optional.of(Rows.operation(rs, 1)) : Optional.empty();
      }
    }
    if (running.isPresent()) {
      return new Begin.Busy(running.get());
    }
    StoredBinding binding = found.get();
    if (binding.status() != BindingStatus.READY && binding.status() != BindingStatus.BIND_FAILED) {
      return new Begin.Busy(null);
    }
    try (PreparedStatement ps = db.prepare(c, unbind)) {
      ps.setString(1, op.instanceId());
      ps.setString(2, op.bindingId());
      Rows.bindOperation(ps, 3, op);
      ps.executeUpdate();
    }
    return new Begin.Started(instance.get(), binding);
  }
}
