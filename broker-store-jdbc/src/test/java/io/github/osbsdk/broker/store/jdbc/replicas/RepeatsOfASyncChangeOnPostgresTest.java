package io.github.osbsdk.broker.store.jdbc.replicas;

import com.zaxxer.hikari.HikariDataSource;
import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.RepeatsOfASyncChangeContract;
import io.github.osbsdk.broker.store.jdbc.PostgresBrokerStore;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;

/**
 * {@link RepeatsOfASyncChangeContract} on PostgreSQL: the running operation a repeat meets, and
 * its fingerprint, are the ones the database holds.
 */
class RepeatsOfASyncChangeOnPostgresTest extends RepeatsOfASyncChangeContract {
  private final HikariDataSource pool = ReplicaServer.pool(
      TestDatabase.server().getJdbcUrl("postgres", "postgres"), "sync-repeats", 4, 5_000);
  private PostgresBrokerStore store;

  @Override
  protected Broker.Builder builder(ServiceBroker provider) {
    store = PostgresBrokerStore.builder(pool).build();
    return Broker.builder(provider).store(watched(store));
  }

  @Override
  protected void afterBrokerClosed() {
    if (store != null) {
      store.close();
    }
    pool.close();
  }
}
