package io.github.osbsdk.broker.store.jdbc.metering;

import io.github.osbsdk.broker.metering.OpenWindowContract;
import io.github.osbsdk.broker.metering.UsageOutbox;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;

/** The open-window contract on PostgreSQL. */
class PostgresOpenWindowTest extends OpenWindowContract {
  @Override
  protected UsageOutbox newOutbox() {
    TestDatabase.truncateUsage();
    return PostgresUsageOutbox.create(TestDatabase.replicaA());
  }
}
