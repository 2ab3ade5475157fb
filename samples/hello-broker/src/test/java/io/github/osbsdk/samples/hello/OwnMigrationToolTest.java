package io.github.osbsdk.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code BROKER_DATABASE_MIGRATE=false}: the user's own tool (Flyway, Liquibase) applied the
 * SDK's and the sample's migrations, so the start only checks that their tables exist.
 */
class OwnMigrationToolTest {
  /** The SDK's shipped migrations, in order. */
  private static final List<String> SDK_FILES = List.of("V1__registry.sql",
      "V2__sso_keys.sql", "V3__usage_outbox.sql", "V4__sso_key_activation.sql",
      "V5__usage_invalid.sql", "V6__binding_credentials_newest.sql",
      "V7__usage_instance_end.sql", "V8__usage_count_first_at.sql",
      "V9__usage_delivered.sql");

  /** Runs every shipped file as another tool does: without the SDK's history tables. */
  private static void migrateAsAnotherTool(TestPostgres pg) throws SQLException {
    try (Connection c = pg.dataSource().getConnection(); Statement st = c.createStatement()) {
      for (String file : SDK_FILES) {
        st.execute(resource("db/migration/osb/" + file));
      }
      for (String file : HelloMigrations.FILES) {
        st.execute(resource(HelloMigrations.LOCATION + file));
      }
    }
  }

  private static String resource(String path) {
    try (InputStream in = OwnMigrationToolTest.class.getClassLoader()
        .getResourceAsStream(path)) {
      assertThat(in).as(path).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static StateSettings settings(TestPostgres pg, boolean migrate) {
    StateSettings s = pg.settings(Duration.ofSeconds(30));
    return new StateSettings(s.databaseUrl(), s.databaseUser(), s.databasePassword(), s.lease(),
        s.credentialsKey(), List.of(), false, migrate);
  }

  @Test
  void aSchemaAnotherToolMigratedServesWhenTheStartDoesNotMigrate(@TempDir Path dir)
      throws Exception {
    try (TestPostgres pg = TestPostgres.start(dir)) {
      migrateAsAnotherTool(pg);
      // applying them again is refused: the tables are there but the SDK's history is not
      assertThatThrownBy(() -> HelloState.open(settings(pg, true)).close())
          .isInstanceOf(IllegalStateException.class);

      HelloServer server = HelloServer.start(HelloConfig.local("platform", "s3cret",
          Duration.ofMillis(100)).withState(settings(pg, false)));
      try {
        OsbHttp osb = new OsbHttp(server.baseUri(), "platform", "s3cret");
        String id = OsbHttp.crn("own-flyway");
        assertThat(osb.osb("PUT", "/v2/service_instances/" + OsbHttp.enc(id),
            OsbHttp.provisionBody(HelloCatalog.SYNC_PLAN_ID, "{}")).statusCode())
            .isEqualTo(201);
      } finally {
        server.close();
      }
    }
  }

  @Test
  void aSchemaWithoutTheTablesIsRefusedNamingWhatIsMissing(@TempDir Path dir) {
    try (TestPostgres pg = TestPostgres.start(dir)) {
      assertThatThrownBy(() -> HelloState.open(settings(pg, false)).close())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("BROKER_DATABASE_MIGRATE=false, but the schema has no"
              + " osb_instance, osb_binding")
          .hasMessageContaining("hello_namespace");
    }
  }

  @Test
  void aSchemaAnotherToolLeftAtAnOlderVersionIsRefusedNamingTheMissingMigration(
      @TempDir Path dir) throws SQLException {
    try (TestPostgres pg = TestPostgres.start(dir)) {
      migrateAsAnotherTool(pg);
      try (Connection c = pg.dataSource().getConnection(); Statement st = c.createStatement()) {
        st.execute("DROP TABLE osb_usage_delivered"); // as if V8 were last
      }
      assertThatThrownBy(() -> HelloState.open(settings(pg, false)).close())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("V9__usage_delivered.sql")
          .hasMessageContaining("BROKER_DATABASE_MIGRATE");
    }
  }

  @Test
  void theCheckedMigrationsAreTheNewestShipped() {
    assertThat(HelloState.NEWEST).extracting(HelloState.Newest::migration).containsExactly(
        "db/migration/osb/" + SDK_FILES.get(SDK_FILES.size() - 1),
        HelloMigrations.LOCATION + HelloMigrations.FILES.get(HelloMigrations.FILES.size() - 1));
  }

  @Test
  void migrationsAreAppliedUnlessTheVariableSaysFalse() {
    Map<String, String> db = Map.of("BROKER_DATABASE_URL", "jdbc:postgresql://db/broker",
        "BROKER_DATABASE_USER", "broker",
        "BROKER_CREDENTIALS_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");
    assertThat(StateSettings.fromEnvironment(db).migrate()).isTrue();
    assertThat(StateSettings.fromEnvironment(with(db, "")).migrate()).isTrue();
    assertThat(StateSettings.fromEnvironment(with(db, "true")).migrate()).isTrue();
    assertThat(StateSettings.fromEnvironment(with(db, " FALSE ")).migrate()).isFalse();
  }

  private static Map<String, String> with(Map<String, String> env, String migrate) {
    Map<String, String> copy = new java.util.HashMap<>(env);
    copy.put(StateSettings.MIGRATE_VARIABLE, migrate);
    return copy;
  }
}
