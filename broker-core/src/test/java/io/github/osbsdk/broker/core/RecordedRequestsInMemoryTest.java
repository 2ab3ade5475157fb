package io.github.osbsdk.broker.core;

import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;

/** {@link RecordedRequestsContract} on the in-memory store. */
class RecordedRequestsInMemoryTest extends RecordedRequestsContract {
  @Override
  protected Broker.Builder builder(ServiceBroker provider) {
    return Broker.builder(provider).store(new InMemoryBrokerStore());
  }
}
