package io.github.osbsdk.broker.store.jdbc.metering;

import io.github.osbsdk.broker.metering.UnknownEndContract;
import io.github.osbsdk.broker.metering.UsageOutbox;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;

/** The unknown-end contract on PostgreSQL. */
class PostgresUnknownEndTest extends UnknownEndContract {
  @Override
  protected UsageOutbox newOutbox() {
    TestDatabase.truncateUsage();
    return PostgresUsageOutbox.create(TestDatabase.replicaA());
  }
}
