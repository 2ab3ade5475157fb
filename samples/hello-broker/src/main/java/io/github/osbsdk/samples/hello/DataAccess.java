package io.github.osbsdk.samples.hello;

import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The outcome of checking one data-endpoint request: either the namespace and decoded key, or
 * the response that refuses it.
 *
 * @param namespace the namespace (a snapshot), null when refused
 * @param key the decoded key, null when refused
 * @param refusal the refusing response, null when allowed
 */
record DataAccess(Namespace namespace, String key, Response refusal) {

  /**
   * Checks the binding credentials of a request (fails closed).
   *
   * @param store the store
   * @param authorization the {@code Authorization} header, may be null
   * @param rawInstanceId the instance id as sent (percent-encoded)
   * @param rawKey the key as sent (percent-encoded)
   * @param write whether the request changes data
   * @return the outcome
   */
  static DataAccess check(KeyValueStore store, String authorization, String rawInstanceId,
      String rawKey, boolean write) {
    Optional<String> instanceId = PathSegments.decode(rawInstanceId);
    Optional<String> key = PathSegments.decode(rawKey);
    if (instanceId.isEmpty() || key.isEmpty()) {
      return refuse(Response.Status.BAD_REQUEST, "Invalid percent-encoding in the path.");
    }
    if (key.get().isEmpty() || key.get().length() > DataResource.MAX_KEY_LENGTH) {
      return refuse(Response.Status.BAD_REQUEST,
          "Keys have 1 to " + DataResource.MAX_KEY_LENGTH + " characters.");
    }
    if (hasControlCharacter(key.get()) || hasControlCharacter(instanceId.get())) {
      // the same answer from both stores: PostgreSQL's text cannot keep U+0000
      return refuse(Response.Status.BAD_REQUEST,
          "Keys and instance ids must not contain control characters.");
    }
    String[] userAndPassword = basic(authorization);
    if (userAndPassword == null) {
      return refuse(Response.Status.UNAUTHORIZED, "Binding credentials required.");
    }
    BindingCredentials credentials = store.credentials(userAndPassword[0])
        .filter(c -> c.passwordMatches(userAndPassword[1]))
        .filter(c -> c.instanceId().equals(instanceId.get()))
        .orElse(null);
    // credentials are found only while their binding exists (unbind and deprovision revoke them)
    Namespace namespace = credentials == null ? null
        : store.namespace(instanceId.get()).orElse(null);
    if (namespace == null) {
      return refuse(Response.Status.UNAUTHORIZED, "Invalid or revoked binding credentials.");
    }
    if (!namespace.enabled()) {
      return refuse(Response.Status.FORBIDDEN, "The service instance is disabled by IBM Cloud.");
    }
    if (write && credentials.readOnly()) {
      return refuse(Response.Status.FORBIDDEN, "These credentials are read-only.");
    }
    return new DataAccess(namespace, key.get(), null);
  }

  private static boolean hasControlCharacter(String s) {
    return s.chars().anyMatch(c -> c < 0x20 || c == 0x7F);
  }

  private static DataAccess refuse(Response.Status status, String message) {
    return new DataAccess(null, null, DataResource.text(status, message));
  }

  /** @return {user, password}, or null when the header is not well-formed basic auth */
  private static String[] basic(String authorization) {
    if (authorization == null || authorization.length() > 1024
        || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
          StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    return colon < 0 ? null
        : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
  }
}
