package io.github.osbsdk.broker.core.store;

/** The store contract on the in-memory store. */
class InMemoryBrokerStoreTest extends BrokerStoreContract {
  @Override
  protected BrokerStore store() {
    return new InMemoryBrokerStore();
  }
}
