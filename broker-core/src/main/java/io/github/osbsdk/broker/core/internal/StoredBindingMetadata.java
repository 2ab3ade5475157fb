package io.github.osbsdk.broker.core.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import io.github.osbsdk.broker.api.binding.BindingMetadata;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a binding's {@code metadata} as the registry stored it, in every form an SDK version
 * wrote. Since {@link BindingMetadata} holds {@code Instant}s the SDK writes UTC date-times
 * ({@code 2026-12-31T23:59:59Z}); before, it stored the provider's text as given: any ISO 8601
 * date-time ({@link DateTimeFormatter#ISO_DATE_TIME}: without offset, with an offset, with an
 * offset and a zone such as {@code [Europe/Paris]}), and before that check, any text at all.
 *
 * <p>A time without offset is read as UTC; one with an offset or zone as that instant. Text that
 * is no date-time, and a {@code renew_before} after {@code expires_at} (which the SDK did not
 * refuse then), cannot be a {@code BindingMetadata}: that time is left out of the answer, with
 * a WARN, so the binding stays readable. Only the registry's copy is read this way; a
 * provider's or a platform's JSON goes through {@code BindingMetadata}'s strict reading.
 */
final class StoredBindingMetadata extends StdDeserializer<BindingMetadata> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(StoredBindingMetadata.class);

  StoredBindingMetadata() {
    super(BindingMetadata.class);
  }

  @Override
  public BindingMetadata deserialize(JsonParser p, DeserializationContext ctxt)
      throws IOException {
    JsonNode node = ctxt.readTree(p);
    if (node == null || !node.isObject()) {
      return null;
    }
    Instant expiresAt = time(node, "expires_at");
    Instant renewBefore = time(node, "renew_before");
    if (expiresAt != null && renewBefore != null && renewBefore.isAfter(expiresAt)) {
      LOG.warn("A stored binding's metadata.renew_before ({}) is after its expires_at ({}),"
          + " as an earlier SDK version kept it: answered without renew_before", renewBefore,
          expiresAt);
      renewBefore = null;
    }
    return new BindingMetadata(expiresAt, renewBefore);
  }

  private static Instant time(JsonNode metadata, String field) {
    JsonNode value = metadata.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    String text = value.asText();
    Instant parsed = parse(text);
    if (parsed == null) {
      LOG.warn("A stored binding's metadata.{} is no ISO 8601 date-time, as an earlier SDK"
          + " version kept it: answered without it: {}", field, LogText.quote(text));
    }
    return parsed;
  }

  /**
   * Reads a stored time.
   *
   * @param text the stored text
   * @return the instant (UTC when the text has no offset), or null when the text is no ISO 8601
   *     date-time
   */
  static Instant parse(String text) {
    try {
      TemporalAccessor t = DateTimeFormatter.ISO_DATE_TIME.parse(text);
      return t.isSupported(ChronoField.INSTANT_SECONDS) ? Instant.from(t)
          : LocalDateTime.from(t).toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      return null;
    }
  }
}
