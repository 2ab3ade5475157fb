package io.github.osbsdk.broker.metering;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
