package io.github.osbsdk.broker.store.jdbc;

import static io.github.osbsdk.broker.store.jdbc.TestDatabase.count;
import static io.github.osbsdk.broker.store.jdbc.TestDatabase.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import io.github.osbsdk.broker.store.jdbc.internal.MigrationRunner;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/**
 * The migrations while other sessions hold their locks: replicas starting together, a
 * transaction left open on a table a migration alters, a connection cut mid-way, and waits for
 * another replica longer than the driver's or the role's timeouts.
 */
class MigrationLocksTest {
  /** Work on the DBA's session, whose transaction is left open. */
  @FunctionalInterface
  private interface OnOpenTransaction {
    void run(DataSource admin, String schema, ExecutorService pool) throws Exception;
  }

  /**
   * Runs {@code work} on a schema an older SDK migrated (V1-V4) while a DBA's transaction left
   * open has read {@code osb_usage_record}, which V5 alters; then the DBA rolls back and the
   * migrations must apply the rest.
   */
  private static void behindAnOpenTransaction(OnOpenTransaction work) throws Exception {
    String schema = TestDatabase.freshSchema("m_");
    DataSource admin = TestDatabase.server().getPostgresDatabase();
    assertThat(MigrationRunner.apply(admin, schema, 4)).isEqualTo(4);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (Connection dba = admin.getConnection(); Statement st = dba.createStatement()) {
      dba.setAutoCommit(false);
      st.execute("SELECT count(*) FROM " + schema + ".osb_usage_record");
      work.run(admin, schema, pool);
      dba.rollback();
    } finally {
      pool.shutdownNow();
    }
    TestDatabase.appliesTheRestAfter(admin, schema, 4);
  }

  /** A pool whose connections' search_path names only the given schema. */
  private static HikariDataSource searchPath(String schema) {
    return TestDatabase.pool(TestDatabase.server().getJdbcUrl("postgres", "postgres")
        + "&options=-c%20search_path%3D" + schema, "search-path-" + schema);
  }

