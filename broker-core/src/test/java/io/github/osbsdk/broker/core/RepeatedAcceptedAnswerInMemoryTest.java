package io.github.osbsdk.broker.core;

import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;

/** {@link RepeatedAcceptedAnswerContract} on the in-memory store. */
class RepeatedAcceptedAnswerInMemoryTest extends RepeatedAcceptedAnswerContract {
  @Override
  protected Broker.Builder builder(ServiceBroker provider) {
    return Broker.builder(provider).store(new InMemoryBrokerStore());
  }
}
