package io.github.osbsdk.broker.core.catalog;

/**
 * Makes values taken from a catalog safe to repeat in a {@link CatalogProblem}, which ends up in
 * logs, exception messages and reports: user info in a URL ({@code user:password@}) is masked
 * as {@code ***}, characters that could end a line or disguise what follows (control
 * characters, Unicode line separators, bidi controls) become {@code \}{@code uXXXX} escapes, and
 * long values are cut after {@link #MAX_CHARS} characters (free texts after
 * {@link #MAX_TEXT_CHARS}) with their length noted. Masking comes
 * before cutting, so a cut never keeps part of a password.
 */
final class MessageValues {
  /** The most characters of one value that a message repeats. */
  static final int MAX_CHARS = 100;
  /** The most characters of a free text (such as a library's message) that a message repeats. */
  static final int MAX_TEXT_CHARS = 500;
  /** Where an authority ends in a single URL. */
  private static final String URL_AUTHORITY_END = "/?#";
  /** Where an authority ends in a text that may hold URLs among words. */
  private static final String TEXT_AUTHORITY_END = "/?#\"' \t\r\n";
  private static final String MASK = "***";
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private MessageValues() {}

  /**
   * @param value a value from the catalog
   * @return the value in double quotes, user info of any URL in it masked, {@code "} and
   *     {@code \} and unsafe characters escaped, cut after {@link #MAX_CHARS} characters
   */
  static String quote(String value) {
    String masked = maskUrls(value, TEXT_AUTHORITY_END);
    return "\"" + escape(masked, true, MAX_CHARS) + "\"" + cutNote(value, masked, MAX_CHARS);
  }

  /**
   * Quotes a value meant as a URL; user info is masked also where the value lacks {@code //},
   * as in {@code user:password@host/path}.
   *
   * @param url the value
   * @return the quoted value, as {@link #quote(String)}
   */
  static String quoteUrl(String url) {
    String masked = url.contains("//") ? maskUrls(url, URL_AUTHORITY_END)
        : maskAuthority(url, 0, URL_AUTHORITY_END);
    return "\"" + escape(masked, true, MAX_CHARS) + "\"" + cutNote(url, masked, MAX_CHARS);
  }

  /**
   * @param text a text that may repeat catalog values, such as a library's message or a
   *     path with map keys
   * @return the text with user info masked and unsafe characters escaped, cut after
   *     {@link #MAX_TEXT_CHARS} characters
   */
  static String clean(String text) {
    String masked = maskUrls(text, TEXT_AUTHORITY_END);
    return escape(masked, false, MAX_TEXT_CHARS) + cutNote(text, masked, MAX_TEXT_CHARS);
  }

  /**
   * @param key a map key from the catalog's opaque JSON, to become part of a problem's path
   * @return the key with user info masked and unsafe characters escaped, cut after
   *     {@link #MAX_CHARS} characters
   */
  static String pathKey(Object key) {
    String text = String.valueOf(key);
    String masked = maskUrls(text, TEXT_AUTHORITY_END);
    return escape(masked, false, MAX_CHARS) + cutNote(text, masked, MAX_CHARS);
  }

  /** Masks the user info of every {@code scheme://user@host} in the text. */
  private static String maskUrls(String text, String authorityEnd) {
    String out = text;
    int from = 0;
    int slashes;
    while ((slashes = out.indexOf("//", from)) >= 0) {
      out = maskAuthority(out, slashes + 2, authorityEnd);
      from = slashes + 2;
    }
    return out;
  }

  /**
   * Masks everything before the last {@code @} of the authority starting at {@code start},
   * which ends at the first of the characters {@code authorityEnd}.
   */
  private static String maskAuthority(String text, int start, String authorityEnd) {
    int end = start;
    while (end < text.length() && authorityEnd.indexOf(text.charAt(end)) < 0) {
      end++;
    }
    int at = text.lastIndexOf('@', end - 1);
    if (at < start) {
      return text;
    }
    return text.substring(0, start) + MASK + text.substring(at);
  }

  private static String cutNote(String original, String masked, int max) {
    return masked.length() > max ? "...(" + original.length() + " characters)" : "";
  }

  private static String escape(String s, boolean quoted, int max) {
    int n = Math.min(s.length(), max);
    if (n < s.length() && n > 0 && Character.isHighSurrogate(s.charAt(n - 1))) {
      n--; // do not split a pair
    }
    StringBuilder b = new StringBuilder(n + 8);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (quoted && (c == '"' || c == '\\')) {
        b.append('\\').append(c);
      } else if (unsafe(s, i)) {
        b.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF])
            .append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static boolean unsafe(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
    }
    return Character.isISOControl(c) // C0, DEL, C1 (includes \n, \r, NEL)
        || c == '\u2028' || c == '\u2029' // line and paragraph separators
        || (c >= '\u200b' && c <= '\u200f') // zero-width and direction marks
        || (c >= '\u202a' && c <= '\u202e') // bidi embeddings and overrides
        || (c >= '\u2066' && c <= '\u2069') // bidi isolates
        || c == '\ufeff'; // byte order mark
  }
}
