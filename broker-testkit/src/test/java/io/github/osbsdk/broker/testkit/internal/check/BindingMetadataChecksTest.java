package io.github.osbsdk.broker.testkit.internal.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class BindingMetadataChecksTest {
  @Test
  void rfc3339DateTimesWithAnOffsetAreReadAsTheirInstant() {
    assertThat(BindingMetadataChecks.parse("2030-01-01T00:00:00Z"))
        .isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
    assertThat(BindingMetadataChecks.parse("2030-01-01t01:30:00.250+01:00"))
        .isEqualTo(Instant.parse("2030-01-01T00:30:00.250Z"));
    assertThat(BindingMetadataChecks.parse("2030-01-01T00:00:00.123456789123z"))
        .isEqualTo(Instant.parse("2030-01-01T00:00:00.123456789Z"));
    assertThat(BindingMetadataChecks.parse("2016-12-31T23:59:60Z"))
        .isEqualTo(Instant.parse("2017-01-01T00:00:00Z"));
  }

  @Test
  void textsThatAreNoRfc3339DateTimeWithAnOffsetAreRefused() {
    for (String text : new String[] {"2030-01-01T00:00:00", "2030-01-01T00:00Z",
        "2030-01-01 00:00:00Z", "2030-01-01T00:00:00+01", "2030-01-01T00:00:00+0100",
        "2030-13-01T00:00:00Z", "2030-02-30T00:00:00Z", "+12030-01-01T00:00:00Z", "1893456000",
        "2030-01-01T00:00:00Z "}) {
      assertThat(BindingMetadataChecks.parse(text)).as(text).isNull();
    }
  }
}