  /** Waits until at least n sessions wait for a lock another session holds. */
  private static void awaitBlockedSessions(DataSource ds, int n) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (count(ds, "SELECT count(*) FROM pg_stat_activity"
        + " WHERE cardinality(pg_blocking_pids(pid)) > 0") < n) {
      assertThat(System.nanoTime() - end).as("sessions waiting for a lock").isNegative();
      Thread.sleep(20);
    }
  }

  @Test
  void twoReplicasStartingTogetherApplyEachMigrationOnce() throws Exception {
    String schema = TestDatabase.freshSchema("m_");
    DataSource a = TestDatabase.server().getPostgresDatabase();
    DataSource b = TestDatabase.server().getPostgresDatabase();
    CyclicBarrier together = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Integer>> runs = new ArrayList<>();
      for (DataSource ds : List.of(a, b)) {
        runs.add(pool.submit(() -> {
          together.await();
          return Migrations.apply(ds, schema);
        }));
      }
      int applied = 0;
      for (Future<Integer> f : runs) {
        applied += f.get(60, TimeUnit.SECONDS);
      }
      assertThat(applied).isEqualTo(MigrationRunner.FILES.size());
    } finally {
      pool.shutdownNow();
    }
    assertThat(count(a, "SELECT count(*) FROM " + schema + ".osb_schema_history"))
        .isEqualTo(MigrationRunner.FILES.size());
    assertThat(count(a, "SELECT count(*) FROM " + schema + ".osb_operation")).isZero();
    assertThat(Migrations.apply(b, schema)).isZero();
  }

  @Test
  void replicasNamingTheSameSchemaTwoWaysApplyEachMigrationOnce() throws Exception {
    // one replica names the schema, the other reaches it through its search_path: both are
    // the same tables, so they must wait for each other
    String schema = TestDatabase.freshSchema("m_");
    DataSource admin = TestDatabase.server().getPostgresDatabase();
    execute(admin, "CREATE SCHEMA " + schema);
    // a history table the DBA locks for a moment, so the first replica is caught mid-way
    execute(admin, "CREATE TABLE " + schema + ".osb_schema_history (version integer PRIMARY"
        + " KEY, description text NOT NULL, checksum text NOT NULL, applied_at timestamptz"
        + " NOT NULL DEFAULT now())");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (HikariDataSource byPath = searchPath(schema);
        Connection dba = admin.getConnection(); Statement st = dba.createStatement()) {
      dba.setAutoCommit(false);
      st.execute("LOCK TABLE " + schema + ".osb_schema_history IN ACCESS EXCLUSIVE MODE");
      Future<Integer> named = pool.submit(() -> Migrations.apply(admin, schema));
      awaitBlockedSessions(admin, 1);
      Future<Integer> found = pool.submit(() -> Migrations.apply(byPath));
      awaitBlockedSessions(admin, 2);
      dba.commit();
      int applied = named.get(30, TimeUnit.SECONDS) + found.get(30, TimeUnit.SECONDS);
      assertThat(applied).isEqualTo(MigrationRunner.FILES.size());
      assertThat(Migrations.apply(byPath)).isZero();
    } finally {
      pool.shutdownNow();
    }
    assertThat(count(admin, "SELECT count(*) FROM " + schema + ".osb_schema_history"))
        .isEqualTo(MigrationRunner.FILES.size());
  }

  @Test
  void aMigrationBehindATransactionLeftOpenStopsTheStartWithinSecondsAndSaysWhy()
      throws Exception {
    behindAnOpenTransaction((admin, schema, pool) -> {
      long start = System.nanoTime();
      List<Future<Integer>> replicas = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        replicas.add(pool.submit(() -> Migrations.apply(admin, schema)));
      }
      for (Future<Integer> replica : replicas) {
        assertThatThrownBy(() -> replica.get(30, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class).cause()
            .isInstanceOf(StoreUnavailableException.class)
            .hasMessageContaining("V5 (usage invalid)")
            .hasMessageContaining("waited more than 5 s for a lock")
            .hasMessageContaining("pg_stat_activity");
      }
      // the second replica waited for the first, then for the table itself
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    });
  }

  /**
   * Cuts the migrating session off while it waits behind an open transaction (a failover, a
   * DBA's pg_terminate_backend) and checks what the start failed with.
   */
  private static void cutOffMidMigration(Consumer<AbstractThrowableAssert<?, ?>> failure)
      throws Exception {
    behindAnOpenTransaction((admin, schema, pool) -> {
      Future<Integer> replica = pool.submit(() -> Migrations.apply(admin, schema));
      awaitBlockedSessions(admin, 1);
      execute(admin, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
          + " WHERE cardinality(pg_blocking_pids(pid)) > 0");
      failure.accept(assertThatThrownBy(() -> replica.get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class).cause());
    });
  }

  @Test
  void aConnectionLostMidMigrationAppliesNothingAndSaysTheDatabaseIsUnavailable()
      throws Exception {
    cutOffMidMigration(failure -> failure.isInstanceOf(StoreUnavailableException.class));
  }

  @Test
  void aConnectionLostMidMigrationSaysWhyItWasLostNotThatTheRollbackFailedAfterIt()
      throws Exception {
    // 57P01 (admin shutdown) is why the migration failed; the rollback that followed could
    // only fail on the closed connection (08003), and that failure rides along, suppressed
    cutOffMidMigration(failure -> failure.isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("SQLState 57P01")
        .satisfies(e -> assertThat(e.getCause().getSuppressed()).isNotEmpty()));
  }

  /**
   * Starts a replica on an impatient pool while another replica holds the migrations' lock on
   * the schema for longer than the pool's patience, then releases it: the replica must apply
   * every migration, and {@code afterwards} checks the pool's connections.
   */
  private static void outlastsAnotherReplica(String urlParameters, String poolName,
      OnConnection afterwards) throws Exception {
    String schema = TestDatabase.freshSchema("m_");
    DataSource admin = TestDatabase.server().getPostgresDatabase();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (HikariDataSource impatient = TestDatabase.pool(TestDatabase.server()
        .getJdbcUrl("postgres", "postgres") + urlParameters, poolName);
        Connection other = admin.getConnection(); Statement st = other.createStatement()) {
      other.setAutoCommit(false);
      // another replica holds the migrations' lock on this schema
      st.execute("SELECT pg_advisory_xact_lock(" + MigrationRunner.LOCK_CLASS + ", "
          + schema.hashCode() + ")");
      Future<Integer> replica = pool.submit(() -> Migrations.apply(impatient, schema));
      awaitBlockedSessions(admin, 1);
      Thread.sleep(2_500); // longer than the pool's timeout

      other.commit();

      assertThat(replica.get(30, TimeUnit.SECONDS)).isEqualTo(MigrationRunner.FILES.size());
      try (Connection c = impatient.getConnection()) {
        afterwards.check(c);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** A check of a pool's connection. */
  @FunctionalInterface
  private interface OnConnection {
    void check(Connection c) throws Exception;
  }

  @Test
  void aReplicaWaitsForTheMigrationsLockLongerThanItsDriversSocketTimeout() throws Exception {
    // socketTimeout=1: the driver gives up on any answer that takes more than a second
    outlastsAnotherReplica("&socketTimeout=1", "socket-timeout-1",
        // and the pool's connections have their socket timeout back
        c -> assertThat(c.getNetworkTimeout()).isEqualTo(1_000));
  }

  @Test
  void aReplicaWaitsForTheMigrationsLockLongerThanItsRolesStatementTimeout() throws Exception {
    // statement_timeout=1s, as a DBA sets it for the broker's role or database
    outlastsAnotherReplica("&options=-c%20statement_timeout%3D1000", "statement-timeout-1",
        c -> {
          try (Statement show = c.createStatement();
              ResultSet rs = show.executeQuery("SHOW statement_timeout")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("1s");
          }
        });
  }
}
