package io.github.osbsdk.broker.metering.outbox;

import io.github.osbsdk.broker.metering.InMemoryUsageOutbox;
import io.github.osbsdk.broker.metering.OpenWindowContract;
import io.github.osbsdk.broker.metering.UsageOutbox;

/** The open-window contract on the in-memory outbox. */
class InMemoryOpenWindowTest extends OpenWindowContract {
  @Override
  protected UsageOutbox newOutbox() {
    return new InMemoryUsageOutbox();
  }
}
