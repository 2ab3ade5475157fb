package io.github.osbsdk.broker.api.internal;

import java.util.Map;
import java.util.StringJoiner;

/**
 * What the {@code toString} of a type shows of values that may hold secrets (a request's
 * {@code parameters} and {@code context}, a step's arguments, stored JSON): their keys, never
 * their values, so that a request logged whole leaks no password.
 */
public final class MaskedValues {
  /** What stands for a value. */
  public static final String MASK = "***";

  private MaskedValues() {}

  /**
   * A map's keys, each with its value masked: {@code {password=***, size=***}}.
   *
   * @param map the map, or null
   * @return the text
   */
  public static String keys(Map<String, ?> map) {
    if (map == null) {
      return "null";
    }
    StringJoiner shown = new StringJoiner(", ", "{", "}");
    for (String key : map.keySet()) {
      shown.add(key + "=" + MASK);
    }
    return shown.toString();
  }

  /**
   * A context's keys with masked values, but its {@code platform} as sent.
   *
   * @param context the context's properties, or null
   * @return the text
   */
  public static String context(Map<String, ?> context) {
    if (context == null) {
      return "null";
    }
    StringJoiner shown = new StringJoiner(", ", "{", "}");
    for (Map.Entry<String, ?> e : context.entrySet()) {
      shown.add(e.getKey() + "=" + ("platform".equals(e.getKey()) ? e.getValue() : MASK));
    }
    return shown.toString();
  }

  /**
   * A text that may hold secrets (stored JSON): {@code ***}, or {@code null} when there is none.
   *
   * @param text the text, or null
   * @return the text
   */
  public static String text(String text) {
    return text == null ? "null" : MASK;
  }
}
