package io.github.osbsdk.broker.iam.internal;

import java.net.URI;
import java.util.Locale;

/**
 * Checks of configured URLs that secrets travel to or from: IAM's endpoints (the broker's API key,
 * its tokens, users' codes) and the dashboard redirect URI (sign-in codes, session cookies).
 */
public final class WebUrls {
  private WebUrls() {}

  /**
   * Refuses a URL that is not an absolute https URL with a host and without user info; plain
   * http is accepted on a loopback host only ({@code localhost}, {@code 127.x.x.x},
   * {@code [::1]}, decided from the text, without DNS), for local development and tests.
   *
   * @param url the URL
   * @param name the setting's name, for the message
   * @return the URL
   * @throws IllegalArgumentException naming the setting and what is wrong
   */
  public static URI requireHttpsOrLoopback(URI url, String name) {
    String scheme = url.getScheme();
    boolean https = "https".equalsIgnoreCase(scheme);
    if (!https && !"http".equalsIgnoreCase(scheme)) {
      throw new IllegalArgumentException(name + " must be an absolute https URL (http only on a"
          + " loopback host), not " + (scheme == null ? "a relative URI" : scheme + ":"));
    }
    if (url.getRawUserInfo() != null) {
      throw new IllegalArgumentException(name + " must not carry user info (user@host):"
          + " credentials do not belong in a URL");
    }
    if (url.getHost() == null) {
      throw new IllegalArgumentException(name + " must name a host");
    }
    if (!https && !isLoopback(url.getHost())) {
      throw new IllegalArgumentException(name + " must use https: plain http sends secrets in"
          + " clear, and is allowed only on a loopback host (localhost, 127.x.x.x, [::1]), not"
          + " on " + url.getHost());
    }
    return url;
  }

  /**
   * @param host a URI host
   * @return whether it names this machine: {@code localhost}, {@code 127.x.x.x} or {@code [::1]}
   */
  static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.equals("localhost") || h.equals("[::1]")) {
      return true;
    }
    String[] octets = h.split("\\.", -1);
    if (octets.length != 4 || !octets[0].equals("127")) {
      return false;
    }
    for (String o : octets) {
      if (o.isEmpty() || o.length() > 3 || !o.chars().allMatch(c -> c >= '0' && c <= '9')
          || Integer.parseInt(o) > 255) {
        return false;
      }
    }
    return true;
  }
}
