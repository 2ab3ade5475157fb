package io.github.osbsdk.broker.store.jdbc;

import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.BrokerStoreContract;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
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

  /** Every store a test made, closed after it: a listener would hold a shared pool's connection. */
  private final List<PostgresBrokerStore> made = new ArrayList<>();
  private PostgresBrokerStore second;

  @AfterEach
  void closeStores() {
    made.forEach(PostgresBrokerStore::close);
  }

  @Override
  protected BrokerStore store() {
    PostgresBrokerStore store = PostgresBrokerStore.builder(TestDatabase.replicaA())
        .schema(SCHEMA).build();
    made.add(store);
    return store;
  }

  /** One second replica per test (it was a new store, never closed, at every call). */
  @Override
  protected BrokerStore secondView() {
    if (second == null) {
      second = PostgresBrokerStore.builder(TestDatabase.replicaB()).schema(SCHEMA).build();
      made.add(second);
    }
    return second;
  }
}
