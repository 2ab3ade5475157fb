package io.github.osbsdk.broker.core.internal.schema;

/**
 * Internal: the formats whose library patterns repeat a group (an alternation or a label) once
 * per character or label, which java.util.regex does by recursing: a long valid value overflowed
 * the request thread's stack (a 1 MB stack held about 100,000 characters of a
 * {@code json-pointer}, fewer of a {@code uri-template}) and was answered 400 "could not be
 * checked". Each check here is one pass and a loop, with the answers of the library's pattern
 * (matched against the whole value), which it names in its Javadoc; {@link LinearFormats} puts
 * them in place of the library's under the library's names and messages.
 */
final class StackSafeFormats {
  private StackSafeFormats() {}

  /** {@code [a-zA-Z0-9]}. */
  private static boolean isAsciiLetterOrDigit(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigit(c);
  }

  /** {@code \d} (ASCII, as java.util.regex reads it without UNICODE_CHARACTER_CLASS). */
  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** {@code \p{XDigit}}. */
  private static boolean isHexDigit(char c) {
    return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
  }

  /** {@code \w}. */
  private static boolean isWordChar(char c) {
    return isAsciiLetterOrDigit(c) || c == '_';
  }

  /** {@code \s}. */
  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
  }

  /**
   * {@code hostname}: {@code ^(L)(\.(L))*$} with each label {@code L} being
   * {@code [a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9\-]{0,61}[a-zA-Z0-9]}: dot-separated labels of 1 to
   * 63 ASCII letters, digits and hyphens, neither starting nor ending with a hyphen.
   *
   * @param value the value
   * @return whether the library's pattern matches it
   */
  static boolean isHostname(String value) {
    int start = 0;
    int n = value.length();
    while (true) {
      int end = value.indexOf('.', start);
      if (end < 0) {
        end = n;
      }
      if (!isLabel(value, start, end)) {
        return false;
      }
      if (end == n) {
        return true;
      }
      start = end + 1;
    }
  }

  private static boolean isLabel(String value, int start, int end) {
    int length = end - start;
    if (length < 1 || length > 63 || !isAsciiLetterOrDigit(value.charAt(start))
        || !isAsciiLetterOrDigit(value.charAt(end - 1))) {
      return false;
    }
    for (int i = start + 1; i < end - 1; i++) {
      char c = value.charAt(i);
      if (!isAsciiLetterOrDigit(c) && c != '-') {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code json-pointer}: {@code ^(/([^/#~]|[~](?=[01]))*)*$}: empty, or a {@code /} followed by
   * anything without {@code #} in which every {@code ~} is followed by {@code 0} or {@code 1}.
   *
   * @param value the value
   * @return whether the library's pattern matches it
   */
  static boolean isJsonPointer(String value) {
    return value.isEmpty() || value.charAt(0) == '/' && isPointerTail(value, 1);
  }

  /** Whether {@code value} from {@code from} on has no {@code #} and no bare {@code ~}. */
  private static boolean isPointerTail(String value, int from) {
    int n = value.length();
    for (int i = from; i < n; i++) {
      char c = value.charAt(i);
      if (c == '#' || c == '~' && (i + 1 == n || value.charAt(i + 1) != '0'
          && value.charAt(i + 1) != '1')) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code relative-json-pointer}: {@code ^(0|([1-9]\d*))(#|(/([^/#~]|[~](?=[01]))*)*)$}: a
   * non-negative integer without leading zeros, then {@code #} or a {@code json-pointer}.
   *
   * @param value the value
   * @return whether the library's pattern matches it
   */
  static boolean isRelativeJsonPointer(String value) {
    int n = value.length();
    int digits = 0;
    while (digits < n && isDigit(value.charAt(digits))) {
      digits++;
    }
    if (digits == 0 || digits > 1 && value.charAt(0) == '0') {
      return false;
    }
    return value.length() == digits + 1 && value.charAt(digits) == '#'
        || isJsonPointer(value.substring(digits));
  }

  /**
   * {@code uri-template}: {@code ^(LITERAL|%XX|EXPRESSION)*$}, a literal being any character but
   * an ASCII control character ({@code \p{Cntrl}}), {@code " ' % < > ^ `}, braces and
   * {@code |}, and an expression {@code \{[+#./;?&=,!@|]?VARSPEC(,VARSPEC)*\}} with a varspec being
   * {@code VARCHAR(\.?VARCHAR)*(:[1-9]\d{0,3}|\*)?} and a varchar {@code \w|%XX}.
   *
   * @param value the value
   * @return whether the library's pattern matches it
   */
  static boolean isUriTemplate(String value) {
    int n = value.length();
    int i = 0;
    while (i < n) {
      char c = value.charAt(i);
      if (c == '%') {
        if (!isPercentEncoded(value, i)) {
          return false;
        }
        i += 3;
      } else if (c == '{') {
        i = expressionEnd(value, i + 1);
        if (i < 0) {
          return false;
        }
      } else if (c < 0x20 || c == 0x7F || "\"'<>^`|}".indexOf(c) >= 0) {
        return false;
      } else {
        i++;
      }
    }
    return true;
  }

  private static boolean isPercentEncoded(String value, int at) {
    return at + 2 < value.length() && isHexDigit(value.charAt(at + 1))
        && isHexDigit(value.charAt(at + 2));
  }

  /**
   * @param from just after the expression's {@code {}
   * @return the index just after its {@code }}, or -1 when no expression starts there
   */
  private static int expressionEnd(String value, int from) {
    int n = value.length();
    int i = from;
    if (i < n && "+#./;?&=,!@|".indexOf(value.charAt(i)) >= 0) {
      i++;
    }
    while (true) {
      i = varspecEnd(value, i);
      if (i < 0 || i == n) {
        return -1;
      }
      char c = value.charAt(i);
      if (c == '}') {
        return i + 1;
      }
      if (c != ',') {
        return -1;
      }
      i++;
    }
  }

  /** The index just after a varspec starting at {@code from}, or -1 when none starts there. */
  private static int varspecEnd(String value, int from) {
    int n = value.length();
    int i = varcharEnd(value, from);
    if (i < 0) {
      return -1;
    }
    while (i < n) {
      int next = varcharEnd(value, value.charAt(i) == '.' ? i + 1 : i);
      if (next < 0) {
        break;
      }
      i = next;
    }
    if (i < n && value.charAt(i) == '*') {
      return i + 1;
    }
    if (i < n && value.charAt(i) == ':') {
      if (i + 1 == n || !isDigit(value.charAt(i + 1)) || value.charAt(i + 1) == '0') {
        return -1;
      }
      int digits = i + 2;
      while (digits < n && digits < i + 5 && isDigit(value.charAt(digits))) {
        digits++;
      }
      return digits;
    }
    return i;
  }

  /** The index just after a varchar ({@code \w} or {@code %XX}) at {@code at}, or -1. */
  private static int varcharEnd(String value, int at) {
    if (at >= value.length()) {
      return -1;
    }
    char c = value.charAt(at);
    if (isWordChar(c)) {
      return at + 1;
    }
    return c == '%' && isPercentEncoded(value, at) ? at + 3 : -1;
  }

  /** The color names of the library's pattern. */
  private static final java.util.Set<String> COLOR_NAMES = java.util.Set.of("aqua", "black",
      "blue", "fuchsia", "gray", "green", "lime", "maroon", "navy", "olive", "orange", "purple",
      "red", "silver", "teal", "white", "yellow");

  /**
   * {@code color}: one of the library's alternatives, matched against the whole value:
   * {@code #?[0-9A-Fa-f]{3,6}} (its {@code \b} holds at the end), one of seventeen names, or
   * {@code rgb(} then three comma-separated parts, with {@code \s*} around each, then
   * {@code )}, the parts being either all numbers 0 to 255 without leading zeros, or all runs of
   * {@code (\d?\d%|100%)+}.
   *
   * @param value the value
   * @return whether the library's pattern matches it
   */
  static boolean isColor(String value) {
    if (COLOR_NAMES.contains(value)) {
      return true;
    }
    int n = value.length();
    int hex = value.startsWith("#") ? 1 : 0;
    if (n - hex >= 3 && n - hex <= 6) {
      boolean allHex = true;
      for (int i = hex; i < n; i++) {
        allHex &= isHexDigit(value.charAt(i));
      }
      if (allHex) {
        return true;
      }
    }
    if (!value.startsWith("rgb(") || !value.endsWith(")") || n < 5) {
      return false;
    }
    String[] parts = value.substring(4, n - 1).split(",", -1);
    if (parts.length != 3) {
      return false;
    }
    boolean numbers = true;
    boolean percentages = true;
    for (String part : parts) {
      String trimmed = trimSpace(part);
      numbers &= isByte(trimmed);
      percentages &= isPercentages(trimmed);
    }
    return numbers || percentages;
  }

  /** The part without the {@code \s} characters at either end. */
  private static String trimSpace(String part) {
    int start = 0;
    int end = part.length();
    while (start < end && isSpace(part.charAt(start))) {
      start++;
    }
    while (end > start && isSpace(part.charAt(end - 1))) {
      end--;
    }
    return part.substring(start, end);
  }

  /** {@code [0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5]}. */
  private static boolean isByte(String s) {
    if (s.isEmpty() || s.length() > 3 || s.length() > 1 && s.charAt(0) == '0') {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!isDigit(s.charAt(i))) {
        return false;
      }
    }
    return Integer.parseInt(s) <= 255;
  }

  /** {@code (\d?\d%|100%)+}: one or more of one or two digits, or 100, each then {@code %}. */
  private static boolean isPercentages(String s) {
    if (s.isEmpty() || s.charAt(s.length() - 1) != '%') {
      return false;
    }
    int start = 0;
    while (start < s.length()) {
      int end = s.indexOf('%', start);
      String digits = s.substring(start, end);
      boolean oneOrTwo = !digits.isEmpty() && digits.length() <= 2 && isDigit(digits.charAt(0))
          && isDigit(digits.charAt(digits.length() - 1));
      if (!oneOrTwo && !digits.equals("100")) {
        return false;
      }
      start = end + 1;
    }
    return true;
  }
}
