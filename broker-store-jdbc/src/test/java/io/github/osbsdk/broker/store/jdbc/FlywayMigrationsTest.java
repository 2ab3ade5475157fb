package io.github.osbsdk.broker.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.BrokerStoreContract;
import io.github.osbsdk.broker.store.jdbc.internal.MigrationRunner;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The shipped migrations applied by the user's own Flyway, as the README offers
 * ({@code classpath:db/migration/osb} in its locations), instead of {@link Migrations#apply}.
 */
class FlywayMigrationsTest {
  /** A schema Flyway migrated once for the contract below. */
  private static final String CONTRACT_SCHEMA = migratedByFlyway();

  private static Flyway flyway(String schema) {
    return Flyway.configure().dataSource(TestDatabase.replicaA()).schemas(schema)
        .locations("classpath:" + MigrationRunner.LOCATION).load();
  }

  private static String migratedByFlyway() {
    String schema = TestDatabase.freshSchema("fw_");
    flyway(schema).migrate();
    return schema;
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

  /** The shared store contract on the tables Flyway made. */
  @Nested
  class ContractOnFlywaysTables extends BrokerStoreContract {
    @BeforeEach
    void emptyTables() throws Exception {
      TestDatabase.execute(TestDatabase.replicaA(), "TRUNCATE " + CONTRACT_SCHEMA
          + ".osb_operation, " + CONTRACT_SCHEMA + ".osb_binding, " + CONTRACT_SCHEMA
          + ".osb_instance");
    }

    @Override
    protected BrokerStore store() {
      return PostgresBrokerStore.builder(TestDatabase.replicaA()).schema(CONTRACT_SCHEMA).build();
    }

    @Override
    protected BrokerStore secondView() {
      return PostgresBrokerStore.builder(TestDatabase.replicaB()).schema(CONTRACT_SCHEMA).build();
    }
  }
}
