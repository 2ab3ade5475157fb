package io.github.osbsdk.broker.store.jdbc.internal;

import io.github.osbsdk.broker.core.store.BindingStatus;
import io.github.osbsdk.broker.core.store.InstanceStatus;
import io.github.osbsdk.broker.core.store.OperationStatus;
import io.github.osbsdk.broker.api.OperationType;
import io.github.osbsdk.broker.core.store.StoredBinding;
import io.github.osbsdk.broker.core.store.StoredInstance;
import io.github.osbsdk.broker.core.store.StoredOperation;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Column lists, parameter binding and row mapping of the three registry tables. Times travel as
 * {@code timestamptz} through {@link OffsetDateTime} in UTC: exact to the microsecond.
 */
public final class Rows {
  /** The instance columns, in record order. */
  public static final String INSTANCE_COLUMNS = "id, service_id, plan_id, fingerprint,"
      + " parameters, context, organization_guid, space_guid, maintenance_info_version,"
      + " dashboard_url, metadata, status, enabled, enabled_changed_at, created_at, updated_at";
  /** How many instance columns there are. */
  public static final int INSTANCE_COUNT = 16;
  /** The binding columns, in record order. */
  public static final String BINDING_COLUMNS = "instance_id, binding_id, service_id, plan_id,"
      + " fingerprint, parameters, context, bind_resource, app_guid, details, credentials, status,"
      + " created_at";
  /** How many binding columns there are. */
  public static final int BINDING_COUNT = 13;
  /** The operation columns, in record order. */
  public static final String OPERATION_COLUMNS = "id, instance_id, binding_id, type, status,"
      + " description, instance_usable, update_repeatable, fingerprint, async, owner,"
      + " lease_expiry, attempt, step_name, step_arguments, external_operation, payload,"
      + " request_id, created_at, finished_at";
  /** How many operation columns there are. */
  public static final int OPERATION_COUNT = 20;

  private Rows() {}

  /**
   * Prefixes every column of a list with a table alias.
   *
   * @param alias the alias
   * @param columns the comma-separated columns
   * @return the qualified list
   */
  public static String qualified(String alias, String columns) {
    return alias + "." + columns.replace(", ", ", " + alias + ".");
  }

  /**
   * {@code n} placeholders separated by commas.
   *
   * @param n how many
   * @return the placeholders
   */
  public static String placeholders(int n) {
    return "?" + ", ?".repeat(n - 1);
  }

  /**
   * A time as a statement parameter.
   *
   * @param t the time, or null
   * @return the parameter value
   */
  public static OffsetDateTime time(Instant t) {
    return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }

