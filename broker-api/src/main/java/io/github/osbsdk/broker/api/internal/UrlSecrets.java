package io.github.osbsdk.broker.api.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks the parts of a URL that may hold a secret, before the URL is repeated in a log line,
 * a message or a {@code toString}: its user info and the values of its query parameters.
 *
 * <ul>
 *   <li>User info ({@code user:password@}) becomes {@link #MASK}:
 *       {@code https://***@host/path}. Everything before the last {@code @} of the authority is
 *       masked, so a password holding {@code @} or a space leaves nothing behind.</li>
 *   <li>Every query parameter keeps its name and has its value masked:
 *       {@code ?plan=***&token=***}. All values are masked, not only those whose names look
 *       secret ({@code token}, {@code sig}, {@code api_key}, ...): no list of names can know
 *       every service's, and a value seldom matters to someone reading a log. A parameter
 *       without {@code =} may be a bare token and is masked whole ({@code ?***}); an empty value
 *       stays empty ({@code ?a=}). Parameters are separated by {@code &} or {@code ;}.</li>
 *   <li>A fragment with {@code =} in it ({@code #access_token=...&expires_in=...}, as OAuth's
 *       implicit grant sends) is masked as a query; other fragments ({@code #section}) are
 *       kept.</li>
 * </ul>
 *
 * <p>{@link #maskUrl(String)} treats a whole value as one URL, also a relative one or one
 * without {@code //} ({@code user:password@host/path}). {@link #maskUrlsIn(String)} finds URLs
 * among words: each starts at a {@code //} and ends at a white space or quote character.
 */
public final class UrlSecrets {
  /** What stands for user info and for a parameter's value. */
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
   * @return the value with user info and query values masked, or null for null
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
   * @return the text with user info and query values of its URLs masked, or null for null
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
      if (c == '?' || (c == '#' && hasParameters(s, i + 1, urlEnd))) {
        int end = end(s, i + 1, urlEnd, c == '?' ? "#" : "");
        out.append(c);
        appendParameters(s.substring(i + 1, end), out);
        i = end;
      } else if (s.startsWith("//", i)) { // a URL in a path, such as a redirect target
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

  /** Whether the fragment starting at {@code from} has an {@code =}, as parameters do. */
  private static boolean hasParameters(String s, int from, String urlEnd) {
    int eq = s.indexOf('=', from);
    return eq >= 0 && eq < end(s, from, urlEnd, "");
  }

  /** Appends {@code name=value&name=value} with every value masked. */
  private static void appendParameters(String parameters, StringBuilder out) {
    int i = 0;
    while (i <= parameters.length()) {
      int end = i;
      while (end < parameters.length() && parameters.charAt(end) != '&'
          && parameters.charAt(end) != ';') {
        end++;
      }
      int eq = parameters.indexOf('=', i);
      if (eq >= 0 && eq < end) {
        out.append(parameters, i, eq + 1).append(eq + 1 < end ? MASK : "");
      } else if (end > i) {
        out.append(MASK); // a bare value, such as ?s3cr3t
      }
      if (end < parameters.length()) {
        out.append(parameters.charAt(end));
      }
      i = end + 1;
    }
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
