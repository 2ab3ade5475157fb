package io.github.osbsdk.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import io.github.osbsdk.broker.store.jdbc.Migrations;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample's own migrations ({@link HelloMigrations}) on a real PostgreSQL server: bounded lock
 * waits, and no right to create tables needed on an up-to-date schema.
 */
class HelloMigrationsTest {
  /** Only the locks of the test's own database. */
  private static final String IN_THIS_DATABASE =
      " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())";
  @TempDir
  static Path dir;
  /** One server for the class (an initdb and a start take seconds): a database per test. */
  private static TestPostgres pg;
  private static int databases;

  @BeforeAll
  static void start() {
    pg = TestPostgres.start(dir);
  }

  @AfterAll
  static void stop() {
    pg.close();
  }

  /** An empty database of its own for the test, which sees no other test's sessions. */
  private static TestPostgres.Database freshDatabase() {
    return pg.newDatabase("migrations_" + ++databases);
  }

  @Test
  void aMigrationBehindATransactionLeftOpenStopsTheStartWithinSecondsAndSaysWhy()
      throws Exception {
    TestPostgres.Database db = freshDatabase();
    // a schema an older sample migrated (V1); V2 alters hello_binding, which a DBA's
    // transaction left open has read
    DataSource admin = db.dataSource();
    atV1BehindAnOpenTransaction(admin, admin, "hello_binding", (dba, pool) -> {
      long start = System.nanoTime();
      List<Future<Integer>> replicas = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        replicas.add(pool.submit(() -> HelloMigrations.apply(admin)));
      }
      for (Future<Integer> replica : replicas) {
        assertThatThrownBy(() -> replica.get(30, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class).cause()
            .isInstanceOf(StoreUnavailableException.class)
            .hasMessageContaining("V2__binding_password_digest.sql")
            .hasMessageContaining("waited more than 5 s for a lock")
            .hasMessageContaining("pg_stat_activity");
      }
      // the second replica waited for the first, then for the table itself
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isLessThan(Duration.ofSeconds(20));
      dba.rollback();
    });
    assertThat(count(admin, "SELECT count(*) FROM hello_schema_history")).isEqualTo(1);
    assertThat(HelloMigrations.apply(admin)).isEqualTo(1);
  }

  @Test
  void aHistoryTableBehindATransactionLeftOpenStopsTheStartAndSaysWhy()
      throws Exception {
    TestPostgres.Database db = freshDatabase();
    // a DBA's transaction left open has begun creating hello_schema_history by hand
    DataSource admin = db.dataSource();
    try (Connection dba = admin.getConnection(); Statement st = dba.createStatement()) {
      dba.setAutoCommit(false);
      st.execute("CREATE TABLE hello_schema_history (version int)");
      long start = System.nanoTime();
      assertThatThrownBy(() -> HelloMigrations.apply(admin))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("hello_schema_history")
          .hasMessageContaining("waited more than 5 s for a lock")
          .hasMessageContaining("pg_stat_activity");
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isLessThan(Duration.ofSeconds(20));
      dba.rollback();
    }
    assertThat(HelloMigrations.apply(admin)).isEqualTo(HelloMigrations.FILES.size());
  }

  @Test
  void aRoleAllowedOnlyToReadAndWriteRowsStartsOnAnUpToDateSchema()
      throws Exception {
    TestPostgres.Database db = freshDatabase();
    // least privilege: the DBA migrates; the broker's role may not create tables (the
    // default of PostgreSQL 15 and later for schema public, made explicit here)
    DataSource admin = db.dataSource();
    Migrations.apply(admin);
    assertThat(HelloMigrations.apply(admin)).isEqualTo(HelloMigrations.FILES.size());
    // a role of the server's, named after the test's database: no other test has it
    String role = "broker_rw_" + db.name();
    execute(admin, "REVOKE CREATE ON SCHEMA public FROM PUBLIC");
    execute(admin, "CREATE ROLE " + role + " LOGIN");
    execute(admin, "GRANT USAGE ON SCHEMA public TO " + role);
    execute(admin, "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public"
        + " TO " + role);
    execute(admin, "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO " + role);
    StateSettings asRole = StateSettings.postgres(db.jdbcUrl(), role, null,
        Duration.ofSeconds(30), pg.credentialsKey());
    try (HelloState state = HelloState.open(asRole)) {
      assertThat(state.store()).isInstanceOf(PostgresKeyValueStore.class);
    }
    assertThat(count(admin, "SELECT count(*) FROM hello_schema_history"))
        .isEqualTo(HelloMigrations.FILES.size());
  }

