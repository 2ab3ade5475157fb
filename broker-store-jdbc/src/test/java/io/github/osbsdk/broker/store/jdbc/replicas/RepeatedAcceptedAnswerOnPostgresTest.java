package io.github.osbsdk.broker.store.jdbc.replicas;

import com.zaxxer.hikari.HikariDataSource;
import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.RepeatedAcceptedAnswerContract;
import io.github.osbsdk.broker.store.jdbc.PostgresBrokerStore;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;

/**
 * {@link RepeatedAcceptedAnswerContract} on PostgreSQL: the dashboard URL and metadata a repeat
 * answers are the ones the running operation's row holds.
 */
class RepeatedAcceptedAnswerOnPostgresTest extends RepeatedAcceptedAnswerContract {
  private final HikariDataSource pool = ReplicaServer.pool(
      TestDatabase.server().getJdbcUrl("postgres", "postgres"), "repeated-accepted", 4, 5_000);
  private PostgresBrokerStore store;

  @Override
  protected Broker.Builder builder(ServiceBroker provider) {
    store = PostgresBrokerStore.builder(pool).build();
    return Broker.builder(provider).store(store);
  }

  @Override
  protected void afterBrokerClosed() {
    if (store != null) {
      store.close();
    }
    pool.close();
  }
}
