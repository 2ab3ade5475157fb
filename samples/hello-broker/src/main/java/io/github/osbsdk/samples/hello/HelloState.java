package io.github.osbsdk.samples.hello;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import io.github.osbsdk.broker.iam.SsoKeyStore;
import io.github.osbsdk.broker.metering.InMemoryUsageOutbox;
import io.github.osbsdk.broker.metering.UsageOutbox;
import io.github.osbsdk.broker.store.jdbc.Migrations;
import io.github.osbsdk.broker.store.jdbc.PostgresBrokerStore;
import io.github.osbsdk.broker.store.jdbc.PostgresSsoKeyStore;
import io.github.osbsdk.broker.store.jdbc.metering.PostgresUsageOutbox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Where hello-kv keeps its state: everything in memory (one process), or everything in one
 * PostgreSQL database, so replicas act as one broker and one service. In PostgreSQL live the SDK's
 * registry ({@link PostgresBrokerStore}), the dashboard SSO keys ({@link PostgresSsoKeyStore}),
 * the metering outbox and open windows ({@link PostgresUsageOutbox}) and the service's own data
 * ({@link PostgresKeyValueStore}), all over one HikariCP pool; the SDK's and the sample's
 * migrations are applied at start, each under its advisory lock.
 */
public final class HelloState implements AutoCloseable {
  /** How long a call waits for a connection before it fails (answered 503). */
  static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);
  /**
   * pgjdbc's socketTimeout unless the URL names one: how long a call waits for a database that
   * stopped answering mid-call (the statement timeout cannot end that wait: its cancel goes
   * unanswered too) before it fails (answered 503). Longer than the statement timeouts (5 s),
   * so a slow statement is cancelled rather than its connection cut.
   */
  static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(20);
  /**
   * The longest a request waits for a database that stops answering before it is answered 503:
   * one call that waited all of {@link #CONNECTION_TIMEOUT} for a connection, then all of
   * {@link #SOCKET_TIMEOUT} for the answer. The first call that fails so ends the request (the
   * SDK retries what it must undo or record in the background, after the 503), and every call
   * before it was answered, each within the statement timeout. The README promises an answer
   * within 30 s; this leaves 5 s for the rest of the request.
   */
  static final Duration STALLED_DATABASE_ANSWER = CONNECTION_TIMEOUT.plus(SOCKET_TIMEOUT);

  private final HikariDataSource dataSource;
  private final KeyValueStore store;
  private final BrokerStore brokerStore;
  private final SsoKeyStore ssoKeys;
  private final UsageOutbox usageOutbox;

  private HelloState(HikariDataSource dataSource, KeyValueStore store, BrokerStore brokerStore,
      SsoKeyStore ssoKeys, UsageOutbox usageOutbox) {
    this.dataSource = dataSource;
    this.store = store;
    this.brokerStore = brokerStore;
    this.ssoKeys = ssoKeys;
    this.usageOutbox = usageOutbox;
  }

  /**
   * Opens the state the settings name: PostgreSQL when a database URL is set (migrations
   * applied now), else memory.
   *
   * @param settings the settings
   * @return the state; close it at shutdown
   */
  public static HelloState open(StateSettings settings) {
    if (!settings.usesDatabase()) {
      return inMemory(new InMemoryKeyValueStore());
    }
    HikariDataSource ds = pool(settings);
    try {
      if (settings.migrate()) {
        Migrations.apply(ds);
        HelloMigrations.apply(ds);
      } else {
        checkTables(ds);
      }
      return new HelloState(ds, new PostgresKeyValueStore(ds),
          PostgresBrokerStore.builder(ds).build(), PostgresSsoKeyStore.create(ds),
          PostgresUsageOutbox.create(ds));
    } catch (RuntimeException e) {
      ds.close();
      throw e;
    }
  }

  /**
   * The tables the SDK's ({@code db/migration/osb}) and the sample's ({@code db/migration/hello})
   * migrations create, which {@code BROKER_DATABASE_MIGRATE=false} expects to find.
   */
  static final List<String> TABLES = List.of("osb_instance", "osb_binding", "osb_operation",
      "osb_sso_key", "osb_usage_record", "osb_usage_count", "osb_usage_watermark",
      "osb_usage_instance_end", "osb_usage_delivered", "osb_usage_plan_end",
      "osb_usage_held_count", "hello_namespace", "hello_value", "hello_binding");

  /**
   * With {@code BROKER_DATABASE_MIGRATE=false}, where the user's own tool applies the
   * migrations: the SDK has no call that only checks its migrations, so the start checks that
   * their tables are on the search path, and refuses with the missing ones named.
   */
  private static void checkTables(DataSource ds) {
    List<String> missing = new ArrayList<>();
    try (Connection c = ds.getConnection();
        PreparedStatement st = c.prepareStatement("SELECT to_regclass(?) IS NULL")) {
      for (String table : TABLES) {
        st.setString(1, table);
        try (ResultSet rs = st.executeQuery()) {
          rs.next();
          if (rs.getBoolean(1)) {
            missing.add(table);
          }
        }
      }
    } catch (SQLException e) {
      throw new StoreUnavailableException("cannot check the tables", e);
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException(StateSettings.MIGRATE_VARIABLE + "=false, but the"
          + " schema has no " + String.join(", ", missing) + ": apply the migrations in"
          + " db/migration/osb and db/migration/hello first, or unset "
          + StateSettings.MIGRATE_VARIABLE + " to let the start apply them");
    }
    checkNewest(ds);
  }

  /** The column the newest migration of the SDK's and of the sample's files adds or changes. */
  record Newest(String migration, String table, String column, String type) {}

  /**
   * What {@code BROKER_DATABASE_MIGRATE=false} checks besides the tables: the newest shipped
   * migrations, by the column each leaves (the user's tool keeps its history under a name of
   * its choosing); a schema left at an older version would start, then fail on its first use.
   */
  static final List<Newest> NEWEST = List.of(
      new Newest("db/migration/osb/V13__usage_held_count.sql", "osb_usage_held_count",
          "first_at", "timestamp with time zone"),
      new Newest(HelloMigrations.LOCATION + "V2__binding_password_digest.sql", "hello_binding",
          "password_sha256", "bytea"));

  private static void checkNewest(DataSource ds) {
    try (Connection c = ds.getConnection();
        PreparedStatement st = c.prepareStatement("SELECT format_type(atttypid, atttypmod)"
            + " FROM pg_attribute WHERE attrelid = to_regclass(?) AND attname = ?"
            + " AND NOT attisdropped")) {
      for (Newest n : NEWEST) {
        st.setString(1, n.table());
        st.setString(2, n.column());
        try (ResultSet rs = st.executeQuery()) {
          if (!rs.next() || !n.type().equals(rs.getString(1))) {
            throw new IllegalStateException(StateSettings.MIGRATE_VARIABLE + "=false, but the"
                + " schema lacks the migration " + n.migration() + " (" + n.table() + "."
                + n.column() + " is not " + n.type() + "): apply it and any other missing"
                + " ones first, or unset " + StateSettings.MIGRATE_VARIABLE
                + " to let the start apply them");
          }
        }
      }
    } catch (SQLException e) {
      throw new StoreUnavailableException("cannot check the migrations", e);
    }
  }

  /**
   * Keeps everything in memory, with the service's data in the given store.
   *
   * @param store the service's data
   * @return the state
   */
  public static HelloState inMemory(KeyValueStore store) {
    return new HelloState(null, Objects.requireNonNull(store, "store == null"), null, null,
        new InMemoryUsageOutbox());
  }

  private static HikariDataSource pool(StateSettings settings) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("hello-kv");
    config.setJdbcUrl(settings.databaseUrl());
    if (settings.databaseUser() != null) {
      config.setUsername(settings.databaseUser());
    }
    if (settings.databasePassword() != null) {
      config.setPassword(settings.databasePassword());
    }
    config.setMaximumPoolSize(10);
    config.setMinimumIdle(2);
    config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
    // a default: pgjdbc lets the URL's own socketTimeout win
    config.addDataSourceProperty("socketTimeout", Long.toString(SOCKET_TIMEOUT.toSeconds()));
    config.setValidationTimeout(1_000);
    return new HikariDataSource(config);
  }

  /**
   * Returns the service's own data.
   *
   * @return the store
   */
  public KeyValueStore store() {
    return store;
  }

  /**
   * Returns the SDK registry's store.
   *
   * @return the PostgreSQL store, or null for the SDK's in-memory default
   */
  public BrokerStore brokerStore() {
    return brokerStore;
  }

  /**
   * Returns the dashboard SSO keys.
   *
   * @return the PostgreSQL key store, or null for broker-iam's in-memory default
   */
  public SsoKeyStore ssoKeys() {
    return ssoKeys;
  }

  /**
   * Returns where usage records and open-window counts wait.
   *
   * @return the outbox
   */
  public UsageOutbox usageOutbox() {
    return usageOutbox;
  }

  /**
   * Returns the pool.
   *
   * @return the pool, or null in memory
   */
  public DataSource dataSource() {
    return dataSource;
  }

  /** Closes the pool, if any. */
  @Override
  public void close() {
    if (brokerStore instanceof PostgresBrokerStore postgres) {
      postgres.close(); // its listener gives its connection back
    }
    if (dataSource != null) {
      dataSource.close();
    }
  }
}
