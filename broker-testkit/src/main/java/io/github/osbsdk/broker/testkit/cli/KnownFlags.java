package io.github.osbsdk.broker.testkit.cli;

import io.github.osbsdk.broker.api.internal.UrlSecrets;
import io.github.osbsdk.broker.testkit.internal.run.CloseNames;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The flags {@link CliOptions} takes, which of them may be given more than once, and the words
 * of a usage error about a flag: the close flags of a mistyped one, and a value standing where a
 * flag should be.
 */
final class KnownFlags {
  /** Every flag, long forms only ({@code -v} and {@code -h} stand for two of them). */
  static final List<String> ALL = List.of(
      "--url", "--username", "--password", "--bearer", "--iam-url", "--api-key",
      "--iam-simulator", "--iam-identity", "--api-version", "--skip", "--junit-xml",
      "--parallelism", "--async-timeout", "--request-timeout", "--verbose", "--help",
      "--async-plan", "--concurrency", "--requires-app",
      "--update", "--no-update", "--instances-retrievable", "--no-instances-retrievable",
      "--bindings-retrievable", "--no-bindings-retrievable", "--bindings", "--no-bindings",
      "--dashboard-url", "--no-dashboard-url", "--rotation", "--no-rotation",
      "--bluemix", "--no-bluemix", "--binding-credentials", "--no-binding-credentials",
      "--provision-parameters", "--bind-parameters");

  /**
   * The flags that add to a list when repeated: replicas, skips, plans. Any other flag given
   * twice, or with its {@code --no-} form, is a usage error: the run would silently take one.
   */
  private static final Set<String> REPEATABLE = Set.of("--url", "--skip", "--async-plan",
      "--provision-parameters", "--bind-parameters");

  /** The flags that switch a setting on and have no {@code --no-} form. */
  private static final Set<String> ON_ONLY = Set.of("--concurrency", "--requires-app",
      "--verbose");

  /** The flags whose value is a secret, never repeated in a message. */
  private static final Set<String> SECRET_VALUED = Set.of("--password", "--bearer",
      "--api-key");

  private KnownFlags() {}

  /**
   * @param flag a flag as given, {@code --no-} forms and the short forms included
   * @return the setting it gives, the same for a flag and its {@code --no-} form; null when
   *     the flag is unknown
   */
  static String setting(String flag) {
    String full = switch (flag) {
      case "-v" -> "--verbose";
      case "-h" -> "--help";
      default -> flag;
    };
    if (!ALL.contains(full)) {
      return null;
    }
    return full.startsWith("--no-") ? "--" + full.substring(5) : full;
  }

  /**
   * @param setting a setting as {@link #setting} names it
   * @return whether its flag adds to a list when given again
   */
  static boolean repeatable(String setting) {
    return REPEATABLE.contains(setting);
  }

  /**
   * @param first the flag as given first
   * @param again the flag as given again, for the same setting
   * @return the message of a flag given twice
   */
  static String givenTwice(String first, String again) {
    if (first.equals(again)) {
      return again + " is given twice: give it once";
    }
    return first + " and " + again + " are both given: give one of them";
  }

  /**
   * @param arg an argument that is no flag of the CLI, its {@code =value} left out
   * @param previous the flag before it (the argument before it may be that flag's value), or
   *     null for the first
   * @return the message naming it, with the close flags of a mistyped one
   */
  static String unknown(String arg, String previous) {
    if (!arg.startsWith("-")) {
      return unexpectedValue(arg, previous);
    }
    if (arg.startsWith("--no-") && ON_ONLY.contains("--" + arg.substring(5))) {
      return "unknown flag " + arg + ": --" + arg.substring(5)
          + " has no --no- form (it is off unless given)";
    }
    List<String> close = closeFlags(arg);
    return "unknown flag " + printable(arg) + (close.isEmpty()
        ? " (every flag is listed below)"
        : " (did you mean " + String.join(" or ", close) + "?)");
  }

  /**
   * A value where a flag should be: the second word of a value given without quotes, a second
   * URL after one {@code --url}, a value of a flag that takes none.
   */
  private static String unexpectedValue(String arg, String previous) {
    if (previous != null && SECRET_VALUED.contains(previous)) {
      // the rest of a secret given without quotes: never repeated
      return "unexpected argument after the value of " + previous + " (not shown): a value"
          + " with spaces needs quotes";
    }
    String shown = printable(UrlSecrets.maskUrlsIn(arg));
    if (arg.contains("://")) {
      return "unexpected argument '" + shown + "': each URL needs its own --url"
          + " (--url A --url B)";
    }
    return "unexpected argument '" + shown + "': every value follows its flag (--skip takes"
        + " several), and a value with spaces needs quotes";
  }

  /**
   * The flags that start with what was typed, or else the ones a few letters away from it
   * (case ignored), closest first, at most three.
   */
  static List<String> closeFlags(String typed) {
    String t = typed.toLowerCase(Locale.ROOT);
    if (t.length() >= 5) {
      List<String> completions = ALL.stream().filter(f -> f.startsWith(t)).limit(3).toList();
      if (!completions.isEmpty()) {
        return completions;
      }
    }
    return CloseNames.closest(t, ALL, f -> f.replaceFirst("^-+", ""));
  }

  /** Control characters of an argument as {@code ?}: a message stays one line. */
  private static String printable(String s) {
    StringBuilder out = new StringBuilder(s.length());
    s.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return out.toString();
  }
}
