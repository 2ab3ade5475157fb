package io.github.osbsdk.broker.core;

import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;

/** {@link UpdateRepeatsContract} on the in-memory store. */
class UpdateRepeatsInMemoryTest extends UpdateRepeatsContract {
  @Override
  protected Broker.Builder builder(ServiceBroker provider) {
    return Broker.builder(provider).store(watched(new InMemoryBrokerStore()));
  }
}
