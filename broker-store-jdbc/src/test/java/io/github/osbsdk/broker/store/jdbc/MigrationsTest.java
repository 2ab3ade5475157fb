package io.github.osbsdk.broker.store.jdbc;

import static io.github.osbsdk.broker.store.jdbc.TestDatabase.count;
import static io.github.osbsdk.broker.store.jdbc.TestDatabase.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.osbsdk.broker.core.store.Claim;
import io.github.osbsdk.broker.core.store.Finish;
import io.github.osbsdk.broker.core.store.InstanceStatus;
import io.github.osbsdk.broker.core.store.OperationStatus;
import io.github.osbsdk.broker.api.OperationType;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import io.github.osbsdk.broker.core.store.StoredInstance;
import io.github.osbsdk.broker.core.store.StoredOperation;
import io.github.osbsdk.broker.store.jdbc.internal.MigrationRunner;
import java.io.File;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The migrations a replica applies at its start: upgrades from each older version, the schema
 * and the privileges they run with, and what they refuse. {@link MigrationLocksTest} has them
 * while other sessions hold their locks.
 */
class MigrationsTest {
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
      try (PostgresBrokerStore store = PostgresBrokerStore.builder(ds).schema(schema).build()) {
        assertThat(store.findInstance("i")).isPresent();
      }
      if (older >= 2) {
        assertThat(PostgresSsoKeyStore.builder(ds)
            .schema(schema).refresh(Duration.ofSeconds(1)).keptKeys(3).build()
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
    try (HikariDataSource broker = loginAs(role);
        PostgresBrokerStore store = PostgresBrokerStore.builder(broker).schema(schema).build()) {
      assertThat(Migrations.apply(broker, schema)).isZero();
      store.check();
    }
  }

  @Test
  void aReadOnlyServerAnswersUnavailableForWritesAndStillReads() throws Exception {
    // as a standby (or a primary turned read-only) does: SQLState 25006 on every write
    String url = TestDatabase.server().getJdbcUrl("postgres", "postgres")
        + "&options=-c%20default_transaction_read_only%3Don";
    try (HikariDataSource ds = TestDatabase.pool(url, "read-only");
        PostgresBrokerStore store = PostgresBrokerStore.builder(ds).build()) {
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
  void aChangedMigrationIsRefused() throws Exception {
    String schema = TestDatabase.freshSchema("m_");
    DataSource ds = TestDatabase.server().getPostgresDatabase();
    Migrations.apply(ds, schema);
    execute(ds, "UPDATE " + schema + ".osb_schema_history SET checksum = 'edited'"
        + " WHERE version = 1");
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
    try (PostgresBrokerStore store = PostgresBrokerStore.builder(ds).schema(schema).build()) {
      store.check();
      assertThat(store.setEnabled("nope", true, java.time.Instant.now())).isEmpty();
    }
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

  @Test
  void aSchemaMadeForTheBrokerIsMigratedByARoleWithoutCreateOnTheDatabase() throws Exception {
    // the usual production set-up: the DBA makes the schema for the broker's role, which may
    // not create schemas (PostgreSQL grants no CREATE on a database to PUBLIC)
    String schema = TestDatabase.freshSchema("m_");
    String role = "r" + schema;
    DataSource admin = TestDatabase.server().getPostgresDatabase();
    execute(admin, "CREATE ROLE " + role + " LOGIN");
    execute(admin, "CREATE SCHEMA " + schema + " AUTHORIZATION " + role);
    try (HikariDataSource broker = loginAs(role);
        PostgresBrokerStore store = PostgresBrokerStore.builder(broker).schema(schema).build()) {
      assertThat(Migrations.apply(broker, schema)).isEqualTo(MigrationRunner.FILES.size());
      assertThat(Migrations.apply(broker, schema)).isZero();
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
      long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!store.listening() && System.nanoTime() - end < 0) {
        store.findOperation(id, null, op.id());
        Thread.sleep(10);
      }
      assertThat(store.listening()).as("listening").isTrue();
      assertThat(other.finishOperation(new Finish(op.id(), "me", op.attempt(),
          OperationStatus.SUCCEEDED,
          null, null, null, true, Finish.RowChange.put(row.withStatus(InstanceStatus.READY,
              now)), Finish.RowChange.none(), now))).isTrue();
      assertThat(store.findInstance(id)).get().extracting(StoredInstance::status)
          .isEqualTo(InstanceStatus.READY);
    } finally {
      store.close();
      other.close();
    }
    TestDatabase.storesRunOn(schema);
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
