package io.github.osbsdk.broker.store.jdbc.replicas;

import com.zaxxer.hikari.HikariDataSource;
import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.RecordedRequestsContract;
import io.github.osbsdk.broker.store.jdbc.PostgresBrokerStore;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;
import org.junit.jupiter.api.AfterEach;

/**
 * {@link RecordedRequestsContract} on PostgreSQL: the instance and binding handed to the provider
 * are the ones the store's begin (or read) returned, as written by the provision, update and
 * bind before.
 */
class RecordedRequestsOnPostgresTest extends RecordedRequestsContract {
  private final HikariDataSource pool = ReplicaServer.pool(
      TestDatabase.server().getJdbcUrl("postgres", "postgres"), "recorded-requests", 4, 5_000);

  @Override
  protected Broker.Builder builder(ServiceBroker provider) {
    return Broker.builder(provider).store(PostgresBrokerStore.builder(pool).build());
  }

  @AfterEach
  void closePool() {
    pool.close();
  }
}
