package io.github.osbsdk.broker.testkit.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.osbsdk.broker.testkit.internal.client.BodyMask;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A broker's answer: status, headers, the body parsed into the broker-api record where it fits,
 * the body as a JSON tree, and the raw body.
 *
 * @param <T> the type of a successful body
 * @param request the request that was sent (credentials masked)
 * @param status the HTTP status
 * @param headers the response headers (names as received)
 * @param rawBody the body as text, empty when none
 * @param json the body as JSON, null when it is not JSON
 * @param body the body as {@code T} for a 2xx answer that parses, else null
 * @param error the OSB error body of a 4xx/5xx answer that parses, else null
 * @param elapsed how long the exchange took
 */
public record OsbResponse<T>(SentRequest request, int status, Map<String, List<String>> headers,
    String rawBody, JsonNode json, T body, ErrorResponse error, Duration elapsed) {

  /**
   * Validates and copies.
   *
   * @param request the request that was sent (credentials masked)
   * @param status the HTTP status
   * @param headers the response headers (names as received)
   * @param rawBody the body as text, empty when none
   * @param json the body as JSON, null when it is not JSON
   * @param body the body as {@code T} for a 2xx answer that parses, else null
   * @param error the OSB error body of a 4xx/5xx answer that parses, else null
   * @param elapsed how long the exchange took
   */
  public OsbResponse {
    Objects.requireNonNull(request, "request == null");
    Map<String, List<String>> sorted = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    Objects.requireNonNull(headers, "headers == null")
        .forEach((name, values) -> sorted.put(name, List.copyOf(values)));
    headers = java.util.Collections.unmodifiableMap(sorted);
    rawBody = rawBody == null ? "" : rawBody;
    elapsed = elapsed == null ? Duration.ZERO : elapsed;
  }

  /**
   * A header of the broker's answer.
   *
   * @param name a header name (case-insensitive)
   * @return its first value
   */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /**
   * Whether the broker answered 2xx.
   *
   * @return whether the status is 2xx
   */
  public boolean isSuccess() {
    return status >= 200 && status < 300;
  }

  /**
   * Whether the broker answered with a JSON object body.
   *
   * @return whether the body is a JSON object
   */
  public boolean isJsonObject() {
    return json != null && json.isObject();
  }

  /**
   * A string field of the answer's JSON body.
   *
   * @param field a top-level field of a JSON object body
   * @return its text when it is a string
   */
  public Optional<String> text(String field) {
    if (json == null || !json.isObject()) {
      return Optional.empty();
    }
    JsonNode n = json.get(field);
    return n != null && n.isTextual() ? Optional.of(n.asText()) : Optional.empty();
  }

  /**
   * The {@code error} code of an OSB error body, e.g. {@code AsyncRequired}.
   *
   * @return the {@code error} code of an error body
   */
  public Optional<String> errorCode() {
    return text("error");
  }

  /**
   * The {@code operation} of a 202 answer, to send back when polling {@code last_operation}.
   *
   * @return the {@code operation} of an async answer
   */
  public Optional<String> operation() {
    return text("operation");
  }

  /**
   * Describes the answer for reports, without credential values.
   *
   * @return status, headers and body (truncated; credential values masked)
   */
  public String describe() {
    StringBuilder sb = new StringBuilder("HTTP ").append(status);
    headers.forEach((k, vs) -> vs.forEach(v -> sb.append('\n').append(k).append(": ").append(v)));
    if (!rawBody.isEmpty()) {
      sb.append("\n\n").append(BodyExcerpt.truncate(maskedBody()));
    }
    return sb.toString();
  }

  private String maskedBody() {
    return BodyMask.mask(json, rawBody);
  }

  /**
   * Names the request and the answer's status for test reports; {@link #describe()} gives the
   * answer's headers and body.
   *
   * @return {@code METHOD uri -> status}
   */
  @Override
  public String toString() {
    return request + " -> " + status;
  }
}
