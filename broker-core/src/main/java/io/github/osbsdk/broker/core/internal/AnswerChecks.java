package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.binding.BindingMetadata;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Checks of provider answers beyond those of {@link ProviderAnswers}: the ids
 * {@code fetchInstance} answers must be the recorded ones (the platform asked for this instance,
 * of this service and plan), and a binding's {@code expires_at} and {@code renew_before}
 * ({@code bind}, {@code fetchBinding}) must be ISO 8601 date-times, as the specification
 * requires. A failed check is a provider bug: logged, answered with the generic 500.
 */
final class AnswerChecks {
  private AnswerChecks() {}

  /**
   * Refuses an answered {@code service_id} or {@code plan_id} other than the recorded one (an
   * absent one is left out of the answer, which the specification allows).
   *
   * @param field the field's name on the wire
   * @param answered what the provider answered, may be null
   * @param recorded what the registry holds
   * @param method the {@code ServiceBroker} method, for the log
   * @param context the request context
   * @throws ServiceBrokerException 500 (logged as a provider bug) when they differ
   */
  static void requireRecordedId(String field, String answered, String recorded, String method,
      RequestContext context) {
    if (answered != null && !answered.equals(recorded)) {
      throw ProviderAnswers.providerBug(method + " answered " + field + " "
          + LogText.quote(answered) + " but the registry records " + LogText.quote(recorded),
          context);
    }
  }

  /**
   * Refuses binding metadata whose times are not ISO 8601 date-times in the extended format
   * ({@code 2026-12-31T23:59:59Z}, an offset or zone optional).
   *
   * @param metadata the answer's metadata, may be null
   * @param method the {@code ServiceBroker} method, for the log
   * @param context the request context
   * @throws ServiceBrokerException 500 (logged as a provider bug) for a malformed time
   */
  static void requireIsoTimes(BindingMetadata metadata, String method, RequestContext context) {
    if (metadata != null) {
      requireIsoTime("expires_at", metadata.expiresAt(), method, context);
      requireIsoTime("renew_before", metadata.renewBefore(), method, context);
    }
  }

  private static void requireIsoTime(String field, String value, String method,
      RequestContext context) {
    if (value == null) {
      return;
    }
    try {
      DateTimeFormatter.ISO_DATE_TIME.parse(value);
    } catch (DateTimeParseException e) {
      throw ProviderAnswers.providerBug(method + " answered a metadata." + field + " that is not"
          + " an ISO 8601 date-time: " + LogText.quote(value), context);
    }
  }
}
