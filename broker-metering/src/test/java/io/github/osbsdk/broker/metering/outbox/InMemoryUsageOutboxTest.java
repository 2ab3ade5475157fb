package io.github.osbsdk.broker.metering.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.metering.InMemoryUsageOutbox;
import io.github.osbsdk.broker.metering.UsageOutbox;
import io.github.osbsdk.broker.metering.UsageOutboxContract;
import org.junit.jupiter.api.Test;

/** Runs the contract from another package, as an implementation in another module does. */
class InMemoryUsageOutboxTest extends UsageOutboxContract {

  @Override
  protected UsageOutbox newOutbox() {
    return new InMemoryUsageOutbox();
  }

  @Test
  void saysItIsNotDurable() {
    assertThat(outbox.durable()).isFalse();
  }
}
