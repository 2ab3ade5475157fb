package io.github.osbsdk.broker.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.testkit.client.OsbClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@link ConformanceSuite.Builder} refuses. */
class ConformanceSuiteBuilderTest {
  @Test
  void aRequestTimeoutThatIsNotPositiveIsRefused() {
    for (Duration bad : List.of(Duration.ZERO, Duration.ofSeconds(-1))) {
      assertThatThrownBy(() -> ConformanceSuite.builder().requestTimeout(bad))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
      assertThatThrownBy(() -> OsbClient.builder(URI.create("http://a:1")).timeout(bad))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    }
  }

  @Test
  void anAsyncTimeoutThatIsNotPositiveOrLongerThanADayIsRefused() {
    for (Duration bad : List.of(Duration.ZERO, Duration.ofSeconds(-1),
        Duration.ofHours(24).plusSeconds(1), Duration.ofSeconds(Long.MAX_VALUE))) {
      assertThatThrownBy(() -> ConformanceSuite.builder().asyncTimeout(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("async timeout must be positive and at most 24 hours");
    }
  }

  @Test
  void aLongestPollIntervalThatIsNotPositiveOrLongerThanADayIsRefused() {
    for (Duration bad : List.of(Duration.ZERO, Duration.ofMillis(-1),
        Duration.ofHours(24).plusMillis(1), Duration.ofSeconds(Long.MAX_VALUE))) {
      assertThatThrownBy(() -> ConformanceSuite.builder().maxPollInterval(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("poll interval must be positive and at most 24 hours");
    }
  }
}
