package io.github.osbsdk.broker.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.testkit.client.OsbClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What {@link ConformanceSuite.Builder} refuses, and the bounds it shares with the CLI. */
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

  @Test
  void aRequestTimeoutLongerThanADayIsRefusedNamingTheSettingAndItsRange() {
    for (Duration bad : List.of(Duration.ofHours(24).plusMillis(1),
        Duration.ofSeconds(Integer.MAX_VALUE), Duration.ofSeconds(Long.MAX_VALUE))) {
      assertThatThrownBy(() -> ConformanceSuite.builder().requestTimeout(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("requestTimeout: the request timeout must be positive and at most"
              + " 24 hours: " + bad);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 257, 2_000_000_000, Integer.MIN_VALUE})
  void aParallelismOutsideOneTo256IsRefusedNamingTheSettingAndItsRange(int bad) {
    assertThatThrownBy(() -> ConformanceSuite.builder().parallelism(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("parallelism: the number of checks at once must be from 1 to 256: " + bad);
  }

  @Test
  void theOtherDurationRefusalsNameTheirSettingAndRangeToo() {
    Duration bad = Duration.ofHours(25);
    assertThatThrownBy(() -> ConformanceSuite.builder().asyncTimeout(bad))
        .hasMessage("asyncTimeout: the async timeout must be positive and at most 24 hours: "
            + "PT25H");
    assertThatThrownBy(() -> ConformanceSuite.builder().maxPollInterval(bad))
        .hasMessage("maxPollInterval: the longest poll interval must be positive and at most"
            + " 24 hours: PT25H");
  }

  @Test
  void theBoundsThemselvesAreAccepted() {
    Duration day = Duration.ofHours(24);
    assertThat(ConformanceSuite.Builder.MAX_REQUEST_TIMEOUT).isEqualTo(day);
    assertThat(ConformanceSuite.Builder.MAX_ASYNC_TIMEOUT).isEqualTo(day);
    assertThat(ConformanceSuite.Builder.MAX_PARALLELISM).isEqualTo(256);
    assertThatCode(() -> ConformanceSuite.builder().parallelism(1).parallelism(256)
        .requestTimeout(Duration.ofNanos(1)).requestTimeout(day)
        .asyncTimeout(Duration.ofNanos(1)).asyncTimeout(day)
        .maxPollInterval(Duration.ofNanos(1)).maxPollInterval(day))
        .doesNotThrowAnyException();
  }
}
