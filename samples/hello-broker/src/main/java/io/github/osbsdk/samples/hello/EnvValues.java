package io.github.osbsdk.samples.hello;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Whole numbers and on/off flags from environment variables, refused with a message that names
 * the variable (none of these settings is secret, so the message quotes what it got, shortened).
 */
final class EnvValues {
  private static final int QUOTE_MAX = 40;
  private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?[0-9]+");

  private EnvValues() {}

  /**
   * Reads a whole number within a range. Any whole number outside it, including one too large
   * for a {@code long}, is refused with the same message naming the variable and the range.
   *
   * @param env the environment
   * @param name the variable
   * @param fallback the value when the variable is unset or blank (not checked against the
   *     range)
   * @param min the smallest value allowed
   * @param max the largest value allowed
   * @param unit the unit named in the message after the range, e.g. {@code " seconds"}, or
   *     {@code ""}
   * @return the number
   * @throws IllegalArgumentException when the value is not a whole number or is out of range
   */
  static long read(Map<String, String> env, String name, long fallback, long min, long max,
      String unit) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    String text = value.strip();
    // ASCII digits only: Long.parseLong would also take other scripts' digits
    if (!WHOLE_NUMBER.matcher(text).matches()) {
      throw new IllegalArgumentException(name + " must be a whole number, not '" + shown(value)
          + "'");
    }
    BigInteger n = new BigInteger(text);
    if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) {
      throw new IllegalArgumentException(name + " must be " + min + " to " + max + unit
          + ", not " + shown(text));
    }
    return n.longValueExact();
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
