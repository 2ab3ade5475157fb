package io.github.osbsdk.broker.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The verified caller of a request, filled in by whichever authenticator accepted it.
 *
 * <p>Never contains the raw credential (token or password).
 *
 * @param scheme how the caller authenticated, e.g. {@code basic} or {@code bearer}
 * @param id the caller identity: the basic-auth user name, or IAM's {@code iam_id}
 *     (e.g. {@code crn-<broker CRN>} or {@code iam-ServiceId-<uuid>})
 * @param accountId the IBM Cloud account of the caller, may be null
 * @param scope the token scope, may be null
 * @param attributes further verified attributes (e.g. token claims without the signature),
 *     unmodifiable, JSON nulls kept
 */
public record AuthenticatedCaller(String scheme, String id, String accountId, String scope,
    Map<String, Object> attributes) {
  /** Validates and copies. */
  public AuthenticatedCaller {
    Objects.requireNonNull(scheme, "scheme == null");
    Objects.requireNonNull(id, "id == null");
    attributes = attributes == null ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }

  /**
   * @param scheme the scheme
   * @param id the identity
   * @return a caller with no further attributes
   */
  public static AuthenticatedCaller of(String scheme, String id) {
    return new AuthenticatedCaller(scheme, id, null, null, Map.of());
  }
}
