package io.github.osbsdk.broker.iam.internal;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Dashboard URLs: the configured redirect URI's scheme, authority and base path (never the
 * request's {@code Host}), plus the instance id as one percent-encoded path segment. A
 * {@code /} in an id is encoded ({@code %2F}), so it never adds a segment; ids that are dot
 * segments ({@code .}, {@code ..}) are refused, because browsers resolve them (and their
 * percent-encoded spellings {@code %2e}) against the path and would leave the instance's URL.
 */
final class DashboardPaths {
  private static final int MAX_ID = 512;

  private DashboardPaths() {
  }

  /**
   * Decodes the instance id of a dashboard path.
   *
   * @param raw the URL-encoded path segment(s) after {@code /dashboard/} ({@code +} is itself)
   * @return the decoded id, or null for one that cannot name a dashboard: empty, longer than 512
   *     characters, malformed percent-encoding, control characters, a dot segment
   */
  static String decodeId(String raw) {
    if (raw == null || raw.length() > MAX_ID * 3) {
      return null;
    }
    String id;
    try {
      id = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (id.isEmpty() || id.length() > MAX_ID || id.chars().anyMatch(Character::isISOControl)
        || isDotSegment(id)) {
      return null;
    }
    return id;
  }

  /**
   * Whether a decoded id is a dot segment.
   *
   * @param id the decoded id
   * @return true for {@code .} and {@code ..}
   */
  static boolean isDotSegment(String id) {
    return ".".equals(id) || "..".equals(id);
  }

  /**
   * Encodes an id as one path segment.
   *
   * @param id the decoded id
   * @return the segment: unreserved characters kept, everything else (including {@code /},
   *     {@code %}, {@code ?}, {@code #}, {@code ;}) percent-encoded as UTF-8
   */
  static String segment(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A");
  }

  /**
   * The absolute dashboard URL of an instance.
   *
   * @param redirectUri the configured, absolute redirect URI ({@code .../dashboard/callback})
   * @param instanceId the decoded instance id
   * @return {@code <scheme>://<authority><base path><segment>}, or null when the id is empty or
   *     a dot segment
   */
  static URI dashboardUrl(URI redirectUri, String instanceId) {
    if (instanceId == null || instanceId.isEmpty() || isDotSegment(instanceId)) {
      return null;
    }
    return URI.create(redirectUri.getScheme() + "://" + redirectUri.getRawAuthority()
        + basePath(redirectUri) + segment(instanceId));
  }

  /**
   * The path prefix of dashboard URLs.
   *
   * @param redirectUri the configured redirect URI
   * @return its path up to and including the last {@code /} (e.g. {@code /dashboard/})
   */
  static String basePath(URI redirectUri) {
    String p = redirectUri.getRawPath();
    return p.substring(0, p.lastIndexOf('/') + 1);
  }
}
