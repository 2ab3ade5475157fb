package io.github.osbsdk.broker.iam.internal;

import java.net.URI;
import java.util.Locale;

/**
 * Whether a request that changes state (the sign-out) was sent by a page of the broker's own
 * public origin, judged from {@code Origin}, or {@code Referer} when a browser sent no
 * {@code Origin}: the CSRF check OWASP calls "verifying origin with standard headers". The
 * origin compared with is the configured redirect URI's, never the request's {@code Host}, so it
 * holds behind a reverse proxy. An {@code Origin} of {@code null} (sandboxed frames, redirects
 * through other sites, pages whose referrer policy is {@code no-referrer}) is refused.
 */
final class SameOrigin {
  private SameOrigin() {
  }

  /**
   * Checks the request's headers.
   *
   * @param publicUrl the configured redirect URI (its scheme, host and port count)
   * @param origin the {@code Origin} header, may be null
   * @param referer the {@code Referer} header, used only without an {@code Origin}, may be null
   * @return true when the request came from the public origin
   */
  static boolean sentFrom(URI publicUrl, String origin, String referer) {
    String header = origin != null ? origin : referer;
    if (header == null || header.length() > 8192) {
      return false;
    }
    URI sender;
    try {
      sender = new URI(header.strip());
    } catch (java.net.URISyntaxException e) {
      return false;
    }
    if (origin != null && (sender.getRawPath() != null && !sender.getRawPath().isEmpty()
        || sender.getRawQuery() != null || sender.getRawFragment() != null)) {
      return false; // an Origin is scheme://host[:port] and nothing else
    }
    return sender.isAbsolute() && sender.getHost() != null && sender.getRawUserInfo() == null
        && lower(sender.getScheme()).equals(lower(publicUrl.getScheme()))
        && lower(sender.getHost()).equals(lower(publicUrl.getHost()))
        && port(sender) == port(publicUrl);
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  private static int port(URI u) {
    if (u.getPort() != -1) {
      return u.getPort();
    }
    return "https".equals(lower(u.getScheme())) ? 443 : "http".equals(lower(u.getScheme())) ? 80
        : -1;
  }
}
