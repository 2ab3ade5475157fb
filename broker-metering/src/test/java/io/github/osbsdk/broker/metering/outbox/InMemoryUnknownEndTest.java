package io.github.osbsdk.broker.metering.outbox;

import io.github.osbsdk.broker.metering.InMemoryUsageOutbox;
import io.github.osbsdk.broker.metering.UnknownEndContract;
import io.github.osbsdk.broker.metering.UsageOutbox;

/** The unknown-end contract on the in-memory outbox. */
class InMemoryUnknownEndTest extends UnknownEndContract {
  @Override
  protected UsageOutbox newOutbox() {
    return new InMemoryUsageOutbox();
  }
}
