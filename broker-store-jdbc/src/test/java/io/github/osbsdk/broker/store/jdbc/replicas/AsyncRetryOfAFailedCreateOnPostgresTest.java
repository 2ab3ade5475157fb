package io.github.osbsdk.broker.store.jdbc.replicas;

import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.core.AsyncRetryOfAFailedCreateContract;
import io.github.osbsdk.broker.core.Broker;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link AsyncRetryOfAFailedCreateContract} on PostgreSQL: each broker a replica with a store of
 * its own on one pool, so the failed row the retry's end leaves is the one the database holds.
 */
class AsyncRetryOfAFailedCreateOnPostgresTest extends AsyncRetryOfAFailedCreateContract {
  @RegisterExtension
  final StoresOnOnePool database = new StoresOnOnePool("async-retry");

  @Override
  protected Broker.Builder builder(ServiceBroker provider) {
    return Broker.builder(provider).store(withFaults(database.newStore()));
  }
}
