package io.github.osbsdk.broker.metering.outbox;

import io.github.osbsdk.broker.metering.InMemoryUsageOutbox;
import io.github.osbsdk.broker.metering.LeftRecordContract;
import io.github.osbsdk.broker.metering.UsageOutbox;

/** The left-record contract on the in-memory outbox. */
class InMemoryLeftRecordTest extends LeftRecordContract {
  @Override
  protected UsageOutbox newOutbox() {
    return new InMemoryUsageOutbox();
  }
}
