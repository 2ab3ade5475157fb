package io.github.osbsdk.broker.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.osbsdk.broker.api.binding.BindingDetails;
import io.github.osbsdk.broker.api.binding.BindingMetadata;
import io.github.osbsdk.broker.core.store.BindingStatus;
import io.github.osbsdk.broker.core.store.StoredBinding;
import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A stored binding's metadata reads in every form an SDK version stored (the provider's text,
 * ISO 8601 with or without offset, before BindingMetadata held Instants), as the row the
 * in-memory and the PostgreSQL store both hand back, and is written in today's form.
 */
class StoredBindingMetadataTest {
  private static final ObjectMapper MAPPER = JacksonConfiguration.newMapper();

  private static BindingMetadata readStored(String metadataJson) {
    StoredBinding row = new StoredBinding("i-1", "b-1", "svc", "plan", "f", null, null, null,
        null, "{\"metadata\":" + metadataJson + "}", null, BindingStatus.READY, Instant.EPOCH);
    BindingDetails details = InstanceRecords.details(row, Map.of(), MAPPER);
    return details.metadata();
  }

  @Test
  void aStoredTimeWithoutOffsetIsReadAsUtc() {
    BindingMetadata m = readStored(
        "{\"expires_at\":\"2026-12-31T23:59:59\",\"renew_before\":\"2026-12-01T08:30\"}");

    assertThat(m.expiresAt()).isEqualTo(Instant.parse("2026-12-31T23:59:59Z"));
    assertThat(m.renewBefore()).isEqualTo(Instant.parse("2026-12-01T08:30:00Z"));
  }

  @Test
  void aStoredTimeWithAnOffsetOrAZoneIsReadAsThatInstant() {
    BindingMetadata m = readStored("{\"expires_at\":\"2026-12-31T23:59:59.5+01:00\","
        + "\"renew_before\":\"2026-07-01T12:00:00+02:00[Europe/Paris]\"}");

    assertThat(m.expiresAt()).isEqualTo(Instant.parse("2026-12-31T22:59:59.500Z"));
    assertThat(m.renewBefore()).isEqualTo(Instant.parse("2026-07-01T10:00:00Z"));
    assertThat(readStored("{\"expires_at\":\"2026-12-31T23:59:59Z\"}").expiresAt())
        .isEqualTo(Instant.parse("2026-12-31T23:59:59Z"));
  }

  @Test
  void aStoredTimeReadsBackInTodaysFormWhenWrittenAgain() throws Exception {
    BindingMetadata m = readStored("{\"expires_at\":\"2026-12-31T23:59:59\"}");

    assertThat(InstanceRecords.write(new InstanceRecords.BindingExtras(null, null, null, null,
        m), MAPPER)).isEqualTo("{\"metadata\":{\"expires_at\":\"2026-12-31T23:59:59Z\"}}");
  }

  @Test
  void storedTextThatIsNoDateTimeIsLeftOutWithAWarnAndTheRestIsKept() {
    try (StderrCapture log = new StderrCapture()) {
      BindingMetadata m = readStored(
          "{\"expires_at\":\"next tuesday\",\"renew_before\":\"2026-12-01T00:00:00Z\"}");

      assertThat(m).isEqualTo(new BindingMetadata(null, Instant.parse("2026-12-01T00:00:00Z")));
      assertThat(log.lines()).anyMatch(l -> l.contains("WARN")
          && l.contains("metadata.expires_at is no ISO 8601 date-time")
          && l.contains("next tuesday"));
    }
  }

  @Test
  void aStoredRenewBeforeAfterExpiresAtIsLeftOutWithAWarn() {
    try (StderrCapture log = new StderrCapture()) {
      BindingMetadata m = readStored("{\"expires_at\":\"2026-12-31T00:00:00Z\","
          + "\"renew_before\":\"2027-01-01T00:00:00\"}");

      assertThat(m).isEqualTo(new BindingMetadata(Instant.parse("2026-12-31T00:00:00Z"), null));
      assertThat(log.lines()).anyMatch(l -> l.contains("WARN")
          && l.contains("renew_before (2027-01-01T00:00:00Z) is after its expires_at"));
    }
  }
}
