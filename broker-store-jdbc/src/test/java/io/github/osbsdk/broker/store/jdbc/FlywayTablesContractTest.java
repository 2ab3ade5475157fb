package io.github.osbsdk.broker.store.jdbc;

import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.BrokerStoreContract;
import org.junit.jupiter.api.BeforeEach;

/**
 * The shared store contract on tables the user's own Flyway made from the shipped migrations
 * ({@link FlywayMigrationsTest}). A class of its own, not a nested one: Surefire reported the
 * outer class's tests under the nested class.
 */
class FlywayTablesContractTest extends BrokerStoreContract {
  /** A schema Flyway migrated once for the contract. */
  private static final String SCHEMA = migratedByFlyway();

  private static String migratedByFlyway() {
    String schema = TestDatabase.freshSchema("fw_");
    FlywayMigrationsTest.flyway(schema).migrate();
    return schema;
  }

  @BeforeEach
  void emptyTables() throws Exception {
    TestDatabase.execute(TestDatabase.replicaA(), "TRUNCATE " + SCHEMA + ".osb_operation, "
        + SCHEMA + ".osb_binding, " + SCHEMA + ".osb_instance");
  }

  @Override
  protected BrokerStore store() {
    return PostgresBrokerStore.builder(TestDatabase.replicaA()).schema(SCHEMA).build();
  }

  @Override
  protected BrokerStore secondView() {
    return PostgresBrokerStore.builder(TestDatabase.replicaB()).schema(SCHEMA).build();
  }
}
