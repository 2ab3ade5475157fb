package io.github.osbsdk.samples.hello;

import java.util.Locale;
import java.util.Map;

/**
 * On/off settings from environment variables: {@code true} or {@code false} (any case), unset
 * or blank meaning off; anything else is refused with a message that names the variable, so a
 * {@code yes} or {@code 1} never switches a feature off without a word.
 */
final class EnvFlags {
  private static final int QUOTE_MAX = 40;

  private EnvFlags() {}

  /**
   * Reads an on/off setting.
   *
   * @param env the environment
   * @param name the variable
   * @return true for {@code true}, false for {@code false}, unset or blank
   * @throws IllegalArgumentException for any other value
   */
  static boolean read(Map<String, String> env, String name) {
    String value = env.getOrDefault(name, "").strip();
    switch (value.toLowerCase(Locale.ROOT)) {
      case "", "false":
        return false;
      case "true":
        return true;
      default:
        String shown = value.length() > QUOTE_MAX ? value.substring(0, QUOTE_MAX) + "..." : value;
        throw new IllegalArgumentException(name + " must be true or false, not '" + shown + "'");
    }
  }
}
