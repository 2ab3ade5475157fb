package io.github.osbsdk.broker.metering;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Settings a reporter cannot work with are refused by its builder, naming the setting. */
class UsageReporterSettingsTest extends WithMeteringSimulator {
  @Test
  void leaseShorterThanOneClaimsRequestsIsRefused() {
    assertThatThrownBy(() -> Fixtures.reporter(sim).requestTimeout(Duration.ofSeconds(30))
        .lease(Duration.ofMinutes(1)).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("lease");
  }

  @Test
  void negativeFlushTimeoutIsRefusedByTheBuilderNotByClose() {
    assertThatThrownBy(() -> Fixtures.reporter(sim).flushTimeout(Duration.ofSeconds(-2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("flushTimeout");
  }

  @Test
  void durationsTheSenderCannotUseAreRefusedByTheBuilder() {
    // e.g. a poll interval of Long.MAX_VALUE seconds overflowed in the sender's wait and ended
    // the sender thread; a lease or backoff of centuries left PostgreSQL's timestamp range
    UsageReporter.Builder b = Fixtures.reporter(sim);
    Duration huge = Duration.ofSeconds(Long.MAX_VALUE);
    Duration tooLong = Duration.ofDays(1).plusMillis(1);
    Duration subMilli = Duration.ofNanos(999_999);
    for (Duration bad : List.of(huge, tooLong, subMilli, Duration.ZERO, Duration.ofMillis(-1))) {
      assertRefused(() -> b.pollInterval(bad), "pollInterval");
      assertRefused(() -> b.connectTimeout(bad), "connectTimeout");
      assertRefused(() -> b.requestTimeout(bad), "requestTimeout");
      assertRefused(() -> b.lease(bad), "lease");
      assertRefused(() -> b.backoff(bad, Duration.ofSeconds(1)), "initial");
      assertRefused(() -> b.backoff(Duration.ofSeconds(1), bad), "max");
    }
    for (Duration bad : List.of(huge, tooLong, Duration.ofNanos(-1))) {
      assertRefused(() -> b.flushTimeout(bad), "flushTimeout");
    }
    Duration day = Duration.ofDays(1);
    b.pollInterval(day).connectTimeout(day).requestTimeout(Duration.ofMinutes(1)).lease(day)
        .backoff(Duration.ofMillis(1), day).flushTimeout(day);
  }

  @Test
  void backoffWhoseFirstWaitExceedsTheLongestIsRefusedNamingBoth() {
    // was accepted: the first wait was then silently cut to the longest one
    assertThatThrownBy(() -> Fixtures.reporter(sim).backoff(Duration.ofMinutes(10),
        Duration.ofMinutes(5))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT10M").hasMessageContaining("PT5M");
    Fixtures.reporter(sim).backoff(Duration.ofSeconds(3), Duration.ofSeconds(3));
  }

  private static void assertRefused(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String name) {
    assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(name);
  }
}
