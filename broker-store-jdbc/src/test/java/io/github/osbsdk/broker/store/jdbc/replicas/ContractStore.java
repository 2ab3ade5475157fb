package io.github.osbsdk.broker.store.jdbc.replicas;

import com.zaxxer.hikari.HikariDataSource;
import io.github.osbsdk.broker.store.jdbc.PostgresBrokerStore;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;
import javax.sql.DataSource;

/**
 * The PostgreSQL store a broker-core contract test runs its broker on: a pool of its own on the
 * test database, and a store on it per broker the contract builds. {@link #close()}, from the
 * contract's {@code afterBrokerClosed}, closes the last store, then the pool.
 */
final class ContractStore implements AutoCloseable {
  private final HikariDataSource pool;
  private PostgresBrokerStore store;

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
    store = PostgresBrokerStore.builder(pool).build();
    return store;
  }

  /** @return the pool, for the SQL a contract runs on the rows */
  DataSource pool() {
    return pool;
  }

  @Override
  public void close() {
    if (store != null) {
      store.close();
    }
    pool.close();
  }
}
