package io.github.osbsdk.broker.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.osbsdk.broker.api.binding.BindingDetails;
import io.github.osbsdk.broker.core.store.BindingStatus;
import io.github.osbsdk.broker.core.store.StoredBinding;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A binding the registry holds from before {@code BindingMetadata} carried {@code Instant}s: the
 * previous version accepted (and stored) any {@code DateTimeFormatter.ISO_DATE_TIME} text, whose
 * offset is optional and which may carry a zone id. Such a row must stay readable after the
 * upgrade; otherwise every fetch and every repeated bind of the binding is a 500, for good.
 */
class StoredBindingMetadataCompatibilityTest {
  private final ObjectMapper mapper = JacksonConfiguration.newMapper();

  private static StoredBinding storedWith(String details) {
    return new StoredBinding("i-1", "b-1", "svc", "plan", "fp", null, null, null, null,
        details, null, BindingStatus.READY, Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Test
  void aStoredExpiryWithoutAnOffsetThatThePreviousVersionAcceptedIsStillReadable() {
    StoredBinding b = storedWith("{\"metadata\":{\"expires_at\":\"2026-12-31T23:59:59\"}}");
    BindingDetails d = InstanceRecords.details(b, null, mapper);
    assertThat(d.metadata().expiresAt()).isEqualTo(Instant.parse("2026-12-31T23:59:59Z"));
  }

  @Test
  void aStoredExpiryWithAZoneIdThatThePreviousVersionAcceptedIsStillReadable() {
    StoredBinding b = storedWith("{\"metadata\":{\"renew_before\":"
        + "\"2026-12-31T23:59:59+01:00[Europe/Paris]\"}}");
    BindingDetails d = InstanceRecords.details(b, null, mapper);
    assertThat(d.metadata().renewBefore()).isEqualTo(Instant.parse("2026-12-31T22:59:59Z"));
  }
}
