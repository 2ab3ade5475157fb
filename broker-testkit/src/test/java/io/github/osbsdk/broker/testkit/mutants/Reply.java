package io.github.osbsdk.broker.testkit.mutants;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An answer of the reference broker.
 *
 * @param status the HTTP status
 * @param json the JSON body, or null
 * @param text a non-JSON body (used by mutations), or null
 * @param headers extra response headers
 */
record Reply(int status, JsonNode json, String text, Map<String, String> headers) {
  Reply {
    headers = new LinkedHashMap<>(headers);
  }

  static Reply json(int status, JsonNode json) {
    return new Reply(status, json, null, Map.of());
  }

  static Reply empty(int status) {
    return new Reply(status, null, null, Map.of());
  }

  Reply withHeader(String name, String value) {
    Reply r = new Reply(status, json, text, headers);
    r.headers.put(name, value);
    return r;
  }
}
