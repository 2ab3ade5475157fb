package io.github.osbsdk.broker.core.internal;

/**
 * Makes client-controlled values safe to log: quoted, with control characters, quotes,
 * backslashes and non-ASCII escaped, and cut at a length, so no value can forge or split a log
 * line.
 */
public final class LogText {
  private static final int MAX = 256;

  private LogText() {}

  /**
   * Quotes a value for a log line.
   *
   * @param value the value, may be null
   * @return {@code "value"} escaped, or {@code null}
   */
  public static String quote(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder(Math.min(value.length(), MAX) + 2).append('"');
    int n = Math.min(value.length(), MAX);
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || c >= 0x7f) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    if (value.length() > MAX) {
      b.append("...");
    }
    return b.append('"').toString();
  }
}
