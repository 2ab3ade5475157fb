package io.github.osbsdk.broker.iam.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FetchBackoffTest {
  @Test
  void pausesDoubleUpToTheCapAndStartAgainAfterASuccess() {
    FetchBackoff backoff = new FetchBackoff(1_000, 300_000, Clock.systemUTC());
    List<Long> pauses = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      pauses.add(backoff.failed(0));
    }
    assertThat(pauses).containsExactly(1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 32_000L,
        64_000L, 128_000L, 256_000L, 300_000L, 300_000L, 300_000L);
    backoff.succeeded();
    assertThat(backoff.failed(0)).isEqualTo(1_000);
  }

  @Test
  void retryAfterLongerThanTheBackoffWins() {
    FetchBackoff backoff = new FetchBackoff(1_000, 300_000, Clock.systemUTC());
    assertThat(backoff.failed(60_000)).isEqualTo(60_000);
    assertThat(backoff.failed(500)).isEqualTo(2_000);
  }

  @Test
  void manyFailuresNeverOverflow() {
    FetchBackoff backoff = new FetchBackoff(1_000, 300_000, Clock.systemUTC());
    for (int i = 0; i < 10_000; i++) {
      assertThat(backoff.failed(0)).isBetween(1_000L, 300_000L);
    }
  }
}
