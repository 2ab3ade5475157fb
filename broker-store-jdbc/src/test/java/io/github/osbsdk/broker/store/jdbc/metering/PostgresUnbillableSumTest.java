package io.github.osbsdk.broker.store.jdbc.metering;

import io.github.osbsdk.broker.metering.UnbillableSumContract;
import io.github.osbsdk.broker.metering.UsageOutbox;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;

/** The unbillable-sum contract on PostgreSQL. */
class PostgresUnbillableSumTest extends UnbillableSumContract {
  @Override
  protected UsageOutbox newOutbox() {
    TestDatabase.truncateUsage();
    return PostgresUsageOutbox.create(TestDatabase.replicaA());
  }
}
