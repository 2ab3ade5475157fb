package io.github.osbsdk.broker.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.osbsdk.broker.core.store.Claim;
import io.github.osbsdk.broker.core.store.Finish;
import io.github.osbsdk.broker.core.store.InstanceStatus;
import io.github.osbsdk.broker.core.store.OperationStatus;
import io.github.osbsdk.broker.core.store.OperationType;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import io.github.osbsdk.broker.core.store.StoredInstance;
import io.github.osbsdk.broker.core.store.StoredOperation;
import io.github.osbsdk.broker.store.jdbc.internal.MigrationRunner;
import io.github.osbsdk.broker.store.jdbc.metering.PostgresUsageOutbox;
import java.io.File;
import java.net.URL;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MigrationsTest {
  private static int count(DataSource ds, String sql) throws Exception {
    try (Connection c = ds.getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
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

  /** A pool whose connections' search_path names only the given schema. */
  private static HikariDataSource searchPath(String schema) {
    return TestDatabase.pool(TestDatabase.server().getJdbcUrl("postgres", "postgres")
        + "&options=-c%20search_path%3D" + schema, "search-path-" + schema);
  }

  /** Waits until at least n sessions wait for a lock another session holds. */
  private static void awaitBlockedSessions(DataSource ds, int n) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (count(ds, "SELECT count(*) FROM pg_stat_activity"
        + " WHERE cardinality(pg_blocking_pids(pid)) > 0") < n) {
      assertThat(System.nanoTime() - end).as("sessions waiting for a lock").isNegative();
      Thread.sleep(20);
    }
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
    // a schema an older SDK migrated (V1-V4); V5 alters osb_usage_record, which a DBA's
    // transaction left open has read
    String schema = TestDatabase.freshSchema("m_");
    DataSource admin = TestDatabase.server().getPostgresDatabase();
    assertThat(MigrationRunner.apply(admin, schema, 4)).isEqualTo(4);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (Connection dba = admin.getConnection(); Statement st = dba.createStatement()) {
      dba.setAutoCommit(false);
      st.execute("SELECT count(*) FROM " + schema + ".osb_usage_record");
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
      dba.rollback();
    } finally {
      pool.shutdownNow();
    }
    TestDatabase.appliesTheRestAfter(admin, schema, 4);
  }

  @Test
  void aSchemaOfEachOlderVersionUpgradesToTheTablesOfAFreshOne() throws Exception {
    DataSource ds = TestDatabase.replicaA();
    String fresh = TestDatabase.freshSchema("m_");
    Migrations.apply(ds, fresh);
    for (int older = 1; older < MigrationRunner.FILES.size(); older++) {
      String schema = TestDatabase.freshSchema("m_");
      assertThat(MigrationRunner.apply(ds, schema, older)).isEqualTo(older);
      // rows an older version wrote, where later migrations change the tables
      execute(ds, "INSERT INTO " + schema + ".osb_instance VALUES ('i', 's', 'p', 'f', NULL,"
          + " NULL, NULL, NULL, NULL, NULL, NULL, 'READY', true, now(), now(), now())");
      if (older >= 2) {
        execute(ds, "INSERT INTO " + schema + ".osb_sso_key (version, secret)"
            + " VALUES (1, decode(repeat('ab', 32), 'hex'))");
      }
      if (older >= 3) {
        execute(ds, "INSERT INTO " + schema + ".osb_usage_record (key, resource_instance_id,"
            + " plan_id, start_at, end_at, measures, quantities, state) VALUES ('k', 'i', 'p',"
            + " now(), now(), '{m}', '{1}', 'PENDING')");
      }
      assertThat(Migrations.apply(ds, schema)).as("upgrade from V%d", older)
          .isEqualTo(MigrationRunner.FILES.size() - older);
      assertThat(TestDatabase.definition(schema)).as("upgrade from V%d", older)
          .isEqualTo(TestDatabase.definition(fresh));
      assertThat(PostgresBrokerStore.builder(ds).schema(schema).build().findInstance("i"))
          .isPresent();
      if (older >= 2) {
        assertThat(PostgresSsoKeyStore.create(ds, schema, Duration.ofSeconds(1), 3)
            .signingKey()).isNotEmpty();
      }
    }
  }

  @Test
  void aRoleAllowedOnlyToReadAndWriteRowsStartsOnAnUpToDateSchema() throws Exception {
    // least privilege: the DBA migrates; the broker's role may not create tables
    String schema = TestDatabase.freshSchema("m_");
    String role = "r" + schema;
    DataSource admin = TestDatabase.server().getPostgresDatabase();
    Migrations.apply(admin, schema);
    execute(admin, "CREATE ROLE " + role + " LOGIN");
    execute(admin, "GRANT USAGE ON SCHEMA " + schema + " TO " + role);
    execute(admin, "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA " + schema
        + " TO " + role);
    try (HikariDataSource broker = loginAs(role)) {
      assertThat(Migrations.apply(broker, schema)).isZero();
      PostgresBrokerStore.builder(broker).schema(schema).build().check();
    }
  }

  @Test
  void aReadOnlyServerAnswersUnavailableForWritesAndStillReads() throws Exception {
    // as a standby (or a primary turned read-only) does: SQLState 25006 on every write
    String url = TestDatabase.server().getJdbcUrl("postgres", "postgres")
        + "&options=-c%20default_transaction_read_only%3Don";
    try (HikariDataSource ds = TestDatabase.pool(url, "read-only")) {
      PostgresBrokerStore store = PostgresBrokerStore.builder(ds).build();
      assertThat(store.findInstance("ro")).isEmpty();
      Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      StoredOperation op = StoredOperation.start(UUID.randomUUID().toString(), "ro", null,
          OperationType.PROVISION, "fp", "me", now.plusSeconds(60), "req", null, now);
      StoredInstance row = new StoredInstance("ro", "svc", "plan", "fp", null, null, "org",
          "space", null, null, null, InstanceStatus.PROVISIONING, true, now, now, now);
      assertThatThrownBy(() -> store.claimInstance(row, op))
          .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("25006");
      // an up-to-date schema needs no write, so a replica still starts
      assertThat(Migrations.apply(ds)).isZero();
    }
  }

  @Test
  void aConnectionLostMidMigrationAppliesNothingAndSaysTheDatabaseIsUnavailable()
      throws Exception {
    String schema = TestDatabase.freshSchema("m_");
    DataSource admin = TestDatabase.server().getPostgresDatabase();
    MigrationRunner.apply(admin, schema, 4);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (Connection dba = admin.getConnection(); Statement st = dba.createStatement()) {
      dba.setAutoCommit(false);
      st.execute("SELECT count(*) FROM " + schema + ".osb_usage_record");
      Future<Integer> replica = pool.submit(() -> Migrations.apply(admin, schema));
      awaitBlockedSessions(admin, 1);
      // the migrating session is cut off mid-way (a failover, a DBA's pg_terminate_backend)
      try (Connection other = admin.getConnection(); Statement kill = other.createStatement()) {
        kill.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            + " WHERE cardinality(pg_blocking_pids(pid)) > 0");
      }
      assertThatThrownBy(() -> replica.get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class).cause()
          .isInstanceOf(StoreUnavailableException.class);
      dba.rollback();
    } finally {
      pool.shutdownNow();
    }
    TestDatabase.appliesTheRestAfter(admin, schema, 4);
  }

  @Test
  void aConnectionLostMidMigrationSaysWhyItWasLostNotThatTheRollbackFailedAfterIt()
      throws Exception {
    String schema = TestDatabase.freshSchema("m_");
    DataSource admin = TestDatabase.server().getPostgresDatabase();
    MigrationRunner.apply(admin, schema, 4);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (Connection dba = admin.getConnection(); Statement st = dba.createStatement()) {
      dba.setAutoCommit(false);
      st.execute("SELECT count(*) FROM " + schema + ".osb_usage_record");
      Future<Integer> replica = pool.submit(() -> Migrations.apply(admin, schema));
      awaitBlockedSessions(admin, 1);
      try (Connection other = admin.getConnection(); Statement kill = other.createStatement()) {
        kill.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            + " WHERE cardinality(pg_blocking_pids(pid)) > 0");
      }
      // 57P01 (admin shutdown) is why the migration failed; the rollback that followed could
      // only fail on the closed connection (08003), and that failure rides along, suppressed
      assertThatThrownBy(() -> replica.get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class).cause()
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("SQLState 57P01")
          .satisfies(e -> assertThat(e.getCause().getSuppressed()).isNotEmpty());
      dba.rollback();
    } finally {
      pool.shutdownNow();
    }
    TestDatabase.appliesTheRestAfter(admin, schema, 4);
  }

  @Test
  void aReplicaWaitsForTheMigrationsLockLongerThanItsDriversSocketTimeout() throws Exception {
    String schema = TestDatabase.freshSchema("m_");
    DataSource admin = TestDatabase.server().getPostgresDatabase();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    // socketTimeout=1: the driver gives up on any answer that takes more than a second
    try (HikariDataSource impatient = TestDatabase.pool(TestDatabase.server()
        .getJdbcUrl("postgres", "postgres") + "&socketTimeout=1", "socket-timeout-1");
        Connection other = admin.getConnection(); Statement st = other.createStatement()) {
      other.setAutoCommit(false);
      // another replica holds the migrations' lock on this schema
      st.execute("SELECT pg_advisory_xact_lock(" + MigrationRunner.LOCK_CLASS + ", "
          + schema.hashCode() + ")");
      Future<Integer> replica = pool.submit(() -> Migrations.apply(impatient, schema));
      awaitBlockedSessions(admin, 1);
      Thread.sleep(2_500); // longer than the socket timeout

      other.commit();

      assertThat(replica.get(30, TimeUnit.SECONDS)).isEqualTo(MigrationRunner.FILES.size());
      // and the pool's connections have their socket timeout back
      try (Connection c = impatient.getConnection()) {
        assertThat(c.getNetworkTimeout()).isEqualTo(1_000);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aReplicaWaitsForTheMigrationsLockLongerThanItsRolesStatementTimeout() throws Exception {
    String schema = TestDatabase.freshSchema("m_");
    DataSource admin = TestDatabase.server().getPostgresDatabase();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    // statement_timeout=1s, as a DBA sets it for the broker's role or database
    try (HikariDataSource impatient = TestDatabase.pool(TestDatabase.server()
        .getJdbcUrl("postgres", "postgres") + "&options=-c%20statement_timeout%3D1000",
        "statement-timeout-1");
        Connection other = admin.getConnection(); Statement st = other.createStatement()) {
      other.setAutoCommit(false);
      st.execute("SELECT pg_advisory_xact_lock(" + MigrationRunner.LOCK_CLASS + ", "
          + schema.hashCode() + ")");
      Future<Integer> replica = pool.submit(() -> Migrations.apply(impatient, schema));
      awaitBlockedSessions(admin, 1);
      Thread.sleep(2_500); // longer than the statement timeout

      other.commit();

      assertThat(replica.get(30, TimeUnit.SECONDS)).isEqualTo(MigrationRunner.FILES.size());
      try (Connection c = impatient.getConnection(); Statement show = c.createStatement();
          ResultSet rs = show.executeQuery("SHOW statement_timeout")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("1s");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aChangedMigrationIsRefused() throws Exception {
    String schema = TestDatabase.freshSchema("m_");
    DataSource ds = TestDatabase.server().getPostgresDatabase();
    Migrations.apply(ds, schema);
    try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
      st.execute("UPDATE " + schema + ".osb_schema_history SET checksum = 'edited'"
          + " WHERE version = 1");
    }
    assertThatThrownBy(() -> Migrations.apply(ds, schema))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("V1")
        .hasMessageContaining("checksum");
  }

  @Test
  void everyShippedFileIsAppliedInOrder() throws Exception {
    URL folder = MigrationRunner.class.getResource("/" + MigrationRunner.LOCATION);
    String[] files = new File(folder.toURI()).list((dir, name) -> name.endsWith(".sql"));
    Arrays.sort(files, (x, y) -> Integer.compare(version(x), version(y)));
    assertThat(MigrationRunner.FILES).containsExactly(files);
  }

  private static int version(String file) {
    return Integer.parseInt(file.substring(1, file.indexOf("__")));
  }

  @Test
  void aStoreInItsOwnSchemaKeepsItsRowsThere() throws Exception {
    String schema = TestDatabase.freshSchema("m_");
    DataSource ds = TestDatabase.replicaA();
    Migrations.apply(ds, schema);
    PostgresBrokerStore store = PostgresBrokerStore.builder(ds).schema(schema).build();
    store.check();
    assertThat(store.setEnabled("nope", true, java.time.Instant.now())).isEmpty();
    assertThat(count(ds, "SELECT count(*) FROM " + schema + ".osb_instance")).isZero();
  }

  /** A pool that logs in as a role of its own (no password: the test server trusts). */
  private static HikariDataSource loginAs(String role) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:postgresql://localhost:" + TestDatabase.server().getPort()
        + "/postgres");
    config.setUsername(role);
    config.setMaximumPoolSize(2);
    return new HikariDataSource(config);
  }

  private static void execute(DataSource ds, String sql) throws Exception {
    try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  @Test
  void aSchemaMadeForTheBrokerIsMigratedByARoleWithoutCreateOnTheDatabase() throws Exception {
    // the usual production set-up: the DBA makes the schema for the broker's role, which may
    // not create schemas (PostgreSQL grants no CREATE on a database to PUBLIC)
    String schema = TestDatabase.freshSchema("m_");
    String role = "r" + schema;
    DataSource admin = TestDatabase.server().getPostgresDatabase();
    execute(admin, "CREATE ROLE " + role + " LOGIN");
    execute(admin, "CREATE SCHEMA " + schema + " AUTHORIZATION " + role);
    try (HikariDataSource broker = loginAs(role)) {
      assertThat(Migrations.apply(broker, schema)).isEqualTo(MigrationRunner.FILES.size());
      assertThat(Migrations.apply(broker, schema)).isZero();
      PostgresBrokerStore store = PostgresBrokerStore.builder(broker).schema(schema).build();
      store.check();
      // a schema that does not exist yet still needs the right to create one
      assertThatThrownBy(() -> Migrations.apply(broker, TestDatabase.freshSchema("m_")))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("42501");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"user",
      "a_schema_name_of_sixty_three_characters_the_longest_one_allowed"})
  void aSchemaNamedWithAReservedWordOrTheLongestNameHoldsTheStore(String schema)
      throws Exception {
    // "user" passes the schema check (a lower-case identifier) but is a reserved word of SQL;
    // a name of 63 characters passes too, and its notification channel must still fit
    DataSource ds = TestDatabase.replicaA();
    Migrations.apply(ds, schema);
    assertThat(count(ds, "SELECT count(*) FROM \"" + schema + "\".osb_schema_history"))
        .isEqualTo(MigrationRunner.FILES.size());
    PostgresBrokerStore store = PostgresBrokerStore.builder(ds).schema(schema).build();
    PostgresBrokerStore other = PostgresBrokerStore.builder(TestDatabase.replicaB())
        .schema(schema).build();
    try {
      store.check();
      Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      String id = "inst-" + UUID.randomUUID();
      StoredOperation op = StoredOperation.start(UUID.randomUUID().toString(), id, null,
          OperationType.PROVISION, "fp", "me", now.plusSeconds(60), "req", null, now);
      StoredInstance row = new StoredInstance(id, "svc", "plan", "fp", null, null, "org",
          "space", null, null, null, InstanceStatus.PROVISIONING, true, now, now, now);
      assertThat(store.claimInstance(row, op)).isInstanceOf(Claim.Won.class);
      StoredOperation accepted = op.accepted(null, null, null, null, now.plusSeconds(60));
      assertThat(store.acceptOperation(accepted, "me")).isTrue();
      // polls of the operation in progress start the listener on the schema's channel
      long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!store.listening() && System.nanoTime() - end < 0) {
        store.findOperation(id, null, op.id());
        Thread.sleep(10);
      }
      assertThat(store.listening()).as("listening").isTrue();
      assertThat(other.finishOperation(new Finish(op.id(), "me", OperationStatus.SUCCEEDED,
          null, null, null, true, Finish.RowChange.put(row.withStatus(InstanceStatus.READY,
              now)), Finish.RowChange.none(), now))).isTrue();
      assertThat(store.findInstance(id)).get().extracting(StoredInstance::status)
          .isEqualTo(InstanceStatus.READY);
    } finally {
      store.close();
      other.close();
    }
    PostgresSsoKeyStore keys = PostgresSsoKeyStore.create(ds, schema, Duration.ofSeconds(1), 3);
    keys.rotate();
    assertThat(keys.signingKey()).isNotEmpty();
    assertThat(PostgresUsageOutbox.create(ds, schema, Duration.ofSeconds(5)).depth()).isZero();
  }

  @Test
  void aSearchPathNamingNoSchemaThatExistsIsSaidSo() {
    // search_path=nope: no schema to create the tables in
    String url = TestDatabase.server().getJdbcUrl("postgres", "postgres")
        + "&options=-c%20search_path%3Dnope";
    try (HikariDataSource ds = TestDatabase.pool(url, "no-schema")) {
      assertThatThrownBy(() -> Migrations.apply(ds))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("search_path")
          .hasMessageNotContaining("apply the migrations");
    }
  }

  @Test
  void schemaNamesThatAreNotPlainIdentifiersAreRefused() {
    DataSource ds = TestDatabase.replicaA();
    assertThatThrownBy(() -> Migrations.apply(ds, "x; DROP TABLE y"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PostgresBrokerStore.builder(ds).schema("Upper"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
