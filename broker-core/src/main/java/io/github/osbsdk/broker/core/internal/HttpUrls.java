package io.github.osbsdk.broker.core.internal;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Whether a text is an absolute {@code http} or {@code https} URL with a host, as
 * {@link URI#URI(String)} reads it. The common plain spelling (a lower-case scheme, a host name
 * or dotted IPv4 address, an optional port, a path of unreserved characters, nothing else) is
 * recognised by a scan whose every accepted text {@code URI} also accepts with that scheme and a
 * host; any other text is parsed by {@code URI}, so the answer is {@code URI}'s for every input.
 * The scan spares the provision of a dashboard URL the parse and its objects.
 */
final class HttpUrls {
  private HttpUrls() {}

  /**
   * @param url a text without white space or control characters
   * @return whether {@code new URI(url)} succeeds with scheme {@code http} or {@code https} (in
   *     any case) and a host
   */
  static boolean absoluteWithHost(String url) {
    if (plain(url)) {
      return true;
    }
    try {
      URI u = new URI(url);
      return ("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme()))
          && u.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /**
   * @param s a text
   * @return whether it holds white space (ASCII) or a control character (C0 or DEL)
   */
  static boolean hasSpaceOrControl(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c == 0x7f) {
        return true;
      }
    }
    return false;
  }

  /**
   * The plain spelling: {@code http://} or {@code https://}; a host that is either four decimal
   * bytes (0 to 255, at most three digits each) joined by dots, or labels of letters, digits and
   * inner hyphens joined by single dots whose first and last labels start with a letter (so
   * {@code URI} neither tries it as an IPv4 address nor refuses its top label); an optional port
   * of one to five digits; then nothing, or {@code /} and letters, digits and {@code -._~/}.
   *
   * @return true only for texts {@code URI} reads as an http(s) URL with a host; false says
   *     nothing
   */
  static boolean plain(String url) {
    int p;
    if (url.startsWith("https://")) {
      p = 8;
    } else if (url.startsWith("http://")) {
      p = 7;
    } else {
      return false;
    }
    int n = url.length();
    int end = url.indexOf('/', p);
    if (end < 0) {
      end = n;
    }
    int colon = url.indexOf(':', p);
    int hostEnd = colon >= 0 && colon < end ? colon : end;
    if (!ipv4(url, p, hostEnd) && !hostName(url, p, hostEnd)) {
      return false;
    }
    if (hostEnd < end && !digits(url, hostEnd + 1, end, 5)) {
      return false;
    }
    for (int i = end; i < n; i++) {
      char c = url.charAt(i);
      if (!(letterOrDigit(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/')) {
        return false;
      }
    }
    return true;
  }

  private static boolean ipv4(String s, int from, int to) {
    int p = from;
    for (int part = 0; part < 4; part++) {
      if (part > 0) {
        if (p >= to || s.charAt(p) != '.') {
          return false;
        }
        p++;
      }
      int start = p;
      int value = 0;
      while (p < to && p - start < 3 && digit(s.charAt(p))) {
        value = value * 10 + s.charAt(p) - '0';
        p++;
      }
      if (p == start || value > 255) {
        return false;
      }
    }
    return p == to;
  }

  private static boolean hostName(String s, int from, int to) {
    if (from >= to || !letter(s.charAt(from))) {
      return false;
    }
    int label = from;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '.') {
        if (i == label || s.charAt(i - 1) == '-') {
          return false;
        }
        label = i + 1;
      } else if (!(letterOrDigit(c) || c == '-' && i > label)) {
        return false;
      }
    }
    return label < to && letter(s.charAt(label)) && s.charAt(to - 1) != '-';
  }

  private static boolean digits(String s, int from, int to, int most) {
    if (from >= to || to - from > most) {
      return false;
    }
    for (int i = from; i < to; i++) {
      if (!digit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean letter(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
  }

  private static boolean letterOrDigit(char c) {
    return letter(c) || digit(c);
  }
}
