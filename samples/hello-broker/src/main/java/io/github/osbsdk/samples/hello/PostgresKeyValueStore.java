package io.github.osbsdk.samples.hello;

import static io.github.osbsdk.samples.hello.Sql.prepare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.osbsdk.broker.api.catalog.MaintenanceInfo;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The service's state in PostgreSQL (tables {@code hello_namespace}, {@code hello_value},
 * {@code hello_binding}; see {@link HelloMigrations}), over plain JDBC and the same pool as the
 * SDK's registry. Every replica on the same database serves the same namespaces, keys and
 * credentials; of a binding's password only its SHA-256 digest is stored (column
 * {@code password_sha256}, bytea), never the password. Each call is one statement, or one short
 * transaction that locks the namespace's row first (put, update, create), so the key limit holds
 * across replicas. A database that is down or slow gives {@link StoreUnavailableException} (the
 * SDK and {@link DataResource} answer 503; see {@link Sql}); nothing is half applied.
 * Thread-safe.
 */
public final class PostgresKeyValueStore implements KeyValueStore {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private static final String NAMESPACE_COLUMNS = "instance_id, service_id, plan_id, parameters,"
      + " maintenance_version, maintenance_description, dashboard_url, status, enabled";
  private static final String BINDING_COLUMNS = "instance_id, binding_id, username,"
      + " password_sha256, read_only, parameters, app_guid, url";
  private static final HexFormat HEX = HexFormat.of();

