package io.github.osbsdk.broker.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.api.AsyncWork;
import org.junit.jupiter.api.Test;

class AsyncWorkTest {
  @Test
  void aProviderTrackedOperationIdIsPrintableAndAtMost10000Characters() {
    assertThat(AsyncWork.trackedByProvider("x".repeat(10_000))).isNotNull();
    assertThatThrownBy(() -> AsyncWork.trackedByProvider("x".repeat(10_001)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10,000");
    for (String id : new String[] {"op\u0000", "op\n1", "\u007f"}) {
      assertThatThrownBy(() -> AsyncWork.trackedByProvider(id))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("operation holds a control character");
    }
  }
}
