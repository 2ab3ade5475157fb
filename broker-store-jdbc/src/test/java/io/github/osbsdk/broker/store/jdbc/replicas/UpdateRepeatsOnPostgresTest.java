package io.github.osbsdk.broker.store.jdbc.replicas;

import com.zaxxer.hikari.HikariDataSource;
import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.UpdateRepeatsContract;
import io.github.osbsdk.broker.store.jdbc.PostgresBrokerStore;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;

/**
 * {@link UpdateRepeatsContract} on PostgreSQL: the running update a repeat meets, and its
 * fingerprint (an older version's form too), are the ones the database holds.
 */
class UpdateRepeatsOnPostgresTest extends UpdateRepeatsContract {
  private final HikariDataSource pool = ReplicaServer.pool(
      TestDatabase.server().getJdbcUrl("postgres", "postgres"), "update-repeats", 4, 5_000);
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
