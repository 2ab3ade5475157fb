package io.github.osbsdk.broker.api.instance;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Copies of parameter maps that keep JSON nulls. */
final class Requests {
  private Requests() {}

  static Map<String, Object> copy(Map<String, Object> map) {
    return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }
}
