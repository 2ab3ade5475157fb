package io.github.osbsdk.broker.testkit.mutants;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One parsed HTTP request to the reference broker. */
final class Call {
  final String method;
  final List<String> segments;
  final Map<String, String> query;
  final String rawQuery;
  final Headers headers;
  final byte[] body;
  /** Whether the request came to the second replica's base URL. */
  final boolean replica;

  Call(String method, List<String> segments, String rawQuery, Headers headers, byte[] body,
      boolean replica) {
    this.replica = replica;
    this.method = method;
    this.segments = segments;
    this.query = parseQuery(rawQuery);
    this.rawQuery = rawQuery == null ? "" : rawQuery;
    this.headers = headers;
    this.body = body;
  }

  private static Map<String, String> parseQuery(String raw) {
    Map<String, String> q = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return q;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      q.putIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8),
          URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return q;
  }

  /** @return the query parameter, not percent-decoded (for a mutation), or null */
  String rawParam(String name) {
    for (String pair : rawQuery.split("&")) {
      if (pair.startsWith(name + "=")) {
        return pair.substring(name.length() + 1);
      }
    }
    return null;
  }

  /** @return the operation parameter (raw with {@link Probe#LAST_OPERATION_RAW_OPERATION}) */
  String operation(MutationSet mutations) {
    return mutations.has(Probe.LAST_OPERATION_RAW_OPERATION) ? rawParam("operation")
        : query.get("operation");
  }

  String segment(int i) {
    return segments.get(i);
  }

  boolean acceptsIncomplete() {
    return "true".equals(query.get("accepts_incomplete"));
  }

  /**
   * Parses the body as a JSON object: 400 for a non-JSON content type or an unparsable body
   * (with {@link Mutation#PROVISION_MALFORMED_BODY_500}: content type unchecked, crash on bad
   * JSON).
   */
  JsonNode jsonObject(ObjectMapper mapper, boolean sloppy) {
    String type = headers.getFirst("Content-Type");
    if (!sloppy && (type == null || !type.toLowerCase(java.util.Locale.ROOT).trim()
        .matches("application/json\\s*(;.*)?"))) {
      throw OsbError.badRequest("The request body must be JSON (Content-Type application/json).");
    }
    JsonNode node;
    try {
      node = body.length == 0 ? null : mapper.readTree(body);
    } catch (IOException e) {
      if (sloppy) {
        throw new IllegalStateException("body parse crashed", e);
      }
      throw OsbError.badRequest("The request body is not valid JSON.");
    }
    if (node == null || !node.isObject()) {
      if (sloppy && node != null) {
        throw new IllegalStateException("body is not an object");
      }
      throw OsbError.badRequest("The request body must be a JSON object.");
    }
    return node;
  }
}