  @Test
  void aMigrationCheckedOutWithCrlfLineEndingsMatchesTheOneAppliedWithLf(
      @TempDir Path windowsCheckout) throws Exception {
    // a replica built from a Windows checkout (core.autocrlf) ships the files with CRLF
    for (String file : HelloMigrations.FILES) {
      String sql;
      try (InputStream in = HelloMigrations.class.getClassLoader()
          .getResourceAsStream(HelloMigrations.LOCATION + file)) {
        sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      Path crlf = windowsCheckout.resolve(HelloMigrations.LOCATION + file);
      Files.createDirectories(crlf.getParent());
      Files.writeString(crlf, sql.replace("\r\n", "\n").replace("\n", "\r\n"));
    }
    DataSource db = freshDatabase().dataSource();
    try (URLClassLoader windows = new URLClassLoader(
        new URL[] {windowsCheckout.toUri().toURL()}, null)) {
      assertThat(HelloMigrations.apply(db, 1, windows)).isEqualTo(1);
      // the next deploy, built on Linux, starts on it; and the one after, from Windows again
      assertThat(HelloMigrations.apply(db)).isEqualTo(HelloMigrations.FILES.size() - 1);
      assertThat(HelloMigrations.apply(db, Integer.MAX_VALUE, windows)).isZero();
    }
  }

  @Test
  void samplesOnTwoSchemasOfOneDatabaseDoNotWaitForEachOthersMigrations()
      throws Exception {
    TestPostgres.Database db = freshDatabase();
    DataSource admin = db.dataSource();
    execute(admin, "CREATE SCHEMA team_a");
    execute(admin, "CREATE SCHEMA team_b");
    DataSource teamA = db.dataSource("team_a");
    DataSource teamB = db.dataSource("team_b");
    // team A's V2 waits (up to 5 s) for a table a transaction left open has read
    atV1BehindAnOpenTransaction(admin, teamA, "team_a.hello_binding", (dba, pool) -> {
      Future<Integer> replicaA = pool.submit(() -> HelloMigrations.apply(teamA));
      awaitAMigrationWaitingForATable(admin);

      assertThat(HelloMigrations.apply(teamB)).isEqualTo(HelloMigrations.FILES.size());
      assertThat(replicaA).as("team A's migration still waits for its table").isNotDone();

      dba.rollback();
      assertThat(replicaA.get(30, TimeUnit.SECONDS)).isEqualTo(1);
    });
  }

  @Test
  void aMigrationWhoseConnectionIsCutReportsWhyNotItsFailedRollback()
      throws Exception {
    TestPostgres.Database db = freshDatabase();
    DataSource admin = db.dataSource();
    atV1BehindAnOpenTransaction(admin, admin, "hello_binding", (dba, pool) -> {
      Future<Integer> replica = pool.submit(() -> HelloMigrations.apply(admin));
      awaitAMigrationWaitingForATable(admin);
      // a DBA ends the waiting migration's session (as a failover or restart would): its
      // connection is gone, so the rollback that follows fails too
      execute(admin, "SELECT pg_terminate_backend(pid) FROM pg_locks"
          + " WHERE locktype = 'relation' AND NOT granted" + IN_THIS_DATABASE);

      assertThatThrownBy(() -> replica.get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class).cause()
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("SQLState 57P01")
          .satisfies(e -> assertThat(e.getCause().getSuppressed()).hasSize(1));
      dba.rollback();
    });
    assertThat(HelloMigrations.apply(admin)).isEqualTo(1);
  }

  /**
   * What README.md (Migrations) says: pgjdbc's socketTimeout, shorter than the wait for another
   * replica, ends that wait first, with a "PostgreSQL unavailable" failure.
   */
  @Test
  void aSocketTimeoutShorterThanTheWaitForAnotherReplicaEndsTheWaitFirst()
      throws Exception {
    TestPostgres.Database db = freshDatabase();
    DataSource admin = db.dataSource();
    // the first replica holds the migrations' lock, waiting (up to 5 s) for a table
    atV1BehindAnOpenTransaction(admin, admin, "hello_binding", (dba, pool) -> {
      Future<Integer> first = pool.submit(() -> HelloMigrations.apply(admin));
      awaitAMigrationWaitingForATable(admin);
      long start = System.nanoTime();

      assertThatThrownBy(() -> HelloMigrations.apply(
          db.dataSource(Map.of("socketTimeout", "1"))))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageStartingWith("hello-kv: PostgreSQL unavailable during migration"
              + " (SQLState 08006)");
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isLessThan(HelloMigrations.TABLE_LOCK_WAIT);
      assertThat(first).as("the first replica still waits for its table").isNotDone();

      dba.rollback();
      assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(1);
    });
  }

  /** Work done while a DBA's transaction left open has read a table. */
  @FunctionalInterface
  private interface BehindAnOpenTransaction {
    /**
     * Runs the work.
     *
     * @param dba the DBA's connection, in its open transaction, which the work ends
     * @param pool two threads for replicas
     */
    void run(Connection dba, ExecutorService pool) throws Exception;
  }

  /**
   * Migrates {@code db} to V1 (as an older sample did), then runs {@code work} while a DBA's
   * transaction left open has read {@code binding}, the table V2 alters.
   */
  private static void atV1BehindAnOpenTransaction(DataSource admin, DataSource db,
      String binding, BehindAnOpenTransaction work) throws Exception {
    assertThat(HelloMigrations.apply(db, 1)).isEqualTo(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (Connection dba = admin.getConnection(); Statement st = dba.createStatement()) {
      dba.setAutoCommit(false);
      st.execute("SELECT count(*) FROM " + binding);
      work.run(dba, pool);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Waits until a session waits for a table's lock (a migration that holds its own lock). */
  private static void awaitAMigrationWaitingForATable(DataSource admin) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (count(admin, "SELECT count(*) FROM pg_locks WHERE locktype = 'relation'"
        + " AND NOT granted" + IN_THIS_DATABASE) == 0) {
      assertThat(System.nanoTime()).as("a migration waits for a table").isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  private static void execute(DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private static long count(DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
