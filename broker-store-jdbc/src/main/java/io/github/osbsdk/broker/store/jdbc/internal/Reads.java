package io.github.osbsdk.broker.store.jdbc.internal;

import io.github.osbsdk.broker.core.store.StoredBinding;
import io.github.osbsdk.broker.core.store.StoredInstance;
import io.github.osbsdk.broker.core.store.StoredOperation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** The registry's reads: one statement, one round trip each. */
public final class Reads {
  private final Database db;
  private final String findInstance;
  private final String findBinding;
  private final String operationById;
  private final String latestInstanceOperation;
  private final String latestBindingOperation;
  private final String running;
  private final String runningInstanceOperation;

  /**
   * Prepares the statement texts.
   *
   * @param db the database
   * @param t the table names
   */
  public Reads(Database db, Tables t) {
    this.db = db;
    findInstance = "SELECT " + Rows.INSTANCE_COLUMNS + " FROM " + t.instance() + " WHERE id = ?";
    findBinding = "SELECT " + Rows.BINDING_COLUMNS + " FROM " + t.binding()
        + " WHERE instance_id = ? AND binding_id = ?";
    String ops = "SELECT " + Rows.OPERATION_COLUMNS + " FROM " + t.operation();
    operationById = ops + " WHERE id = ? AND instance_id = ? AND binding_id IS NOT DISTINCT FROM"
        + " ?::text";
    // the latest is the last begun, as in memory: seq, not created_at, which a replica's
    // clock stepping back (or another replica's a little behind) can put before an older one's
    latestInstanceOperation = ops + " WHERE instance_id = ? AND binding_id IS NULL"
        + " ORDER BY seq DESC LIMIT 1";
    latestBindingOperation = ops + " WHERE instance_id = ? AND binding_id = ?"
        + " ORDER BY seq DESC LIMIT 1";
    running = ops + " WHERE instance_id = ? AND status = 'IN_PROGRESS'"
        + " ORDER BY binding_id IS NOT NULL, created_at, seq LIMIT 1";
    runningInstanceOperation = ops + " WHERE instance_id = ? AND binding_id IS NULL"
        + " AND status = 'IN_PROGRESS'";
  }

  /**
   * Reads an instance.
   *
   * @param instanceId the id
   * @return the instance, or empty
   */
  public Optional<StoredInstance> instance(String instanceId) {
    return db.single("findInstance", c -> instance(c, instanceId, findInstance));
  }

  /**
   * Reads an instance on a connection.
   *
   * @param c the connection
   * @param instanceId the id
   * @param sql the select (it may lock the row)
   * @return the instance, or empty
   * @throws SQLException on failure
   */
  Optional<StoredInstance> instance(Connection c, String instanceId, String sql)
      throws SQLException {
    try (PreparedStatement ps = db.prepare(c, sql)) {
      ps.setString(1, instanceId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(Rows.instance(rs, 1)) : Optional.empty();
      }
    }
  }

  /**
   * The text that reads an instance.
   *
   * @return the select
   */
  String findInstanceSql() {
    return findInstance;
  }

  /**
   * Reads a binding.
   *
   * @param instanceId the instance id
   * @param bindingId the binding id
   * @return the binding, or empty
   */
  public Optional<StoredBinding> binding(String instanceId, String bindingId) {
    return db.single("findBinding", c -> binding(c, instanceId, bindingId, findBinding));
  }

  /**
   * Reads a binding on a connection.
   *
   * @param c the connection
   * @param instanceId the instance id
   * @param bindingId the binding id
   * @param sql the select (it may lock the row)
   * @return the binding, or empty
   * @throws SQLException on failure
   */
  Optional<StoredBinding> binding(Connection c, String instanceId, String bindingId, String sql)
      throws SQLException {
    try (PreparedStatement ps = db.prepare(c, sql)) {
      ps.setString(1, instanceId);
      ps.setString(2, bindingId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(Rows.binding(rs, 1)) : Optional.empty();
      }
    }
  }

  /**
   * The text that reads a binding.
   *
   * @return the select
   */
  String findBindingSql() {
    return findBinding;
  }

  /**
   * Reads an operation by id, or the latest of an instance or binding.
   *
   * @param instanceId the instance id
   * @param bindingId the binding id, or null
   * @param operationId the operation id, or null for the latest
   * @return the operation, or empty
   */
  public Optional<StoredOperation> operation(String instanceId, String bindingId,
      String operationId) {
    return db.single("findOperation", c -> {
      String sql = operationId != null ? operationById
          : bindingId == null ? latestInstanceOperation : latestBindingOperation;
      try (PreparedStatement ps = db.prepare(c, sql)) {
        int n = 1;
        if (operationId != null) {
          ps.setString(n++, operationId);
        }
        ps.setString(n++, instanceId);
        if (operationId != null || bindingId != null) {
          ps.setString(n, bindingId);
        }
        return one(ps);
      }
    });
  }

  /**
   * Reads the operation in progress on an instance: its instance operation, else the oldest of
   * its binding operations.
   *
   * @param instanceId the instance id
   * @return the operation, or empty
   */
  public Optional<StoredOperation> running(String instanceId) {
    return db.single("runningOperation", c -> running(c, instanceId, running));
  }

  /**
   * Reads the operation in progress on an instance, on a connection.
   *
   * @param c the connection
   * @param instanceId the instance id
   * @param instanceOnly whether only the instance's own operation counts
   * @return the operation, or empty
   * @throws SQLException on failure
   */
  Optional<StoredOperation> running(Connection c, String instanceId, boolean instanceOnly)
      throws SQLException {
    return running(c, instanceId, instanceOnly ? runningInstanceOperation : running);
  }

  private Optional<StoredOperation> running(Connection c, String instanceId, String sql)
      throws SQLException {
    try (PreparedStatement ps = db.prepare(c, sql)) {
      ps.setString(1, instanceId);
      return one(ps);
    }
  }

  private static Optional<StoredOperation> one(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.of(Rows.operation(rs, 1)) : Optional.empty();
    }
  }
}
