package io.github.osbsdk.broker.store.jdbc.replicas;

import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.UpdateRepeatsContract;

/**
 * {@link UpdateRepeatsContract} on PostgreSQL: the running update a repeat meets, and its
 * fingerprint (an older version's form too), are the ones the database holds.
 */
class UpdateRepeatsOnPostgresTest extends UpdateRepeatsContract {
  private final ContractStore db = new ContractStore("update-repeats");

  @Override
  protected Broker.Builder builder(ServiceBroker provider) {
    return Broker.builder(provider).store(watched(db.store()));
  }

  @Override
  protected void afterBrokerClosed() {
    db.close();
  }
}
