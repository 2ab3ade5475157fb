package io.github.osbsdk.broker.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.osbsdk.broker.api.state.InstanceState;
import io.github.osbsdk.broker.core.internal.JacksonConfiguration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@code last_active} is an {@link Instant} in Java and epoch milliseconds on the wire. */
class InstanceStateWireTest {
  private static final ObjectMapper MAPPER = JacksonConfiguration.newMapper();
  private static final String WIRE =
      "{\"enabled\":false,\"active\":false,\"last_active\":1767225600000}";

  @Test
  void lastActiveIsWrittenAsEpochMillisecondsInTheSameOrderAsBefore() throws Exception {
    InstanceState state = new InstanceState(false, false, Instant.parse("2026-01-01T00:00:00Z"));

    assertThat(MAPPER.writeValueAsString(state)).isEqualTo(WIRE);
  }

  @Test
  void epochMillisecondsAreReadAsAnInstant() throws Exception {
    InstanceState state = MAPPER.readValue(WIRE, InstanceState.class);

    assertThat(state).isEqualTo(
        new InstanceState(false, false, Instant.parse("2026-01-01T00:00:00Z")));
    assertThat(MAPPER.writeValueAsString(state)).isEqualTo(WIRE);
  }

  @Test
  void aTimeFinerThanAMillisecondIsWrittenTruncated() throws Exception {
    InstanceState state = new InstanceState(true, true,
        Instant.parse("2026-01-01T00:00:00.123456789Z"));

    assertThat(MAPPER.writeValueAsString(state))
        .isEqualTo("{\"enabled\":true,\"active\":true,\"last_active\":1767225600123}");
  }

  @Test
  void aStateWithoutLastActiveIsRefused() {
    assertThatThrownBy(() -> new InstanceState(true, true, null))
        .isInstanceOf(NullPointerException.class).hasMessage("lastActive == null");
  }
}
