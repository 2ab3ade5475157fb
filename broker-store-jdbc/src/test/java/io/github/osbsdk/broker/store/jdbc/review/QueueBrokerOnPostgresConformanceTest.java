package io.github.osbsdk.broker.store.jdbc.review;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.store.jdbc.Migrations;
import io.github.osbsdk.broker.store.jdbc.PostgresBrokerStore;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;
import io.github.osbsdk.broker.testkit.AbstractConformanceTest;
import io.github.osbsdk.broker.testkit.ConformanceSuite;
import org.junit.jupiter.api.AfterEach;

/**
 * The review's provider against the conformance kit, its registry in PostgreSQL (the in-memory
 * registry is covered by the kit's own in-process runs). The run closes the broker; the store and
 * its pool are the test's to close.
 */
class QueueBrokerOnPostgresConformanceTest extends AbstractConformanceTest {
  private HikariDataSource pool;
  private PostgresBrokerStore store;

  @Override
  protected ConformanceSuite suite() {
    String schema = TestDatabase.freshSchema("review_");
    Migrations.apply(TestDatabase.replicaA(), schema);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(TestDatabase.server().getJdbcUrl("postgres", "postgres"));
    config.setUsername("postgres");
    config.setPoolName("review");
    config.setMaximumPoolSize(6);
    pool = new HikariDataSource(config);
    store = PostgresBrokerStore.builder(pool).schema(schema).build();
    Broker broker = QueueBrokers.builder(new QueueBackend()).store(store).build();
    return QueueBrokers.suite(broker);
  }

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
    if (pool != null) {
      pool.close();
    }
  }
}
