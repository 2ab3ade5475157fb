package io.github.osbsdk.samples.hello;

import java.util.Map;

/**
 * Whole numbers from environment variables, refused with a message that names the variable
 * (none of these settings is secret, so the message quotes what it got, shortened).
 */
final class EnvNumbers {
  private static final int QUOTE_MAX = 40;

  private EnvNumbers() {}

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
      String shown = value.length() > QUOTE_MAX ? value.substring(0, QUOTE_MAX) + "..." : value;
      throw new IllegalArgumentException(name + " must be a whole number, not '" + shown + "'",
          e);
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
}
