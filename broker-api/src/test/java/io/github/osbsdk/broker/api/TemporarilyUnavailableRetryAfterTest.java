package io.github.osbsdk.broker.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A provider's "not now" may say when to try again: a positive duration, or none. */
class TemporarilyUnavailableRetryAfterTest {
  @Test
  void retryAfterIsKeptAsGiven() {
    TemporarilyUnavailableException e =
        new TemporarilyUnavailableException("down", null, Duration.ofMillis(1500));

    assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(1500));
    assertThat(e).hasMessage("down").hasNoCause();
  }

  @Test
  void withoutRetryAfterTheSdksIsUsed() {
    assertThat(new TemporarilyUnavailableException("down").retryAfter()).isNull();
    assertThat(new TemporarilyUnavailableException("down", new RuntimeException()).retryAfter())
        .isNull();
  }

  @Test
  void zeroOrNegativeRetryAfterIsRefused() {
    assertThatThrownBy(() -> new TemporarilyUnavailableException("down", null, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    assertThatThrownBy(() -> new TemporarilyUnavailableException("down", null,
        Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
  }
}
