package io.github.osbsdk.broker.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.store.jdbc.internal.MigrationRunner;
import java.sql.Connection;
import java.sql.Statement;
import javax.sql.DataSource;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import org.junit.jupiter.api.Test;

/**
 * The shipped migrations applied by the user's own Liquibase, as the READMEs offer (one
 * {@code sqlFile} change set per file, in version order: {@code liquibase/osb-changelog.xml}),
 * instead of {@link Migrations#apply}.
 */
class LiquibaseMigrationsTest {
  private static final String CHANGELOG = "liquibase/osb-changelog.xml";

  static {
    // tests reach nothing outside: no usage reports to Liquibase's servers
    System.setProperty("liquibase.analytics.enabled", "false");
  }

  /** Liquibase's update into a schema the DBA made, on a connection of its own. */
  private static void update(String schema) throws Exception {
    DataSource direct = TestDatabase.server().getPostgresDatabase();
    try (Connection c = direct.getConnection(); Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
    }
    try (Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(
        new JdbcConnection(direct.getConnection()))) {
      database.setDefaultSchemaName(schema);
      new CommandScope(UpdateCommandStep.COMMAND_NAME)
          .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
          .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, CHANGELOG)
          .execute();
    }
  }

  @Test
  void liquibaseAppliesEveryShippedMigrationAndTheStoresRunOnTheTables() throws Exception {
    String schema = TestDatabase.freshSchema("lb_");
    update(schema);
    update(schema);
    assertThat(TestDatabase.strings("SELECT id FROM " + schema + ".databasechangelog"
        + " ORDER BY orderexecuted")).hasSize(MigrationRunner.FILES.size())
        .containsExactly("osb-V1", "osb-V2", "osb-V3", "osb-V4", "osb-V5",
            "osb-V6", "osb-V7", "osb-V8", "osb-V9", "osb-V10",
            "osb-V11", "osb-V12", "osb-V13");
    // the very tables Migrations.apply makes
    String reference = TestDatabase.freshSchema("lb_");
    Migrations.apply(TestDatabase.replicaA(), reference);
    assertThat(TestDatabase.definition(schema)).isNotEmpty()
        .isEqualTo(TestDatabase.definition(reference));
    assertThat(TestDatabase.strings("SELECT count(*) FROM " + schema + ".osb_usage_watermark"))
        .containsExactly("1");
    TestDatabase.storesRunOn(schema);
  }

  @Test
  void migrationsApplyOnASchemaLiquibaseMigratedSaysSoAndChangesNothing() throws Exception {
    String schema = TestDatabase.freshSchema("lb_");
    update(schema);
    assertThatThrownBy(() -> Migrations.apply(TestDatabase.replicaA(), schema))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("osb_schema_history")
        .hasMessageContaining("Liquibase");
    assertThat(TestDatabase.strings("SELECT count(*) FROM pg_tables WHERE schemaname = '"
        + schema + "' AND tablename = 'osb_schema_history'")).containsExactly("0");
  }
}
