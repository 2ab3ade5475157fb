package io.github.osbsdk.broker.metering.outbox;

import io.github.osbsdk.broker.metering.HeldCountContract;
import io.github.osbsdk.broker.metering.InMemoryUsageOutbox;
import io.github.osbsdk.broker.metering.UsageOutbox;

/** The held-count contract on the in-memory outbox. */
class InMemoryHeldCountTest extends HeldCountContract {
  @Override
  protected UsageOutbox newOutbox() {
    return new InMemoryUsageOutbox();
  }
}
