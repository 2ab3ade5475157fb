package io.github.osbsdk.broker.store.jdbc.replicas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.github.osbsdk.broker.store.jdbc.Migrations;
import io.github.osbsdk.broker.store.jdbc.PostgresBrokerStore;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;
import io.github.osbsdk.broker.store.jdbc.internal.MigrationRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The README's "your own Flyway" example, run as written on a database of its own (its default
 * {@code public} schema, as a user's): the application's Flyway migrates its own
 * {@code db/migration/app} (a {@code V1} and a {@code V2}, clashing with the SDK's versions), a
 * second Flyway applies the SDK's {@code classpath:db/migration/osb} with its own history table
 * ({@code osb_flyway_history}) and a baseline at version 0, and then a broker starts on that
 * schema without {@link Migrations#apply} and serves a provision round trip. It lives with the
 * replica tests for their HTTP server and client.
 */
class OwnFlywayAsTheReadmeShowsTest {
  private static final String APP = "classpath:db/migration/app";
  private static final String OSB = "classpath:db/migration/osb";
  /** The user's next release: a migration written after the SDK's were applied. */
  private static final String LATER = "classpath:db/migration/later";

  private final String database = TestDatabase.freshSchema("own_flyway_");
  private HikariDataSource dataSource;

  @BeforeEach
  void newDatabase() throws SQLException {
    TestDatabase.execute(TestDatabase.replicaA(), "CREATE DATABASE " + database);
    dataSource = ReplicaServer.pool(TestDatabase.server().getJdbcUrl("postgres", database),
        database, 4, 5_000);
  }

  @AfterEach
  void dropDatabase() throws SQLException {
    dataSource.close();
    TestDatabase.execute(TestDatabase.replicaA(), "DROP DATABASE " + database);
  }

  /** The README's first Flyway, the application's own. */
  private static Flyway applications(DataSource dataSource, String... locations) {
    return Flyway.configure().dataSource(dataSource)
        .locations(locations.length == 0 ? new String[] {APP} : locations)
        .load();
  }

  /** The README's second Flyway, for the SDK's files, exactly as configured there. */
  private static Flyway sdks(DataSource dataSource) {
    return Flyway.configure().dataSource(dataSource)
        .locations("classpath:db/migration/osb")
        .table("osb_flyway_history")
        .baselineOnMigrate(true).baselineVersion("0")
        .load();
  }

  @Test
  void theReadmeShowsTheConfigurationThisTestRuns() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    assertThat(readme).contains("Flyway.configure().dataSource(dataSource)\n"
        + "    .locations(\"classpath:db/migration/osb\")",
        "    .table(\"osb_flyway_history\")",
        "    .baselineOnMigrate(true).baselineVersion(\"0\")",
        "flyway-database-postgresql");
  }

  @Test
  void theReadmesTwoFlywaysMigrateAndABrokerServesWithoutApplyingTheMigrations()
      throws Exception {
    assertThat(applications(dataSource).migrate().migrationsExecuted).isEqualTo(2);
    assertThat(sdks(dataSource).migrate().migrationsExecuted)
        .isEqualTo(MigrationRunner.FILES.size());
    // the next start of the application runs both again: nothing to do, nothing changed
    assertThat(applications(dataSource).migrate().migrationsExecuted).isZero();
    assertThat(sdks(dataSource).migrate().migrationsExecuted).isZero();
    sdks(dataSource).validate();

    // what BROKER_DATABASE_MIGRATE=false stands for: the SDK's own migrations would refuse
    assertThatThrownBy(() -> Migrations.apply(dataSource))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("another tool (Flyway, Liquibase)");
    assertThat(TestDatabase.count(dataSource, "SELECT count(*) FROM pg_tables"
        + " WHERE tablename = 'osb_schema_history'")).isZero();

    try (PostgresBrokerStore store = PostgresBrokerStore.builder(dataSource).build()) {
      store.check();
    }
    CountingProvider provider = new CountingProvider(false);
    try (ReplicaServer broker = ReplicaServer.start(ReplicaServer.replica(provider,
        dataSource))) {
      assertThat(broker.provision("fw-sync", "sync", false).status()).isEqualTo(201);
      assertThat(broker.provision("fw-sync", "sync", false).status()).isEqualTo(200);
      assertThat(provider.provisions).hasValue(1);
      assertThat(broker.provision("fw-async", "async", true).status()).isEqualTo(202);
      assertThat(broker.awaitFinished("fw-async", null, Duration.ofSeconds(10)).json()
          .path("state").asText()).isEqualTo("succeeded");
      String deprovision = "/v2/service_instances/fw-sync?service_id=" + CountingProvider.SERVICE
          + "&plan_id=sync";
      assertThat(broker.send("DELETE", deprovision, null).status()).isEqualTo(200);
      assertThat(broker.send("DELETE", deprovision, null).status()).isEqualTo(410);
    }
    assertThat(TestDatabase.count(dataSource, "SELECT count(*) FROM osb_instance"))
        .isEqualTo(1);
  }

  @Test
  void theSdksFlywayLeavesTheApplicationsHistoryAsItWas() throws Exception {
    applications(dataSource).migrate();
    List<String> before = history(dataSource, "flyway_schema_history");

    sdks(dataSource).migrate();

    assertThat(history(dataSource, "flyway_schema_history")).isEqualTo(before)
        .hasSize(2).noneMatch(row -> row.contains("registry"));
    assertThat(history(dataSource, "osb_flyway_history")).hasSize(MigrationRunner.FILES.size()
        + 1).first().asString().startsWith("0 ").contains("BASELINE");
    applications(dataSource).validate();
    assertThat(applications(dataSource).info().pending()).isEmpty();

    // the application's next release adds its V3: its own Flyway applies just that
    assertThat(applications(dataSource, APP, LATER).migrate().migrationsExecuted).isEqualTo(1);
    assertThat(history(dataSource, "flyway_schema_history")).hasSize(3)
        .startsWith(before.toArray(String[]::new));
    assertThat(history(dataSource, "osb_flyway_history"))
        .hasSize(MigrationRunner.FILES.size() + 1);
    assertThat(TestDatabase.count(dataSource, "SELECT count(*) FROM information_schema.columns"
        + " WHERE table_name = 'app_order' AND column_name = 'note'")).isEqualTo(1);
  }

  @Test
  void oneFlywayForTheApplicationsAndTheSdksFilesFailsAsTheReadmeWarns() {
    assertThatThrownBy(() -> applications(dataSource, APP, OSB).migrate())
        .isInstanceOf(FlywayException.class)
        .hasMessageContaining("Found more than one migration with version 1");
  }

  @Test
  void withoutTheBaselineTheSdksFlywayRefusesTheApplicationsSchema() throws Exception {
    applications(dataSource).migrate();
    Flyway noBaseline = Flyway.configure().dataSource(dataSource).locations(OSB)
        .table("osb_flyway_history").load();

    assertThatThrownBy(noBaseline::migrate).isInstanceOf(FlywayException.class)
        .hasMessageContaining("baselineOnMigrate");
    assertThat(TestDatabase.count(dataSource, "SELECT count(*) FROM pg_tables"
        + " WHERE tablename LIKE 'osb\\_%'")).isZero();
  }

  /** A Flyway history table's rows as "version description type success", in order. */
  private static List<String> history(DataSource ds, String table) throws SQLException {
    List<String> rows = new java.util.ArrayList<>();
    try (var c = ds.getConnection(); var st = c.createStatement();
        var rs = st.executeQuery("SELECT concat_ws(' ', version, description, type, checksum,"
            + " success) FROM " + table + " ORDER BY installed_rank")) {
      while (rs.next()) {
        rows.add(rs.getString(1));
      }
    }
    return rows;
  }
}
