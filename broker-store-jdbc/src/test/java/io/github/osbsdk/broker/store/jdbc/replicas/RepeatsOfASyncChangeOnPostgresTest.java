package io.github.osbsdk.broker.store.jdbc.replicas;

import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.RepeatsOfASyncChangeContract;

/**
 * {@link RepeatsOfASyncChangeContract} on PostgreSQL: the running operation a repeat meets, and
 * its fingerprint, are the ones the database holds.
 */
class RepeatsOfASyncChangeOnPostgresTest extends RepeatsOfASyncChangeContract {
  private final ContractStore db = new ContractStore("sync-repeats");

  @Override
  protected Broker.Builder builder(ServiceBroker provider) {
    return Broker.builder(provider).store(watched(db.store()));
  }

  @Override
  protected void afterBrokerClosed() {
    db.close();
  }
}
