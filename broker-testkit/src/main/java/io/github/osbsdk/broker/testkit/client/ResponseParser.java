package io.github.osbsdk.broker.testkit.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.osbsdk.broker.testkit.internal.client.LenientMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Turns a raw HTTP answer into an {@link OsbResponse}. */
final class ResponseParser {
  private ResponseParser() {}

  static <T> OsbResponse<T> parse(SentRequest sent, int status,
      Map<String, List<String>> headers, String raw, Class<T> type, Duration elapsed) {
    JsonNode json = null;
    if (raw != null && !raw.isBlank()) {
      try {
        json = LenientMapper.MAPPER.readTree(raw);
      } catch (Exception e) {
        json = null;
      }
    }
    T body = null;
    ErrorResponse error = null;
    if (json != null && json.isObject()) {
      if (status >= 200 && status < 300) {
        body = convert(json, type);
      } else if (status >= 400) {
        error = convert(json, ErrorResponse.class);
      }
    } else if (json != null && type == JsonNode.class) {
      body = type.cast(json);
    }
    return new OsbResponse<>(sent, status, headers, raw, json, body, error, elapsed);
  }

  private static <T> T convert(JsonNode json, Class<T> type) {
    if (type == JsonNode.class) {
      return type.cast(json);
    }
    try {
      return LenientMapper.MAPPER.treeToValue(json, type);
    } catch (Exception e) {
      return null;
    }
  }
}
