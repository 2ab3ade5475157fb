package io.github.osbsdk.broker.iam.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@code Retry-After} as RFC 9110 10.2.3 has it: delay-seconds or any form of HTTP-date. */
class RetryAfterTest {
  static final long NOW = Instant.parse("1994-11-06T08:47:37Z").toEpochMilli();

  @Test
  void delaySecondsAreReadAsTheyAre() {
    assertThat(IamHttp.retryAfterSeconds("120", NOW)).isEqualTo(120);
    assertThat(IamHttp.retryAfterSeconds(" 0 ", NOW)).isZero();
  }

  @Test
  void everyFormOfHttpDateIsReadAsSecondsFromNow() {
    assertThat(IamHttp.retryAfterSeconds("Sun, 06 Nov 1994 08:49:37 GMT", NOW)).isEqualTo(120);
    assertThat(IamHttp.retryAfterSeconds("Sunday, 06-Nov-94 08:49:37 GMT", NOW)).isEqualTo(120);
    assertThat(IamHttp.retryAfterSeconds("Sun Nov  6 08:49:37 1994", NOW)).isEqualTo(120);
  }

  @Test
  void aDateInThePastMeansNoWaitAndGarbageMeansNoValue() {
    assertThat(IamHttp.retryAfterSeconds("Sun, 06 Nov 1994 08:00:00 GMT", NOW)).isZero();
    assertThat(IamHttp.retryAfterSeconds("", NOW)).isEqualTo(-1);
    assertThat(IamHttp.retryAfterSeconds("-5", NOW)).isEqualTo(-1);
    assertThat(IamHttp.retryAfterSeconds("soon", NOW)).isEqualTo(-1);
  }

  @Test
  void delayOfMoreThanNineDigitsIsTheLongestWaitNotNoValue() {
    assertThat(IamHttp.retryAfterSeconds("9999999999", NOW))
        .isEqualTo(IamHttp.MAX_RETRY_AFTER_SECONDS);
    assertThat(IamHttp.retryAfterSeconds("9".repeat(100), NOW))
        .isEqualTo(IamHttp.MAX_RETRY_AFTER_SECONDS);
    assertThat(IamHttp.retryAfterSeconds("0000000000120", NOW)).isEqualTo(120);
    assertThat(IamHttp.retryAfterSeconds("Fri, 31 Dec 9999 23:59:59 GMT", NOW))
        .isEqualTo(IamHttp.MAX_RETRY_AFTER_SECONDS);
  }
}
