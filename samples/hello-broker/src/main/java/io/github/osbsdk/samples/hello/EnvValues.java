package io.github.osbsdk.samples.hello;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whole numbers and on/off flags from environment variables, refused with a message that names
 * the variable; and how any refusal shows the value it refused ({@link #described},
 * {@link #describedUrl}): never as it is unless it is a whole number or the scheme and host of a
 * URL, since a value set in the wrong variable may be a password or a key
 * ({@code BROKER_AUTH=broker:secret}).
 */
final class EnvValues {
  private static final int QUOTE_MAX = 40;
  private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?[0-9]+");
  /** A URL's scheme and authority: what a refusal may show of it. */
  private static final Pattern URL_START =
      Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://([^/?#]*)");

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
      throw new IllegalArgumentException(name + " must be a whole number, not "
          + described(value));
    }
    BigInteger n = new BigInteger(text);
    if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) {
      throw new IllegalArgumentException(name + " must be " + min + " to " + max + unit
          + ", not " + described(text));
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
        throw new IllegalArgumentException(name + " must be true or false, not "
            + described(value));
    }
  }

  /**
   * How a refusal shows the value it refused: a whole number as it is (cut after 40 digits);
   * anything else only by its length, since it may be a secret set in the wrong variable.
   *
   * @param value the value refused
   * @return e.g. {@code 70000}, {@code a value of 13 characters (not shown)} or
   *     {@code an empty value}
   */
  static String described(String value) {
    String text = value.strip();
    if (WHOLE_NUMBER.matcher(text).matches()) {
      return cut(text);
    }
    if (value.isEmpty()) {
      return "an empty value";
    }
    if (text.isEmpty()) {
      return "a value of only white space";
    }
    int n = value.codePointCount(0, value.length());
    return "a value of " + n + (n == 1 ? " character" : " characters") + " (not shown)";
  }

  /**
   * How a refusal shows a URL it refused: its scheme and host (and port), quoted, when it has
   * them without user info; otherwise as {@link #described} shows any value. The path, query
   * and fragment, which may carry a token, are never shown.
   *
   * @param url the value refused
   * @return e.g. {@code 'ftp://billing.example.com...'}, or {@code a value of 11 characters
   *     (not shown)}
   */
  static String describedUrl(String url) {
    String text = url.strip();
    Matcher m = URL_START.matcher(text);
    if (m.lookingAt() && m.group(1).indexOf('@') < 0
        && m.group(1).codePoints().noneMatch(Character::isWhitespace)) {
      String shown = cut(m.group());
      return "'" + shown + (shown.length() < text.length() && !shown.endsWith("...") ? "..." : "")
          + "'";
    }
    return described(url);
  }

  private static String cut(String value) {
    return value.length() > QUOTE_MAX ? value.substring(0, QUOTE_MAX) + "..." : value;
  }
}
