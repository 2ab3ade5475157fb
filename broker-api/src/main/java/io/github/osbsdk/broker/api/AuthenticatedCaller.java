package io.github.osbsdk.broker.api;

import io.github.osbsdk.broker.api.internal.JsonCopies;
import io.github.osbsdk.broker.api.internal.MaskedValues;
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
 *     a deeply unmodifiable copy, JSON nulls kept, empty when none (null is taken as empty)
 */
public record AuthenticatedCaller(String scheme, String id, String accountId, String scope,
    Map<String, Object> attributes) {
  /**
   * Validates and copies.
   *
   * @param scheme how the caller authenticated
   * @param id the caller identity
   * @param accountId the IBM Cloud account of the caller, or null
   * @param scope the token scope, or null
   * @param attributes further verified attributes, or null for none
   */
  public AuthenticatedCaller {
    Objects.requireNonNull(scheme, "scheme == null");
    Objects.requireNonNull(id, "id == null");
    attributes = JsonCopies.map(attributes);
  }

  /**
   * The caller an authenticator let through, known only by its scheme and identity.
   *
   * @param scheme the scheme
   * @param id the identity
   * @return a caller with no further attributes
   */
  public static AuthenticatedCaller of(String scheme, String id) {
    return new AuthenticatedCaller(scheme, id, null, null, Map.of());
  }

  /**
   * Describes the caller for logs without the values of its attributes (a token's claims carry
   * the user's name and e-mail address).
   *
   * @return the caller, its attribute values masked
   */
  @Override
  public String toString() {
    return "AuthenticatedCaller[scheme=" + scheme + ", id=" + id + ", accountId=" + accountId
        + ", scope=" + scope + ", attributes=" + MaskedValues.keys(attributes) + "]";
  }
}
