package io.github.osbsdk.broker.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.osbsdk.broker.api.binding.BindingMetadata;
import io.github.osbsdk.broker.core.internal.JacksonConfiguration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A binding's {@code expires_at} and {@code renew_before} are {@link Instant}s in Java and RFC
 * 3339 UTC date-times on the wire, byte for byte as before when the time is given in UTC.
 */
class BindingMetadataWireTest {
  private static final ObjectMapper MAPPER = JacksonConfiguration.newMapper();
  private static final String WIRE =
      "{\"expires_at\":\"2026-01-01T00:00:00Z\",\"renew_before\":\"2025-12-01T00:00:00Z\"}";

  @Test
  void timesAreWrittenAsUtcDateTimesInTheSameOrderAsBefore() throws Exception {
    BindingMetadata m = new BindingMetadata(Instant.parse("2026-01-01T00:00:00Z"),
        Instant.parse("2025-12-01T00:00:00Z"));

    assertThat(MAPPER.writeValueAsString(m)).isEqualTo(WIRE);
  }

  @Test
  void utcDateTimesRoundTripUnchanged() throws Exception {
    BindingMetadata m = MAPPER.readValue(WIRE, BindingMetadata.class);

    assertThat(m.expiresAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(MAPPER.writeValueAsString(m)).isEqualTo(WIRE);
    String millis = "{\"expires_at\":\"2026-01-01T00:00:00.250Z\"}";
    assertThat(MAPPER.writeValueAsString(MAPPER.readValue(millis, BindingMetadata.class)))
        .isEqualTo(millis);
  }

  @Test
  void anAbsentTimeIsOmitted() throws Exception {
    assertThat(MAPPER.writeValueAsString(
        new BindingMetadata(null, Instant.parse("2025-12-01T00:00:00Z"))))
        .isEqualTo("{\"renew_before\":\"2025-12-01T00:00:00Z\"}");
    assertThat(MAPPER.readValue("{}", BindingMetadata.class))
        .isEqualTo(new BindingMetadata(null, null));
  }

  @Test
  void aTimeWithAnOffsetIsReadAsTheSameInstantAndWrittenInUtc() throws Exception {
    BindingMetadata m = MAPPER.readValue("{\"renew_before\":\"2026-12-01T00:00:00+01:00\"}",
        BindingMetadata.class);

    assertThat(m.renewBefore()).isEqualTo(Instant.parse("2026-11-30T23:00:00Z"));
    assertThat(MAPPER.writeValueAsString(m))
        .isEqualTo("{\"renew_before\":\"2026-11-30T23:00:00Z\"}");
  }

  @Test
  void aTimeThatIsNoDateTimeWithOffsetIsRefusedNamingTheField() {
    for (String bad : new String[] {"soon", "2026-12-31", "2026-12-31T23:59:59", "1767225600"}) {
      assertThatThrownBy(() -> MAPPER.readValue("{\"expires_at\":\"" + bad + "\"}",
          BindingMetadata.class))
          .cause().isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("metadata.expires_at is not an ISO 8601 date-time with an offset")
          .hasMessageContaining(bad);
    }
    assertThatThrownBy(() -> MAPPER.readValue("{\"renew_before\":\"x\"}", BindingMetadata.class))
        .cause().isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("metadata.renew_before");
  }
}
