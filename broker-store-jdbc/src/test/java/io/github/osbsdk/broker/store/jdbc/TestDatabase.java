package io.github.osbsdk.broker.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * One real PostgreSQL server for the whole test run (embedded binaries from Maven Central), with
 * the migrations applied, and pools on it that stand for replicas.
 */
public final class TestDatabase {
  private static EmbeddedPostgres server;
  private static HikariDataSource replicaA;
  private static HikariDataSource replicaB;

  private TestDatabase() {}

  /**
   * The server, started on first use.
   *
   * @return the server
   */
  public static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        server = EmbeddedPostgres.start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Migrations.apply(server.getPostgresDatabase());
    }
    return server;
  }

  /**
   * The first replica's pool.
   *
   * @return the pool
   */
  public static synchronized DataSource replicaA() {
    if (replicaA == null) {
      replicaA = pool(server().getJdbcUrl("postgres", "postgres"), "replica-a");
    }
    return replicaA;
  }

  /**
   * The second replica's pool (its own connections).
   *
   * @return the pool
   */
  public static synchronized DataSource replicaB() {
    if (replicaB == null) {
      replicaB = pool(server().getJdbcUrl("postgres", "postgres"), "replica-b");
    }
    return replicaB;
  }

  static HikariDataSource pool(String url, String name) {
    return pool(url, name, 2_000);
  }

  static HikariDataSource pool(String url, String name, long connectionTimeoutMillis) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername("postgres");
    config.setPoolName(name);
    config.setMaximumPoolSize(6);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(connectionTimeoutMillis);
    config.setValidationTimeout(Math.min(1_000, connectionTimeoutMillis));
    config.setInitializationFailTimeout(-1);
    return new HikariDataSource(config);
  }

  /** Empties the registry tables. */
  static void truncate() {
    sql("TRUNCATE osb_operation, osb_binding, osb_instance, osb_sso_key");
  }

  /** Empties the metering outbox and resets its watermark. */
  public static void truncateUsage() {
    sql("TRUNCATE osb_usage_record, osb_usage_count");
    sql("UPDATE osb_usage_watermark SET closed_through = NULL");
  }

  private static void sql(String sql) {
    try (Connection c = replicaA().getConnection(); Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
