package io.github.osbsdk.broker.testkit.internal.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.osbsdk.broker.api.binding.BindingDetails;
import io.github.osbsdk.broker.testkit.Rule;
import io.github.osbsdk.broker.testkit.client.BindResponse;
import io.github.osbsdk.broker.testkit.client.FetchBinding;
import io.github.osbsdk.broker.testkit.client.OsbResponse;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks of a binding's {@code metadata} in bind (201, 200) and fetch (200) answers: its
 * {@code expires_at} and {@code renew_before} are RFC 3339 date-times with an offset, and the
 * binding is to be renewed no later than it expires. Read from the wire, only the JSON tree is
 * used: an answer the kit's typed body cannot hold (the SDK's {@code BindingMetadata} refuses
 * such a pair) is reported here with its values, not lost as a null body.
 */
final class BindingMetadataChecks {
  /** RFC 3339 section 5.6 date-time: seconds required, offset {@code Z} or {@code +hh:mm}. */
  private static final Pattern DATE_TIME = Pattern.compile(
      "\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2})");
  /** Where the seconds of an RFC 3339 date-time start. */
  private static final int SECONDS_AT = 17;

  private BindingMetadataChecks() {}

  static Check perBindablePlan(CatalogView view, PlanRef p) {
    return Check.of(Rule.BIND_METADATA, p, ctx -> metadata(ctx, view, p));
  }

  private static void metadata(CheckContext ctx, CatalogView view, PlanRef p) {
    Bound b = ctx.bind(ctx.provision(p));
    boolean seen = !b.async() && check(ctx, b.first(), "the bind's " + b.first().status()
        + " answer");
    OsbResponse<BindResponse> again = ctx.client().bind(b.instance().id(), b.id(), b.body(),
        true);
    if (again.status() == 200 || again.status() == 201) {
      seen |= check(ctx, again, "the identical bind's " + again.status() + " answer");
    }
    if (view.bindingsRetrievable(p)) {
      OsbResponse<BindingDetails> fetched = ctx.client().fetchBinding(FetchBinding
          .instance(b.instance().id()).binding(b.id()).service(p.serviceId()).plan(p.planId()));
      if (fetched.status() == 200) {
        seen |= check(ctx, fetched, "the fetch's 200 answer");
      }
    }
    if (!seen) {
      throw ctx.notApplicable("no bind or fetch answer carried metadata");
    }
  }

  /** Checks the metadata of one answer; returns whether it carried any. */
  private static boolean check(CheckContext ctx, OsbResponse<?> r, String what) {
    JsonNode json = r.json();
    JsonNode metadata = json == null || !json.isObject() ? null : json.get("metadata");
    if (metadata == null || metadata.isNull()) {
      return false;
    }
    if (!metadata.isObject()) {
      throw ctx.fail("expected metadata in " + what + " to be a JSON object, got "
          + CheckContext.abbreviate(metadata.toString()), r);
    }
    Instant expires = time(ctx, r, what, metadata, "expires_at");
    Instant renew = time(ctx, r, what, metadata, "renew_before");
    if (expires != null && renew != null && renew.isAfter(expires)) {
      throw ctx.fail("expected metadata.renew_before not after metadata.expires_at in " + what
          + " (a binding is renewed before its credentials expire), got renew_before "
          + metadata.get("renew_before") + " after expires_at " + metadata.get("expires_at"), r);
    }
    return true;
  }

  private static Instant time(CheckContext ctx, OsbResponse<?> r, String what,
      JsonNode metadata, String field) {
    JsonNode value = metadata.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    Instant t = value.isTextual() ? parse(value.asText()) : null;
    if (t == null) {
      throw ctx.fail("expected metadata." + field + " in " + what + " to be an RFC 3339"
          + " date-time with an offset, such as 2026-12-31T23:59:59Z, got "
          + CheckContext.abbreviate(value.toString()), r);
    }
    return t;
  }

  /**
   * Reads an RFC 3339 date-time with an offset.
   *
   * @param text the text
   * @return the instant, or null when the text is none (a leap second reads as the next second,
   *     digits beyond nanoseconds are dropped)
   */
  static Instant parse(String text) {
    if (!DATE_TIME.matcher(text).matches()) {
      return null;
    }
    String iso = text.toUpperCase(Locale.ROOT);
    boolean leap = iso.startsWith("60", SECONDS_AT);
    if (leap) {
      iso = iso.substring(0, SECONDS_AT) + "59" + iso.substring(SECONDS_AT + 2);
    }
    int fraction = SECONDS_AT + 3; // after the seconds and the '.' of a fraction
    int end = fraction;
    while (end < iso.length() && Character.isDigit(iso.charAt(end))) {
      end++;
    }
    if (end - fraction > 9) { // RFC 3339 allows any precision, Java reads nanoseconds
      iso = iso.substring(0, fraction + 9) + iso.substring(end);
    }
    try {
      Instant t = OffsetDateTime.parse(iso).toInstant();
      return leap ? t.plusSeconds(1) : t;
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