  private static Instant instant(ResultSet rs, int col) throws SQLException {
    OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static Boolean nullableBoolean(ResultSet rs, int col) throws SQLException {
    boolean b = rs.getBoolean(col);
    return rs.wasNull() ? null : b;
  }

  private static void setBoolean(PreparedStatement ps, int i, Boolean b) throws SQLException {
    if (b == null) {
      ps.setNull(i, Types.BOOLEAN);
    } else {
      ps.setBoolean(i, b);
    }
  }

  /**
   * Binds an instance's columns from {@code first} on.
   *
   * @param ps the statement
   * @param first the first parameter index
   * @param i the instance
   * @param status the status to write
   * @return the next parameter index
   * @throws SQLException on failure
   */
  public static int bindInstance(PreparedStatement ps, int first, StoredInstance i,
      InstanceStatus status) throws SQLException {
    int n = first;
    ps.setString(n++, i.id());
    ps.setString(n++, i.serviceId());
    ps.setString(n++, i.planId());
    ps.setString(n++, i.fingerprint());
    ps.setString(n++, i.parameters());
    ps.setString(n++, i.context());
    ps.setString(n++, i.organizationGuid());
    ps.setString(n++, i.spaceGuid());
    ps.setString(n++, i.maintenanceInfoVersion());
    ps.setString(n++, i.dashboardUrl());
    ps.setString(n++, i.metadata());
    ps.setString(n++, status.name());
    ps.setBoolean(n++, i.enabled());
    ps.setObject(n++, time(i.enabledChangedAt()));
    ps.setObject(n++, time(i.createdAt()));
    ps.setObject(n++, time(i.updatedAt()));
    return n;
  }

  /**
   * Binds a binding's columns from {@code first} on.
   *
   * @param ps the statement
   * @param first the first parameter index
   * @param b the binding
   * @param status the status to write
   * @return the next parameter index
   * @throws SQLException on failure
   */
  public static int bindBinding(PreparedStatement ps, int first, StoredBinding b,
      BindingStatus status) throws SQLException {
    int n = first;
    ps.setString(n++, b.instanceId());
    ps.setString(n++, b.bindingId());
    ps.setString(n++, b.serviceId());
    ps.setString(n++, b.planId());
    ps.setString(n++, b.fingerprint());
    ps.setString(n++, b.parameters());
    ps.setString(n++, b.context());
    ps.setString(n++, b.bindResource());
    ps.setString(n++, b.appGuid());
    ps.setString(n++, b.details());
    ps.setString(n++, b.credentials());
    ps.setString(n++, status.name());
    ps.setObject(n++, time(b.createdAt()));
    return n;
  }

  /**
   * Binds an operation's columns from {@code first} on.
   *
   * @param ps the statement
   * @param first the first parameter index
   * @param o the operation
   * @return the next parameter index
   * @throws SQLException on failure
   */
  public static int bindOperation(PreparedStatement ps, int first, StoredOperation o)
      throws SQLException {
    int n = first;
    ps.setString(n++, o.id());
    ps.setString(n++, o.instanceId());
    ps.setString(n++, o.bindingId());
    ps.setString(n++, o.type().name());
    ps.setString(n++, o.status().name());
    ps.setString(n++, o.description());
    setBoolean(ps, n++, o.instanceUsable());
    setBoolean(ps, n++, o.updateRepeatable());
    ps.setString(n++, o.fingerprint());
    ps.setBoolean(n++, o.async());
    ps.setString(n++, o.owner());
    ps.setObject(n++, time(o.leaseExpiry()));
    ps.setInt(n++, o.attempt());
    ps.setString(n++, o.stepName());
    ps.setString(n++, o.stepArguments());
    ps.setString(n++, o.externalOperation());
    ps.setString(n++, o.payload());
    ps.setString(n++, o.requestId());
    ps.setObject(n++, time(o.createdAt()));
    ps.setObject(n++, time(o.finishedAt()));
    return n;
  }

  /**
   * Reads an instance from {@code first} on.
   *
   * @param rs the row
   * @param first the first column index
   * @return the instance
   * @throws SQLException on failure
   */
  public static StoredInstance instance(ResultSet rs, int first) throws SQLException {
    int n = first;
    return new StoredInstance(rs.getString(n++), rs.getString(n++), rs.getString(n++),
        rs.getString(n++), rs.getString(n++), rs.getString(n++), rs.getString(n++),
        rs.getString(n++), rs.getString(n++), rs.getString(n++), rs.getString(n++),
        InstanceStatus.valueOf(rs.getString(n++)), rs.getBoolean(n++), instant(rs, n++),
        instant(rs, n++), instant(rs, n));
  }

  /**
   * Reads a binding from {@code first} on.
   *
   * @param rs the row
   * @param first the first column index
   * @return the binding
   * @throws SQLException on failure
   */
  public static StoredBinding binding(ResultSet rs, int first) throws SQLException {
    int n = first;
    return new StoredBinding(rs.getString(n++), rs.getString(n++), rs.getString(n++),
        rs.getString(n++), rs.getString(n++), rs.getString(n++), rs.getString(n++),
        rs.getString(n++), rs.getString(n++), rs.getString(n++), rs.getString(n++),
        BindingStatus.valueOf(rs.getString(n++)), instant(rs, n));
  }

  /**
   * Reads an operation from {@code first} on.
   *
   * @param rs the row
   * @param first the first column index
   * @return the operation, or null when its id column is null (an outer join without a match)
   * @throws SQLException on failure
   */
  public static StoredOperation operation(ResultSet rs, int first) throws SQLException {
    int n = first;
    String id = rs.getString(n++);
    if (id == null) {
      return null;
    }
    return new StoredOperation(id, rs.getString(n++), rs.getString(n++),
        OperationType.valueOf(rs.getString(n++)), OperationStatus.valueOf(rs.getString(n++)),
        rs.getString(n++), nullableBoolean(rs, n++), nullableBoolean(rs, n++), rs.getString(n++),
        rs.getBoolean(n++), rs.getString(n++), instant(rs, n++), rs.getInt(n++),
        rs.getString(n++), rs.getString(n++), rs.getString(n++), rs.getString(n++),
        rs.getString(n++), instant(rs, n++), instant(rs, n));
  }
}
