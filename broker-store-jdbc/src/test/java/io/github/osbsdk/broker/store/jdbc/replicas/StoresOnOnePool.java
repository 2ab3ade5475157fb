package io.github.osbsdk.broker.store.jdbc.replicas;

import com.zaxxer.hikari.HikariDataSource;
import io.github.osbsdk.broker.store.jdbc.PostgresBrokerStore;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The PostgreSQL under a contract test whose brokers are replicas: each broker a store of its
 * own, all on one pool to the test database, so that what a test reads is what the database
 * holds. A test registers it on a field ({@code @RegisterExtension}); it closes after each test,
 * once the test's own {@code @AfterEach} methods (the contract's, which close its brokers) have
 * run.
 */
final class StoresOnOnePool implements AfterEachCallback {
  private final HikariDataSource pool;
  private final List<PostgresBrokerStore> stores = new CopyOnWriteArrayList<>();

  /**
   * Opens the pool.
   *
   * @param name the pool's name, in its threads' names
   */
  StoresOnOnePool(String name) {
    pool = ReplicaServer.pool(TestDatabase.server().getJdbcUrl("postgres", "postgres"), name, 6,
        5_000);
  }

  /**
   * A new store on the pool, closed with it: one replica's.
   *
   * @return the store
   */
  PostgresBrokerStore newStore() {
    PostgresBrokerStore store = PostgresBrokerStore.builder(pool).build();
    stores.add(store);
    return store;
  }

  /** Closes every store made, then the pool. */
  @Override
  public void afterEach(ExtensionContext context) {
    stores.forEach(PostgresBrokerStore::close);
    pool.close();
  }
}
