package io.github.osbsdk.broker.store.jdbc.metering;

import io.github.osbsdk.broker.metering.UnknownEndContract;
import io.github.osbsdk.broker.metering.UsageOutbox;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;

/** The unknown-end contract on PostgreSQL, with restarts on the same database. */
class PostgresUnknownEndTest extends UnknownEndContract {
  @Override
  protected UsageOutbox newOutbox() {
    TestDatabase.truncateUsage();
    return PostgresUsageOutbox.create(TestDatabase.replicaA());
  }

  @Override
  protected UsageOutbox reopen() {
    return PostgresUsageOutbox.create(TestDatabase.replicaA());
  }
}
