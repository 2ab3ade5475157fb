package io.github.osbsdk.broker.core.internal.schema;

import com.networknt.schema.ExecutionContext;
import com.networknt.schema.format.Format;
import com.networknt.schema.format.Formats;
import java.util.List;
import java.util.function.Predicate;

/**
 * Internal: the formats whose library checks backtrack on a value customers choose, checked here
 * in one pass with the same answers. Measured with the library (values up to the 1 MiB body
 * limit; every other format stays linear, once {@code hostname}, {@code json-pointer},
 * {@code relative-json-pointer}, {@code uri-template} and {@code color}, whose patterns
 * overflowed the stack, are checked by {@link StackSafeFormats}, also put in place here):
 * <ul>
 *   <li>{@code email} and {@code idn-email} first match the whole value against
 *       {@code ^(.+)@(\S+)$} on java.util.regex, which tries every {@code @} with every end:
 *       {@code "a@"} 16,000 times and a space cost 1.8 s of CPU, and each doubling of the value
 *       costs four times as much (half an hour near the body limit). Here the split is found
 *       first, in one pass ({@link #emailAt}): a value it does not split is refused at once,
 *       and on one it splits the library's pattern finds the same {@code @} at its first try
 *       (linear), before the library's own code checks the user part (at most 64 characters)
 *       and the domain, as before.
 *   <li>{@code style} ({@code \s*(.+?):\s*([^;]+);?}): 32,000 spaces cost 3 s.
 *   <li>{@code utc-millisec} ({@code ^[0-9]+(\.?[0-9]+)?$}): 32,000 digits and a letter cost
 *       3.6 s.
 * </ul>
 * Names and messages stay the library's.
 */
final class LinearFormats {
  private LinearFormats() {}

  /**
   * @return the replacements, for the dialects' format lists
   */
  static List<Format> all() {
    Predicate<String> splits = value -> emailAt(value) >= 0;
    return List.of(new Checked("email", splits, true), new Checked("idn-email", splits, true),
        new Checked("style", LinearFormats::isStyle, false),
        new Checked("utc-millisec", LinearFormats::isUtcMillisec, false),
        new Checked("hostname", StackSafeFormats::isHostname, false),
        new Checked("json-pointer", StackSafeFormats::isJsonPointer, false),
        new Checked("relative-json-pointer", StackSafeFormats::isRelativeJsonPointer, false),
        new Checked("uri-template", StackSafeFormats::isUriTemplate, false),
        new Checked("color", StackSafeFormats::isColor, false));
  }

  /** java.util.regex's {@code \s}: space, tab, line feed, vertical tab, form feed, return. */
  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
  }

  /** The line terminators java.util.regex's {@code .} does not match. */
  private static boolean isLineTerminator(char c) {
    return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
  }

  /**
   * Where {@code ^(.+)@(\S+)$} (java.util.regex, whole value) splits a value: the last {@code @}
   * with at least one character before it and no line terminator there, and at least one
   * character after it and no {@code \s} there, as its greedy {@code (.+)} finds.
   *
   * @param value the value
   * @return the index of that {@code @}, or -1 when the value does not match
   */
  static int emailAt(String value) {
    int n = value.length();
    int firstLineTerminator = n;
    for (int i = 0; i < n; i++) {
      if (isLineTerminator(value.charAt(i))) {
        firstLineTerminator = i;
        break;
      }
    }
    int lastSpace = -1;
    for (int i = n - 1; i >= 0; i--) {
      if (isSpace(value.charAt(i))) {
        lastSpace = i;
        break;
      }
    }
    for (int i = Math.min(firstLineTerminator, n - 2); i > lastSpace && i >= 1; i--) {
      if (value.charAt(i) == '@') {
        return i;
      }
    }
    return -1;
  }

  /**
   * Whether {@code \s*(.+?):\s*([^;]+);?} (java.util.regex) matches the whole value: some
   * {@code :} has before it whitespace and then at least one character with no line terminator,
   * and after it at least one character other than {@code ;}, then at most one {@code ;} (the
   * last character).
   *
   * @param value the value
   * @return whether the value is a {@code style}
   */
  static boolean isStyle(String value) {
    int n = value.length();
    int end = n > 0 && value.charAt(n - 1) == ';' ? n - 1 : n; // where the part after ':' ends
    int lastSemicolon = end == 0 ? -1 : value.lastIndexOf(';', end - 1);
    int firstNonSpace = 0;
    while (firstNonSpace < n && isSpace(value.charAt(firstNonSpace))) {
      firstNonSpace++;
    }
    int lastLineBreak = -1; // the last \n or \r so far: whitespace only may come before it
    boolean otherTerminator = false; // \u0085, \u2028 or \u2029 so far: neither \s nor .
    for (int c = 0; c < n; c++) {
      char ch = value.charAt(c);
      if (ch == ':' && c > lastSemicolon && c < end - 1 && !otherTerminator
          && (lastLineBreak < 0 ? c >= 1
              : lastLineBreak < firstNonSpace && lastLineBreak < c - 1)) {
        return true;
      }
      if (ch == '\n' || ch == '\r') {
        lastLineBreak = c;
      } else if (isLineTerminator(ch)) {
        otherTerminator = true;
      }
    }
    return false;
  }

  /**
   * Whether {@code ^[0-9]+(\.?[0-9]+)?$} (java.util.regex) matches the whole value: digits,
   * then optionally a dot and digits.
   *
   * @param value the value
   * @return whether the value is a {@code utc-millisec}
   */
  static boolean isUtcMillisec(String value) {
    int n = value.length();
    int i = 0;
    while (i < n && isDigit(value.charAt(i))) {
      i++;
    }
    if (i == 0 || i == n) {
      return i > 0;
    }
    if (value.charAt(i) != '.' || i + 1 == n) {
      return false;
    }
    for (int j = i + 1; j < n; j++) {
      if (!isDigit(value.charAt(j))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /**
   * A format named as the library's, with its message, checked by a linear predicate: alone, or
   * as a first check before the library's own.
   */
  private static final class Checked implements Format {
    private final Format library;
    private final Predicate<String> check;
    private final boolean thenLibrary;

    Checked(String name, Predicate<String> check, boolean thenLibrary) {
      this.library = Formats.DEFAULT.stream().filter(f -> f.getName().equals(name)).findFirst()
          .orElseThrow(() -> new IllegalStateException("no library format " + name));
      this.check = check;
      this.thenLibrary = thenLibrary;
    }

    @Override
    public String getName() {
      return library.getName();
    }

    @Override
    public String getMessageKey() {
      return library.getMessageKey();
    }

    @Override
    public boolean matches(ExecutionContext context, String value) {
      return check.test(value) && (!thenLibrary || library.matches(context, value));
    }
  }
}
