package io.github.osbsdk.broker.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.store.jdbc.internal.MigrationRunner;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The shipped migrations applied by the user's own Flyway, as the README offers
 * ({@code classpath:db/migration/osb} in its locations), instead of {@link Migrations#apply}.
 * The store contract on such tables is {@link FlywayTablesContractTest}.
 */
class FlywayMigrationsTest {
  /** The user's Flyway: the shipped migrations, in {@code schema}. */
  static Flyway flyway(String schema) {
    return Flyway.configure().dataSource(TestDatabase.replicaA()).schemas(schema)
        .locations("classpath:" + MigrationRunner.LOCATION).load();
  }

  @Test
  void flywayAppliesEveryShippedMigrationAndTheStoresRunOnTheTables() throws Exception {
    String schema = TestDatabase.freshSchema("fw_");
    assertThat(flyway(schema).migrate().migrationsExecuted)
        .isEqualTo(MigrationRunner.FILES.size());
    assertThat(flyway(schema).migrate().migrationsExecuted).isZero();
    flyway(schema).validate();
    TestDatabase.storesRunOn(schema);
  }

  @Test
  void migrationsApplyOnASchemaFlywayMigratedSaysSoAndChangesNothing() throws Exception {
    String schema = TestDatabase.freshSchema("fw_");
    flyway(schema).migrate();
    assertThatThrownBy(() -> Migrations.apply(TestDatabase.replicaA(), schema))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("osb_schema_history")
        .hasMessageContaining("Flyway");
    assertThat(TestDatabase.count(TestDatabase.replicaA(), "SELECT count(*) FROM pg_tables"
        + " WHERE schemaname = '" + schema + "' AND tablename = 'osb_schema_history'")).isZero();
    flyway(schema).validate();
  }
}
