package io.github.osbsdk.samples.hello;

import java.util.Locale;
import java.util.Map;

/**
 * Whole numbers and on/off flags from environment variables, refused with a message that names
 * the variable (none of these settings is secret, so the message quotes what it got, shortened).
 */
final class EnvValues {
  private static final int QUOTE_MAX = 40;

  private EnvValues() {}

  /**
   * Reads a whole number.
   *
   * @param env the environment
   * @param name the variable
   * @param fallback the value when the variable is unset or blank
   * @return the number
   * @throws IllegalArgumentException when the value is not a whole number
   */
  static long read(Map<String, String> env, String name, long fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, not '" + shown(value)
          + "'", e);
    }
  }

  /**
   * Reads a whole number that fits an {@code int}.
   *
   * @param env the environment
   * @param name the variable
   * @param fallback the value when the variable is unset or blank
   * @return the number
   * @throws IllegalArgumentException when the value is not a whole number or too large
   */
  static int readInt(Map<String, String> env, String name, int fallback) {
    long n = read(env, name, fallback);
    if (n != (int) n) {
      throw new IllegalArgumentException(name + " is out of range: " + n);
    }
    return (int) n;
  }

  /**
   * Reads an on/off setting: {@code true} or {@code false} (any case), unset or blank meaning
   * off; anything else is refused, so a {@code yes} or {@code 1} never switches a feature off
   * without a word.
   *
   * @param env the environment
   * @param name the variable
   * @return true for {@code true}, false for {@code false}, unset or blank
   * @throws IllegalArgumentException for any other value
   */
  static boolean readFlag(Map<String, String> env, String name) {
    String value = env.getOrDefault(name, "").strip();
    switch (value.toLowerCase(Locale.ROOT)) {
      case "", "false":
        return false;
      case "true":
        return true;
      default:
        throw new IllegalArgumentException(name + " must be true or false, not '" + shown(value)
            + "'");
    }
  }

  private static String shown(String value) {
    return value.length() > QUOTE_MAX ? value.substring(0, QUOTE_MAX) + "..." : value;
  }
}
