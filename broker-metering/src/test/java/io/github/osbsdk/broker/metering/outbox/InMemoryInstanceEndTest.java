package io.github.osbsdk.broker.metering.outbox;

import io.github.osbsdk.broker.metering.InMemoryUsageOutbox;
import io.github.osbsdk.broker.metering.InstanceEndContract;
import io.github.osbsdk.broker.metering.UsageOutbox;

/** The instance-end contract on the in-memory outbox. */
class InMemoryInstanceEndTest extends InstanceEndContract {
  @Override
  protected UsageOutbox newOutbox() {
    return new InMemoryUsageOutbox();
  }
}
