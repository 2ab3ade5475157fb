package io.github.osbsdk.broker.iam.internal;

/**
 * Makes values a client controls (ids, headers, {@code kid}, issuer, reason strings, redirect
 * targets, exception messages that may repeat them) safe to put in a log line: the value is
 * quoted, {@code "} and {@code \} are escaped, and every character that could end the line or
 * disguise what follows (control characters, Unicode line and paragraph separators, bidi
 * controls) becomes a {@code \}{@code uXXXX} escape, so a newline in a value can never forge a
 * log line. Long values are cut, with the length noted.
 *
 * <pre>{@code
 * LOG.debug("token refused: kid {}", LogValues.quote(kid));
 * }</pre>
 */
public final class LogValues {
  /** The most characters of one value that are logged. */
  public static final int MAX_CHARS = 200;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private LogValues() {
  }

  /**
   * Quotes and escapes a value for a log line.
   *
   * @param value the value, may be null
   * @return {@code null} (unquoted) for null, else the value's text in double quotes with
   *     {@code "}, {@code \} and unsafe characters escaped, cut after {@link #MAX_CHARS}
   *     characters
   */
  public static String quote(Object value) {
    if (value == null) {
      return "null";
    }
    String s = value.toString();
    int n = Math.min(s.length(), MAX_CHARS);
    StringBuilder b = new StringBuilder(n + 8).append('"');
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (unsafe(c)) {
        b.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF])
            .append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
      } else {
        b.append(c);
      }
    }
    b.append('"');
    if (s.length() > n) {
      b.append("...(").append(s.length()).append(" chars)");
    }
    return b.toString();
  }

  /**
   * Quotes a {@link Throwable}'s message, never its stack trace or cause chain.
   *
   * @param error the failure, may be null
   * @return its class's simple name and its quoted message
   */
  public static String quoteMessage(Throwable error) {
    if (error == null) {
      return "null";
    }
    return error.getClass().getSimpleName() + " " + quote(error.getMessage());
  }

  private static boolean unsafe(char c) {
    return Character.isISOControl(c) // C0, DEL, C1 (includes \n, \r, NEL)
        || c == '\u2028' || c == '\u2029' // line and paragraph separators
        || (c >= '\u200b' && c <= '\u200f') // zero-width and direction marks
        || (c >= '\u202a' && c <= '\u202e') // bidi embeddings and overrides
        || (c >= '\u2066' && c <= '\u2069') // bidi isolates
        || c == '\ufeff' // BOM
        || Character.isSurrogate(c); // escaped halves: a lone or cut pair stays readable
  }
}
