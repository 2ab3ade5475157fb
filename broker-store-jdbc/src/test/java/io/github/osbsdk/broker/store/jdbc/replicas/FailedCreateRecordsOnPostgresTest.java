package io.github.osbsdk.broker.store.jdbc.replicas;

import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.FailedCreateRecordsContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link FailedCreateRecordsContract} on PostgreSQL: each broker a replica with a store of its own
 * on one pool, so the failed row a create leaves is the one the database holds.
 */
class FailedCreateRecordsOnPostgresTest extends FailedCreateRecordsContract {
  @RegisterExtension
  final StoresOnOnePool database = new StoresOnOnePool("failed-records");

  @Override
  protected Broker.Builder builder(ServiceBroker provider) {
    return Broker.builder(provider).store(withFaults(database.newStore()));
  }
}
