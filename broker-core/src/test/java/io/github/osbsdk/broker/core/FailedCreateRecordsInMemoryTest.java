package io.github.osbsdk.broker.core;

import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;

/** {@link FailedCreateRecordsContract} on the in-memory store (all replicas on one). */
class FailedCreateRecordsInMemoryTest extends FailedCreateRecordsContract {
  private final InMemoryBrokerStore store = new InMemoryBrokerStore();

  @Override
  protected Broker.Builder builder(ServiceBroker provider) {
    return Broker.builder(provider).store(withFaults(store));
  }
}
