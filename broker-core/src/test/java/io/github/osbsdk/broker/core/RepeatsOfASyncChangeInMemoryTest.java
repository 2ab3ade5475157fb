package io.github.osbsdk.broker.core;

import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;

/** {@link RepeatsOfASyncChangeContract} on the in-memory store. */
class RepeatsOfASyncChangeInMemoryTest extends RepeatsOfASyncChangeContract {
  @Override
  protected Broker.Builder builder(ServiceBroker provider) {
    return Broker.builder(provider).store(watched(new InMemoryBrokerStore()));
  }
}
