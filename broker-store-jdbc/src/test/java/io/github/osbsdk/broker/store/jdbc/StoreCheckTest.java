package io.github.osbsdk.broker.store.jdbc;

import static io.github.osbsdk.broker.store.jdbc.TestDatabase.execute;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code check()} (the health check's, and an operator's first test of a new database) says
 * whether the store can work on the database, not only whether the database answers: a schema
 * without the store's tables must fail there, naming what is missing, not pass until the first
 * request or {@code Broker.build}.
 */
class StoreCheckTest {
  @RegisterExtension final ClosedAfterTest closed = new ClosedAfterTest();

  @Test
  void checkOfASchemaWithoutTheStoresTablesFailsNamingTheTablesAndTheMigration()
      throws Exception {
    DataSource ds = TestDatabase.replicaA();
    String schema = TestDatabase.freshSchema("c_");
    execute(ds, "CREATE SCHEMA " + schema);
    PostgresBrokerStore store = closed.add(PostgresBrokerStore.builder(ds).schema(schema).build());

    assertThatThrownBy(store::check).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("osb_instance").hasMessageContaining("osb_binding")
        .hasMessageContaining("osb_operation").hasMessageContaining("V1__registry.sql")
        .hasMessageContaining("Migrations.apply").hasMessageContaining(schema);
  }

  @Test
  void checkOfASchemaMissingOneTableNamesThatTableAlone() throws Exception {
    DataSource ds = TestDatabase.replicaA();
    String schema = TestDatabase.freshSchema("c_");
    Migrations.apply(ds, schema);
    execute(ds, "DROP TABLE " + schema + ".osb_operation");
    PostgresBrokerStore store = closed.add(PostgresBrokerStore.builder(ds).schema(schema).build());

    assertThatThrownBy(store::check).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("osb_operation").hasMessageNotContaining("osb_instance");
  }

  @Test
  void checkOfASchemaThatDoesNotExistFailsNamingIt() {
    String schema = TestDatabase.freshSchema("c_");
    PostgresBrokerStore store = closed.add(PostgresBrokerStore.builder(TestDatabase.replicaA())
        .schema(schema).build());

    assertThatThrownBy(store::check).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(schema).hasMessageContaining("Migrations.apply");
  }
}
