package io.github.osbsdk.broker.iam.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.osbsdk.broker.iam.DashboardUser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The value of the {@link DashboardResource#SESSION_COOKIE} cookie: the instance as its SHA-256
 * (a CRN can be 512 characters), the user and the expiry, sealed (encrypted and authenticated).
 * Sessions are not recorded on the server.
 */
final class SessionCookie {
  /**
   * The longest session cookie value set: with the cookie's name and attributes well under the
   * 4096 bytes browsers keep per cookie.
   */
  static final int MAX_SESSION_VALUE = 3800;
  /** The longest display name kept in the session, in code points; longer ones are cut. */
  static final int MAX_NAME_CODE_POINTS = 256;
  /** The longest e-mail kept in the session (RFC 5321 allows 254); longer ones are left out. */
  static final int MAX_EMAIL_CHARS = 254;
  private static final String PURPOSE = "session";

  private final SsoSettings settings;

  SessionCookie(SsoSettings settings) {
    this.settings = settings;
  }

  /**
   * Seals a new session. A name longer than {@link #MAX_NAME_CODE_POINTS} is cut, an e-mail
   * longer than {@link #MAX_EMAIL_CHARS} (no address is) left out; when the value would still be
   * too long for a browser to keep, name and e-mail are left out, so the browser never drops the
   * cookie and loops through sign-in.
   *
   * @param instanceId the decoded instance id
   * @param u the signed-in user
   * @param now the time, in epoch milliseconds
   * @return the sealed value, or null when even that is too long (an absurd user id)
   */
  String seal(String instanceId, DashboardUser u, long now) {
    String name = u.name();
    if (name != null && name.codePointCount(0, name.length()) > MAX_NAME_CODE_POINTS) {
      name = name.substring(0, name.offsetByCodePoints(0, MAX_NAME_CODE_POINTS));
    }
    String email = u.email() != null && u.email().length() <= MAX_EMAIL_CHARS ? u.email() : null;
    String value = seal(instanceId, u, name, email, now);
    if (value.length() > MAX_SESSION_VALUE) {
      value = seal(instanceId, u, null, null, now);
    }
    return value.length() > MAX_SESSION_VALUE ? null : value;
  }

  private String seal(String instanceId, DashboardUser u, String name, String email, long now) {
    long expires = now + settings.sessionLifetime().toMillis();
    ObjectNode n = IamHttp.MAPPER.createObjectNode();
    n.put("i", SignedValues.sha256(instanceId)).put("u", u.id()).put("a", u.accountId())
        .put("nm", name).put("em", email).put("e", expires);
    return settings.sealed().seal(PURPOSE, n.toString().getBytes(StandardCharsets.UTF_8),
        expires);
  }

  /**
   * Opens a session cookie for one instance's dashboard.
   *
   * @param cookie the cookie's value, or null
   * @param instanceId the decoded id of the instance whose dashboard is asked for
   * @return the signed-in user, or null when the cookie is missing, not sealed by this broker,
   *     malformed, expired or for another instance (a cookie none of the cached keys opens
   *     makes the key store read its keys again only when its expiry, readable without a key,
   *     is one a session sealed now could have: {@link SsoValues#mayBeGenuine})
   */
  DashboardUser open(String cookie, String instanceId) {
    long now = settings.clock().millis();
    byte[] payload = settings.sealed().open(PURPOSE, cookie,
        expiry -> SsoValues.mayBeGenuine(expiry, now, settings.sessionLifetime()));
    JsonNode n = payload == null ? null : readJson(payload);
    if (n == null || !SignedValues.sha256(instanceId).equals(n.path("i").asText(null))
        || now >= n.path("e").asLong(0) || !n.path("u").isTextual()) {
      return null;
    }
    return new DashboardUser(n.path("u").asText(), n.path("a").asText(null),
        n.path("nm").asText(null), n.path("em").asText(null));
  }

  private static JsonNode readJson(byte[] payload) {
    try {
      return IamHttp.MAPPER.readTree(payload);
    } catch (IOException e) {
      return null;
    }
  }
}
