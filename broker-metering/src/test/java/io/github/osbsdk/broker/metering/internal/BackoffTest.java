package io.github.osbsdk.broker.metering.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class BackoffTest {
  static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
  final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5));

  @RepeatedTest(20)
  void waitDoublesPerAttemptWithJitterBetweenHalfAndAll() {
    assertThat(Duration.between(NOW, backoff.next(NOW, 0, Optional.empty())))
        .isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
    assertThat(Duration.between(NOW, backoff.next(NOW, 3, Optional.empty())))
        .isBetween(Duration.ofSeconds(4), Duration.ofSeconds(8));
    assertThat(Duration.between(NOW, backoff.next(NOW, 40, Optional.empty())))
        .isBetween(Duration.ofSeconds(150), Duration.ofMinutes(5));
  }

  @Test
  void retryAfterIsAFloor() {
    assertThat(backoff.next(NOW, 0, Optional.of(Duration.ofSeconds(30))))
        .isEqualTo(NOW.plusSeconds(30));
  }

  @Test
  void retryAfterIsReadAsSecondsOrHttpDate() {
    assertThat(Backoff.parseRetryAfter("120", NOW)).contains(Duration.ofSeconds(120));
    assertThat(Backoff.parseRetryAfter("Thu, 01 Jan 2026 10:00:30 GMT", NOW))
        .contains(Duration.ofSeconds(30));
    assertThat(Backoff.parseRetryAfter("Thu, 01 Jan 2026 09:00:00 GMT", NOW))
        .contains(Duration.ZERO);
    assertThat(Backoff.parseRetryAfter("soon", NOW)).isEmpty();
    assertThat(Backoff.parseRetryAfter("-1", NOW)).isEmpty();
    assertThat(Backoff.parseRetryAfter(null, NOW)).isEmpty();
  }

  @Test
  void absurdRetryAfterIsCappedAtAnHourOrTheLongestWaitAndNeverOverflows() {
    assertThat(backoff.next(NOW, 0, Optional.of(Duration.ofSeconds(Long.MAX_VALUE))))
        .isEqualTo(NOW.plus(Duration.ofHours(1)));
    assertThat(backoff.next(NOW, 0, Backoff.parseRetryAfter("1000000000", NOW)))
        .isEqualTo(NOW.plus(Duration.ofHours(1)));
    Backoff patient = new Backoff(Duration.ofSeconds(1), Duration.ofHours(2));
    assertThat(patient.next(NOW, 0, Optional.of(Duration.ofDays(3))))
        .isEqualTo(NOW.plus(Duration.ofHours(2)));
  }
}
