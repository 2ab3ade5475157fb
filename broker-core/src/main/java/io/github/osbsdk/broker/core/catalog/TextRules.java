package io.github.osbsdk.broker.core.catalog;

import java.util.regex.Pattern;

/** Rules on catalog strings: required values, ids, names, lengths, SemVer. */
final class TextRules {
  /** OSB "Catalog Management": strings SHOULD NOT exceed 255 characters. */
  static final int MAX_RECOMMENDED_LENGTH = 255;

  private static final Pattern CLI_FRIENDLY = Pattern.compile("[A-Za-z0-9._-]+");
  private static final Pattern HAS_ALPHANUMERIC = Pattern.compile(".*[A-Za-z0-9].*");
  private static final Pattern UNRESERVED = Pattern.compile("[A-Za-z0-9._~-]+");
  private static final String NUMBER = "(?:0|[1-9][0-9]*)";
  private static final String PRE_RELEASE_ID = "(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)";
  private static final String BUILD_ID = "[0-9A-Za-z-]+";
  private static final Pattern SEMVER = Pattern.compile(
      NUMBER + "\\." + NUMBER + "\\." + NUMBER
          + "(?:-" + PRE_RELEASE_ID + "(?:\\." + PRE_RELEASE_ID + ")*)?"
          + "(?:\\+" + BUILD_ID + "(?:\\." + BUILD_ID + ")*)?");

  private TextRules() {}

  /**
   * Reports a missing or blank required string.
   *
   * @return whether the value is present and not blank
   */
  static boolean required(Problems p, String path, String value) {
    if (value == null || p.missing(path)) {
      p.error(path, "is required");
      return false;
    }
    String given = p.given(path, value);
    if (given.isBlank()) {
      p.error(path, "must be a non-empty string" + (given.isEmpty() ? "" : " (only whitespace)"));
      return false;
    }
    return true;
  }

  /** Reports strings longer than the recommended 255 characters. */
  static void length(Problems p, String path, String value) {
    if (value != null && value.length() > MAX_RECOMMENDED_LENGTH) {
      p.warning(path, "is " + value.length() + " characters long; the OSB spec recommends at most "
          + MAX_RECOMMENDED_LENGTH + " so that every platform can handle it");
    }
  }

  /** Reports ids that do not travel well in URLs (OSB "URL Properties"). */
  static void idStyle(Problems p, String path, String id) {
    if (!UNRESERVED.matcher(id).matches()) {
      p.warning(path, MessageValues.quote(id)
          + " contains characters outside letters, digits, '-', '.', '_' "
          + "and '~'; ids appear in URLs, and a stable GUID is recommended");
    }
  }

  /** Reports names that are not CLI-friendly or not as IBM Cloud expects. */
  static void nameStyle(Problems p, String path, String name) {
    if (!CLI_FRIENDLY.matcher(name).matches()) {
      p.warning(path, MessageValues.quote(name)
          + " is not CLI-friendly: use only letters, digits, '.', '-' "
          + "and '_', without spaces");
    } else if (!HAS_ALPHANUMERIC.matcher(name).matches() || name.startsWith("-")) {
      p.warning(path, MessageValues.quote(name)
          + " is hard to type on a command line: start with a letter "
          + "or digit");
    }
    if (!name.equals(name.toLowerCase(java.util.Locale.ROOT)) || name.contains(" ")) {
      p.warning(path, MessageValues.quote(name)
          + ": IBM Cloud expects names in lowercase without spaces");
    }
  }

  /** @return whether the version is a SemVer 2.0.0 version */
  static boolean isSemVer(String version) {
    return SEMVER.matcher(version).matches();
  }
}
