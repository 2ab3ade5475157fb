package io.github.osbsdk.broker.store.jdbc.replicas;

import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.RepeatedAcceptedAnswerContract;

/**
 * {@link RepeatedAcceptedAnswerContract} on PostgreSQL: the dashboard URL and metadata a repeat
 * answers are the ones the running operation's row holds.
 */
class RepeatedAcceptedAnswerOnPostgresTest extends RepeatedAcceptedAnswerContract {
  private final ContractStore db = new ContractStore("repeated-accepted");

  @Override
  protected Broker.Builder builder(ServiceBroker provider) {
    return Broker.builder(provider).store(db.store());
  }

  @Override
  protected void afterBrokerClosed() {
    db.close();
  }
}
