package io.github.osbsdk.broker.api.binding;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * {@code metadata} of a binding response: when the credentials expire and when the binding
 * should be rotated.
 *
 * <p>On the wire both are RFC 3339 date-times in UTC, as OSB 2.17 asks
 * ({@code yyyy-mm-ddThh:mm:ss.sZ}): {@link Instant#toString()}, e.g.
 * {@code 2026-12-31T23:59:59Z}, with fractional seconds only when there are any (in groups of
 * three digits). Read from JSON (a platform's or the registry's copy), a time must be an ISO 8601
 * date-time with an offset ({@code Z} or {@code +01:00}, fractional seconds optional); any other
 * text is refused with an {@link IllegalArgumentException} naming the field, and is read as UTC
 * from then on.
 *
 * <p>OSB 2.17 asks that {@code renew_before} not be after {@code expires_at}: a binding is
 * rotated before its credentials expire. Such a pair is refused at construction (also when read
 * from JSON), so a provider's {@code bind} or {@code fetchBinding} that builds one fails there,
 * and the SDK answers it as any other provider failure (500, logged with this message) without
 * recording the binding.
 *
 * @param expiresAt when the credentials expire ({@code expires_at}), may be null
 * @param renewBefore before when the binding should be rotated ({@code renew_before}), may be
 *     null; not after {@code expiresAt} when both are set (equal is allowed)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"expires_at", "renew_before"})
public record BindingMetadata(@JsonIgnore Instant expiresAt, @JsonIgnore Instant renewBefore) {

  /**
   * Checks the order of the two times.
   *
   * @throws IllegalArgumentException when {@code renewBefore} is after {@code expiresAt},
   *     naming both
   */
  public BindingMetadata {
    if (expiresAt != null && renewBefore != null && renewBefore.isAfter(expiresAt)) {
      throw new IllegalArgumentException("metadata.renew_before (" + renewBefore
          + ") is after metadata.expires_at (" + expiresAt + "): OSB 2.17 asks that a binding"
          + " be renewed no later than its credentials expire");
    }
  }

  @JsonCreator
  private static BindingMetadata fromWire(@JsonProperty("expires_at") String expiresAt,
      @JsonProperty("renew_before") String renewBefore) {
    return new BindingMetadata(parse("expires_at", expiresAt),
        parse("renew_before", renewBefore));
  }

  @JsonProperty("expires_at")
  private String expiresAtText() {
    return expiresAt == null ? null : expiresAt.toString();
  }

  @JsonProperty("renew_before")
  private String renewBeforeText() {
    return renewBefore == null ? null : renewBefore.toString();
  }

  private static Instant parse(String field, String value) {
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("metadata." + field + " is not an ISO 8601 date-time"
          + " with an offset, such as 2026-12-31T23:59:59Z: \"" + excerpt(value) + "\"", e);
    }
  }

  private static String excerpt(String value) {
    return value.length() <= 64 ? value : value.substring(0, 64) + "...";
  }
}
