package io.github.osbsdk.broker.core;

import io.github.osbsdk.broker.core.store.BrokerStore;

/**
 * The store a broker keeps its registry in, for tests outside broker-core's package:
 * {@code Broker.store()} is package-private, as no provider calls the state SPI.
 */
public final class BrokerStoreOfBroker {
  private BrokerStoreOfBroker() {}

  /**
   * @param broker the broker
   * @return its store
   */
  public static BrokerStore of(Broker broker) {
    return broker.store();
  }
}
