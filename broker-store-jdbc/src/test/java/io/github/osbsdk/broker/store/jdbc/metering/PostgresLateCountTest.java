package io.github.osbsdk.broker.store.jdbc.metering;

import io.github.osbsdk.broker.metering.LateCountContract;
import io.github.osbsdk.broker.metering.UsageOutbox;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;
import java.time.Instant;

/**
 * The late-key contract on PostgreSQL: delivered keys in {@code osb_usage_delivered}, pruned on
 * the database server's clock (long after the contract's T0).
 */
class PostgresLateCountTest extends LateCountContract {
  @Override
  protected UsageOutbox newOutbox() {
    TestDatabase.truncateUsage();
    return PostgresUsageOutbox.create(TestDatabase.replicaA());
  }

  @Override
  protected void pruneAt(Instant now) {
    ((PostgresUsageOutbox) outbox).pruneInstanceEnds();
  }

  @Override
  protected long deliveredKeys() {
    return Long.parseLong(TestDatabase.strings("SELECT count(*) FROM osb_usage_delivered")
        .get(0));
  }
}
