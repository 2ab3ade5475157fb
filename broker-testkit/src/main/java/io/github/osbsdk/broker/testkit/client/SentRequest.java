package io.github.osbsdk.broker.testkit.client;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A request as the client sent it, with credentials masked: for failure reports and logs.
 *
 * @param method the HTTP method
 * @param uri the full URI, ids percent-encoded
 * @param headers the headers sent; {@code Authorization} values are masked ({@code Basic ****})
 * @param body the body sent, empty when none
 */
public record SentRequest(String method, URI uri, Map<String, List<String>> headers,
    String body) {
  /**
   * Validates and copies.
   *
   * @param method the HTTP method
   * @param uri the full URI, ids percent-encoded
   * @param headers the headers sent; {@code Authorization} values are masked ({@code Basic ****})
   * @param body the body sent, empty when none
   */
  public SentRequest {
    Objects.requireNonNull(method, "method == null");
    Objects.requireNonNull(uri, "uri == null");
    Map<String, List<String>> copy = new LinkedHashMap<>();
    Objects.requireNonNull(headers, "headers == null")
        .forEach((name, values) -> copy.put(name, List.copyOf(values)));
    headers = Collections.unmodifiableMap(copy);
    body = body == null ? "" : body;
  }

  /**
   * Describes the request for reports: method, URI, headers and body.
   *
   * @return method and URI, headers (sorted, one per line) and body, truncated
   */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append(method).append(' ').append(uri);
    headers.entrySet().stream().sorted(Map.Entry.comparingByKey(String.CASE_INSENSITIVE_ORDER))
        .forEach(e -> e.getValue().forEach(v -> sb.append('\n').append(e.getKey()).append(": ")
            .append(v)));
    if (!body.isEmpty()) {
      sb.append("\n\n").append(BodyExcerpt.truncate(body));
    }
    return sb.toString();
  }

  /**
   * Names the request for test reports; {@link #describe()} adds the headers and body.
   *
   * @return {@code METHOD uri}
   */
  @Override
  public String toString() {
    return method + " " + uri;
  }
}
