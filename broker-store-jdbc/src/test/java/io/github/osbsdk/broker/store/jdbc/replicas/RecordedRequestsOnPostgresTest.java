package io.github.osbsdk.broker.store.jdbc.replicas;

import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.RecordedRequestsContract;
import org.junit.jupiter.api.AfterEach;

/**
 * {@link RecordedRequestsContract} on PostgreSQL: the instance and binding handed to the provider
 * are the ones the store's begin (or read) returned, as written by the provision, update and
 * bind before.
 */
class RecordedRequestsOnPostgresTest extends RecordedRequestsContract {
  private final ContractStore db = new ContractStore("recorded-requests");

  @Override
  protected Broker.Builder builder(ServiceBroker provider) {
    return Broker.builder(provider).store(db.store());
  }

  /** Each test closes its servers (and brokers) before this runs. */
  @AfterEach
  void closeStores() {
    db.close();
  }
}
