package io.github.osbsdk.broker.store.jdbc.replicas;

import com.zaxxer.hikari.HikariDataSource;
import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.core.AsyncRetryOfAFailedCreateContract;
import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.store.jdbc.PostgresBrokerStore;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@link AsyncRetryOfAFailedCreateContract} on PostgreSQL: each broker a replica with a store of
 * its own on one pool, so the failed row the retry's end leaves is the one the database holds.
 */
class AsyncRetryOfAFailedCreateOnPostgresTest extends AsyncRetryOfAFailedCreateContract {
  private final HikariDataSource pool = ReplicaServer.pool(
      TestDatabase.server().getJdbcUrl("postgres", "postgres"), "async-retry", 6, 5_000);
  private final List<PostgresBrokerStore> stores = new CopyOnWriteArrayList<>();

  @Override
  protected Broker.Builder builder(ServiceBroker provider) {
    PostgresBrokerStore store = PostgresBrokerStore.builder(pool).build();
    stores.add(store);
    return Broker.builder(provider).store(withFaults(store));
  }

  @Override
  protected void afterBrokersClosed() {
    stores.forEach(PostgresBrokerStore::close);
    pool.close();
  }
}
