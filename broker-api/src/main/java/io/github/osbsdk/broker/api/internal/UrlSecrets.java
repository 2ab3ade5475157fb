package io.github.osbsdk.broker.api.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks the user info of URLs ({@code user:password@}) before they are repeated in a log line,
 * a message or a {@code toString}: {@code https://***@host/path}. Everything before the last
 * {@code @} of the authority is masked, so a password holding {@code @} or a space leaves
 * nothing behind.
 *
 * <p>{@link #maskUrl(String)} treats a whole value as one URL, also one without {@code //}
 * ({@code user:password@host/path}). {@link #maskUrlsIn(String)} finds URLs among words: each
 * starts at a {@code //} and ends at a white space or quote character.
 */
public final class UrlSecrets {
  /** What stands for user info. */
  public static final String MASK = MaskedValues.MASK;
  /** Where an authority ends. */
  private static final String AUTHORITY_END = "/?#";
  /** Where a URL ends in a text that may hold URLs among words. */
  private static final String URL_END_IN_TEXT = "\"' \t\r\n";
  /** Where a URL ends when the value is one URL: nowhere before the end. */
  private static final String URL_END_IN_URL = "";
  /** A scheme and {@code //} at the start of a URL, or {@code //} alone (RFC 3986, 3.1). */
  private static final Pattern AUTHORITY_PREFIX =
      Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*:)?//");

  private UrlSecrets() {}

  /**
   * Masks a value meant as one URL.
   *
   * @param url the value, or null
   * @return the value with user info masked, or null for null
   */
  public static String maskUrl(String url) {
    if (url == null) {
      return null;
    }
    Matcher prefix = AUTHORITY_PREFIX.matcher(url);
    int start = prefix.lookingAt() ? prefix.end() : 0;
    StringBuilder out = new StringBuilder(url.length()).append(url, 0, start);
    maskFromAuthority(url, start, URL_END_IN_URL, out);
    return out.toString();
  }

  /**
   * Masks every URL ({@code scheme://...} or {@code //...}) in a text that may hold URLs among
   * words, such as a library's message.
   *
   * @param text the text, or null
   * @return the text with user info of its URLs masked, or null for null
   */
  public static String maskUrlsIn(String text) {
    if (text == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    int slashes;
    while ((slashes = text.indexOf("//", i)) >= 0) {
      out.append(text, i, slashes + 2);
      i = maskFromAuthority(text, slashes + 2, URL_END_IN_TEXT, out);
    }
    return out.append(text, i, text.length()).toString();
  }

  /**
   * Appends the URL whose authority starts at {@code start} masked, up to the first of the
   * characters {@code urlEnd}.
   *
   * @return where the URL ends
   */
  private static int maskFromAuthority(String s, int start, String urlEnd, StringBuilder out) {
    int i = appendAuthority(s, start, urlEnd, out);
    while (i < s.length() && urlEnd.indexOf(s.charAt(i)) < 0) {
      char c = s.charAt(i);
      if (s.startsWith("//", i)) { // a URL in a path, such as a redirect target
        out.append("//");
        i = appendAuthority(s, i + 2, urlEnd, out);
      } else {
        out.append(c);
        i++;
      }
    }
    return i;
  }

  /**
   * Appends the authority starting at {@code start} with everything before its last {@code @}
   * masked.
   *
   * @return where the authority ends
   */
  private static int appendAuthority(String s, int start, String urlEnd, StringBuilder out) {
    int end = end(s, start, urlEnd, AUTHORITY_END);
    int at = s.lastIndexOf('@', end - 1);
    if (at < start) {
      out.append(s, start, end);
    } else {
      out.append(MASK).append(s, at, end);
    }
    return end;
  }

  /** The index of the first character at or after {@code from} in either set, or the length. */
  private static int end(String s, int from, String urlEnd, String partEnd) {
    int i = from;
    while (i < s.length() && urlEnd.indexOf(s.charAt(i)) < 0
        && partEnd.indexOf(s.charAt(i)) < 0) {
      i++;
    }
    return i;
  }
}
