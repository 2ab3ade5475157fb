package io.github.osbsdk.broker.core;

import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;

/** {@link AsyncRetryOfAFailedCreateContract} on the in-memory store (both replicas on one). */
class AsyncRetryOfAFailedCreateInMemoryTest extends AsyncRetryOfAFailedCreateContract {
  private final InMemoryBrokerStore store = new InMemoryBrokerStore();

  @Override
  protected Broker.Builder builder(ServiceBroker provider) {
    return Broker.builder(provider).store(withFaults(store));
  }
}
