package io.github.osbsdk.broker.core;

import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;

/** {@link AnswerLimitContract} on the in-memory store. */
class AnswerLimitInMemoryTest extends AnswerLimitContract {
  @Override
  protected Broker.Builder builder(ServiceBroker provider) {
    return Broker.builder(provider).store(new InMemoryBrokerStore());
  }
}
