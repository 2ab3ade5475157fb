package io.github.osbsdk.broker.metering.outbox;

import io.github.osbsdk.broker.metering.InMemoryUsageOutbox;
import io.github.osbsdk.broker.metering.UnbillableSumContract;
import io.github.osbsdk.broker.metering.UsageOutbox;

/** The unbillable-sum contract on the in-memory outbox. */
class InMemoryUnbillableSumTest extends UnbillableSumContract {
  @Override
  protected UsageOutbox newOutbox() {
    return new InMemoryUsageOutbox();
  }
}
