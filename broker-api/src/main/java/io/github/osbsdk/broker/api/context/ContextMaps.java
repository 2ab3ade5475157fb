package io.github.osbsdk.broker.api.context;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Copies context maps, keeping insertion order and null values (which {@code Map.copyOf}
 * rejects).
 */
final class ContextMaps {
  private ContextMaps() {}

  static Map<String, Object> copy(Map<String, Object> properties) {
    if (properties == null) {
      return Map.of();
    }
    return Collections.unmodifiableMap(new LinkedHashMap<>(properties));
  }
}
