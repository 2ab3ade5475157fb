package io.github.osbsdk.broker.store.jdbc.replicas;

import com.zaxxer.hikari.HikariDataSource;
import io.github.osbsdk.broker.store.jdbc.PostgresBrokerStore;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;

/**
 * The PostgreSQL store a broker-core contract test runs its brokers on: a pool of its own on the
 * test database, and a store on it per broker the contract builds. {@link #close()}, from the
 * contract's {@code afterBrokerClosed}, closes every store made, checks that none of them still
 * borrows a connection (a store's listener of finished operations holds one until it is idle or
 * closed), then closes the pool.
 */
final class ContractStore implements AutoCloseable {
  private final HikariDataSource pool;
  private final List<PostgresBrokerStore> stores = new CopyOnWriteArrayList<>();

  /**
   * A pool named after the test.
   *
   * @param poolName the pool's name
   */
  ContractStore(String poolName) {
    pool = ReplicaServer.pool(TestDatabase.server().getJdbcUrl("postgres", "postgres"), poolName,
        4, 5_000);
  }

  /** @return a new store on the pool, closed with it */
  PostgresBrokerStore store() {
    PostgresBrokerStore store = PostgresBrokerStore.builder(pool).build();
    stores.add(store);
    return store;
  }

  /** @return the pool, for the SQL a contract runs on the rows */
  DataSource pool() {
    return pool;
  }

  /**
   * Closes every store, then the pool.
   *
   * @throws AssertionError when a connection is still borrowed once the stores are closed
   */
  @Override
  public void close() {
    try {
      stores.forEach(PostgresBrokerStore::close);
      int borrowed = pool.getHikariPoolMXBean() == null ? 0
          : pool.getHikariPoolMXBean().getActiveConnections();
      if (borrowed != 0) {
        throw new AssertionError(borrowed + " connection(s) of pool " + pool.getPoolName()
            + " still borrowed once its " + stores.size() + " store(s) were closed");
      }
    } finally {
      pool.close();
    }
  }
}
