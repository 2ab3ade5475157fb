package io.github.osbsdk.broker.store.jdbc;

import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.BrokerStoreContract;
import org.junit.jupiter.api.BeforeEach;

/** The shared store contract, with two replicas (two pools, two stores) on one database. */
class PostgresBrokerStoreTest extends BrokerStoreContract {
  private final BrokerStore second = PostgresBrokerStore.builder(TestDatabase.replicaB()).build();

  @BeforeEach
  void emptyDatabase() {
    TestDatabase.truncate();
  }

  @Override
  protected BrokerStore store() {
    return PostgresBrokerStore.builder(TestDatabase.replicaA()).build();
  }

  @Override
  protected BrokerStore secondView() {
    return second;
  }
}
