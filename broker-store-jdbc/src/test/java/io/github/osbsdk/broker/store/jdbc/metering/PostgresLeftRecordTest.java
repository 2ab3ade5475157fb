package io.github.osbsdk.broker.store.jdbc.metering;

import io.github.osbsdk.broker.metering.LeftRecordContract;
import io.github.osbsdk.broker.metering.UsageOutbox;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;

/**
 * The left-record contract on PostgreSQL: the sender that left a record and until when are in
 * {@code left_by} and {@code left_until} (V11), on the database server's clock.
 */
class PostgresLeftRecordTest extends LeftRecordContract {
  @Override
  protected UsageOutbox newOutbox() {
    TestDatabase.truncateUsage();
    return PostgresUsageOutbox.create(TestDatabase.replicaA());
  }
}