  private final Sql sql;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * Creates the store; apply {@link HelloMigrations#apply(DataSource)} first.
   *
   * @param dataSource the pool
   */
  public PostgresKeyValueStore(DataSource dataSource) {
    this.sql = new Sql(dataSource);
  }

  @Override
  public Optional<Namespace> namespace(String instanceId) {
    return sql.call("namespace", false, c -> {
      try (PreparedStatement st = prepare(c, "SELECT " + NAMESPACE_COLUMNS
          + " FROM hello_namespace WHERE instance_id = ?")) {
        st.setString(1, instanceId);
        try (ResultSet rs = st.executeQuery()) {
          return rs.next() ? Optional.of(namespace(rs)) : Optional.empty();
        }
      }
    });
  }

  @Override
  public void create(Namespace ns) {
    sql.call("create", true, c -> {
      try (PreparedStatement del = prepare(c,
          "DELETE FROM hello_namespace WHERE instance_id = ?")) {
        del.setString(1, ns.instanceId());
        del.executeUpdate();
      }
      try (PreparedStatement st = prepare(c, "INSERT INTO hello_namespace (" + NAMESPACE_COLUMNS
          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        st.setString(1, ns.instanceId());
        st.setString(2, ns.serviceId());
        st.setString(3, ns.planId());
        st.setString(4, write(ns.parameters()));
        MaintenanceInfo mi = ns.maintenanceInfo();
        st.setString(5, mi == null ? null : mi.version());
        st.setString(6, mi == null ? null : mi.description());
        st.setString(7, ns.dashboardUrl());
        st.setString(8, ns.status().name());
        st.setBoolean(9, ns.enabled());
        st.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public boolean markReady(String instanceId) {
    return update("markReady", "UPDATE hello_namespace SET status = 'READY'"
        + " WHERE instance_id = ?", instanceId) == 1;
  }

  @Override
  public Optional<String> update(String instanceId, String planId,
      Map<String, Object> parameters, MaintenanceInfo maintenanceInfo) {
    return sql.call("update", true, c -> {
      Namespace ns;
      try (PreparedStatement st = prepare(c, "SELECT " + NAMESPACE_COLUMNS
          + " FROM hello_namespace WHERE instance_id = ? FOR UPDATE")) {
        st.setString(1, instanceId);
        try (ResultSet rs = st.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          ns = namespace(rs);
        }
      }
      if (planId != null) {
        int keys = keys(c, instanceId);
        if (keys > HelloCatalog.maxKeys(planId)) {
          return Optional.of(InMemoryKeyValueStore.tooManyKeys(keys, planId));
        }
      }
      Namespace updated = ns.updated(planId, parameters, maintenanceInfo);
      try (PreparedStatement st = prepare(c, "UPDATE hello_namespace SET plan_id = ?,"
          + " parameters = ?, maintenance_version = ?, maintenance_description = ?"
          + " WHERE instance_id = ?")) {
        st.setString(1, updated.planId());
        st.setString(2, write(updated.parameters()));
        MaintenanceInfo mi = updated.maintenanceInfo();
        st.setString(3, mi == null ? null : mi.version());
        st.setString(4, mi == null ? null : mi.description());
        st.setString(5, instanceId);
        st.executeUpdate();
      }
      return Optional.empty();
    });
  }

  @Override
  public boolean delete(String instanceId) {
    // the foreign keys delete the values and bindings with it
    return update("delete", "DELETE FROM hello_namespace WHERE instance_id = ?",
        instanceId) == 1;
  }

  @Override
  public void enabled(String instanceId, boolean enabled) {
    sql.call("enabled", false, c -> {
      try (PreparedStatement st = prepare(c,
          "UPDATE hello_namespace SET enabled = ? WHERE instance_id = ?")) {
        st.setBoolean(1, enabled);
        st.setString(2, instanceId);
        return st.executeUpdate();
      }
    });
  }

  @Override
  public boolean bind(BindingCredentials b) {
    try {
      return sql.call("bind", false, c -> {
        try (PreparedStatement st = prepare(c, "INSERT INTO hello_binding (" + BINDING_COLUMNS
            + ") SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM hello_namespace"
            + " WHERE instance_id = ?) ON CONFLICT (instance_id, binding_id) DO UPDATE SET"
            + " username = EXCLUDED.username, password_sha256 = EXCLUDED.password_sha256,"
            + " read_only = EXCLUDED.read_only, parameters = EXCLUDED.parameters,"
            + " app_guid = EXCLUDED.app_guid, url = EXCLUDED.url")) {
          st.setString(1, b.instanceId());
          st.setString(2, b.bindingId());
          st.setString(3, b.username());
          st.setBytes(4, HEX.parseHex(b.passwordSha256()));
          st.setBoolean(5, b.readOnly());
          st.setString(6, write(b.parameters()));
          st.setString(7, b.appGuid());
          st.setString(8, b.url());
          st.setString(9, b.instanceId());
          return st.executeUpdate() == 1;
        }
      });
    } catch (Sql.ReferencedRowGone e) {
      return false; // deleted between the check and the insert
    }
  }

  @Override
  public Optional<BindingCredentials> binding(String instanceId, String bindingId) {
    return sql.call("binding", false, c -> {
      try (PreparedStatement st = prepare(c, "SELECT " + BINDING_COLUMNS
          + " FROM hello_binding WHERE instance_id = ? AND binding_id = ?")) {
        st.setString(1, instanceId);
        st.setString(2, bindingId);
        return one(st);
      }
    });
  }

  @Override
  public boolean unbind(String instanceId, String bindingId) {
    return sql.call("unbind", false, c -> {
      try (PreparedStatement st = prepare(c,
          "DELETE FROM hello_binding WHERE instance_id = ? AND binding_id = ?")) {
        st.setString(1, instanceId);
        st.setString(2, bindingId);
        return st.executeUpdate() == 1;
      }
    });
  }

  @Override
  public Optional<BindingCredentials> credentials(String username) {
    return sql.call("credentials", false, c -> {
      try (PreparedStatement st = prepare(c, "SELECT " + BINDING_COLUMNS
          + " FROM hello_binding WHERE username = ?")) {
        st.setString(1, username);
        return one(st);
      }
    });
  }

  @Override
  public Optional<StoredValue> get(String instanceId, String key) {
    return sql.call("get", false, c -> {
      try (PreparedStatement st = prepare(c, "SELECT bytes, media_type FROM hello_value"
          + " WHERE instance_id = ? AND key = ?")) {
        st.setString(1, instanceId);
        st.setString(2, key);
        try (ResultSet rs = st.executeQuery()) {
          return rs.next() ? Optional.of(new StoredValue(rs.getBytes(1), rs.getString(2)))
              : Optional.empty();
        }
      }
    });
  }

  @Override
  public boolean put(String instanceId, String key, StoredValue value) {
    return sql.call("put", true, c -> {
      String planId;
      try (PreparedStatement st = prepare(c, "SELECT plan_id FROM hello_namespace"
          + " WHERE instance_id = ? FOR UPDATE")) {
        st.setString(1, instanceId);
        try (ResultSet rs = st.executeQuery()) {
          if (!rs.next()) {
            return false;
          }
          planId = rs.getString(1);
        }
      }
      try (PreparedStatement st = prepare(c, "INSERT INTO hello_value (instance_id, key, bytes,"
          + " media_type) SELECT ?, ?, ?, ? WHERE (SELECT count(*) FROM hello_value"
          + " WHERE instance_id = ?) < ? OR EXISTS (SELECT 1 FROM hello_value"
          + " WHERE instance_id = ? AND key = ?) ON CONFLICT (instance_id, key) DO UPDATE SET"
          + " bytes = EXCLUDED.bytes, media_type = EXCLUDED.media_type")) {
        st.setString(1, instanceId);
        st.setString(2, key);
        st.setBytes(3, value.bytes());
        st.setString(4, value.mediaType());
        st.setString(5, instanceId);
        st.setInt(6, HelloCatalog.maxKeys(planId));
        st.setString(7, instanceId);
        st.setString(8, key);
        return st.executeUpdate() == 1;
      }
    });
  }

  @Override
  public boolean remove(String instanceId, String key) {
    return sql.call("remove", false, c -> {
      try (PreparedStatement st = prepare(c,
          "DELETE FROM hello_value WHERE instance_id = ? AND key = ?")) {
        st.setString(1, instanceId);
        st.setString(2, key);
        return st.executeUpdate() == 1;
      }
    });
  }

  @Override
  public int size() {
    return sql.call("size", false, c -> {
      try (PreparedStatement st = prepare(c, "SELECT count(*) FROM hello_namespace");
          ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    });
  }

  private int update(String what, String statement, String instanceId) {
    return sql.call(what, false, c -> {
      try (PreparedStatement st = prepare(c, statement)) {
        st.setString(1, instanceId);
        return st.executeUpdate();
      }
    });
  }

  private static int keys(Connection c, String instanceId) throws SQLException {
    try (PreparedStatement st = prepare(c,
        "SELECT count(*) FROM hello_value WHERE instance_id = ?")) {
      st.setString(1, instanceId);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private Namespace namespace(ResultSet rs) throws SQLException {
    String version = rs.getString(5);
    return new Namespace(rs.getString(1), rs.getString(2), rs.getString(3), read(rs.getString(4)),
        version == null ? null : new MaintenanceInfo(version, rs.getString(6)), rs.getString(7),
        Namespace.Status.valueOf(rs.getString(8)), rs.getBoolean(9));
  }

  private Optional<BindingCredentials> one(PreparedStatement st) throws SQLException {
    try (ResultSet rs = st.executeQuery()) {
      if (!rs.next()) {
        return Optional.empty();
      }
      return Optional.of(new BindingCredentials(rs.getString(1), rs.getString(2),
          rs.getString(3), HEX.formatHex(rs.getBytes(4)), rs.getBoolean(5),
          read(rs.getString(6)), rs.getString(7), rs.getString(8)));
    }
  }

  private String write(Map<String, Object> map) {
    try {
      return json.writeValueAsString(map);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("parameters are not JSON", e);
    }
  }

  private Map<String, Object> read(String text) {
    try {
      Map<String, Object> map = json.readValue(text, MAP);
      return map == null ? Map.of() : new LinkedHashMap<>(map);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("hello-kv: stored parameters are not JSON", e);
    }
  }
}
