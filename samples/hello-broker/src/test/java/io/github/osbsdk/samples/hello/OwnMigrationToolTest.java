package io.github.osbsdk.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code BROKER_DATABASE_MIGRATE=false}: the user's own tool (Flyway, Liquibase) applied the
 * SDK's and the sample's migrations, so the start only checks that their tables exist.
 */
class OwnMigrationToolTest {
  /** The SDK's shipped migrations, in order: every V*.sql file of its jar's directory. */
  private static final List<String> SDK_FILES = shippedSdkFiles();

  private static List<String> shippedSdkFiles() {
    URL first = OwnMigrationToolTest.class.getClassLoader()
        .getResource("db/migration/osb/V1__registry.sql");
    assertThat(first).isNotNull();
    List<String> names = new ArrayList<>();
    try {
      if ("jar".equals(first.getProtocol())) {
        String jar = first.getPath().substring("file:".length(), first.getPath().indexOf('!'));
        try (JarFile file = new JarFile(URLDecoder.decode(jar, StandardCharsets.UTF_8))) {
          file.stream().map(JarEntry::getName)
              .filter(n -> n.startsWith("db/migration/osb/V") && n.endsWith(".sql"))
              .forEach(n -> names.add(n.substring("db/migration/osb/".length())));
        }
      } else {
        try (Stream<Path> files = Files.list(Path.of(first.toURI()).getParent())) {
          files.map(f -> f.getFileName().toString())
              .filter(n -> n.startsWith("V") && n.endsWith(".sql")).forEach(names::add);
        }
      }
    } catch (IOException | URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    names.sort(Comparator.comparingInt(
        (String n) -> Integer.parseInt(n.substring(1, n.indexOf("__")))));
    return List.copyOf(names);
  }

  @Test
  void theShippedMigrationsAreFoundAndNumberedWithoutAGap() {
    assertThat(SDK_FILES).hasSizeGreaterThanOrEqualTo(12);
    for (int i = 0; i < SDK_FILES.size(); i++) {
      assertThat(SDK_FILES.get(i)).startsWith("V" + (i + 1) + "__");
    }
  }

  /**
   * Runs every shipped file as another tool does: each in a transaction of its own (as Flyway
   * and Liquibase do; V10 locks a table), without the SDK's history tables.
   */
  private static void migrateAsAnotherTool(TestPostgres pg) throws SQLException {
    try (Connection c = pg.dataSource().getConnection(); Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      for (String file : SDK_FILES) {
        st.execute(resource("db/migration/osb/" + file));
        c.commit();
      }
      for (String file : HelloMigrations.FILES) {
        st.execute(resource(HelloMigrations.LOCATION + file));
        c.commit();
      }
      c.setAutoCommit(true);
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
        st.execute("DROP TABLE osb_usage_held_count"); // as if V12 were last
        st.execute("CREATE TABLE osb_usage_held_count (x int)"); // not V13's table either
      }
      assertThatThrownBy(() -> HelloState.open(settings(pg, false)).close())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("V13__usage_held_count.sql")
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
