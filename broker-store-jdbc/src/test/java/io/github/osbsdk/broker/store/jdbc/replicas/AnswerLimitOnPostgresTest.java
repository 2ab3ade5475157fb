package io.github.osbsdk.broker.store.jdbc.replicas;

import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.core.AnswerLimitContract;
import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.store.jdbc.Migrations;
import io.github.osbsdk.broker.store.jdbc.PostgresBrokerStore;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;

/**
 * {@link AnswerLimitContract} on PostgreSQL: an answer past the limit leaves no row holding it
 * (credentials are stored encrypted there when a key is set), and failed creates are kept for the
 * platform's delete. Each test has a schema of its own: the contract's credential key must not
 * meet the credentials other tests stored under theirs.
 */
class AnswerLimitOnPostgresTest extends AnswerLimitContract {
  private final ContractStore db = new ContractStore("answer-limit");
  private final String schema = TestDatabase.freshSchema("answers_");
  private PostgresBrokerStore store;

  @Override
  protected Broker.Builder builder(ServiceBroker provider) {
    Migrations.apply(db.pool(), schema);
    store = PostgresBrokerStore.builder(db.pool()).schema(schema).build();
    return Broker.builder(provider).store(store);
  }

  @Override
  protected void afterBrokerClosed() {
    if (store != null) {
      store.close();
    }
    db.close();
  }
}
