package io.github.osbsdk.broker.iam;

import java.util.Objects;

/**
 * Who a {@code /v2/authz} check is about.
 *
 * @param id the subject's {@code iam_id}, e.g. {@code IBMid-...}
 * @param scope the subject's token scope, may be null ({@link AuthzClient#DEFAULT_SCOPE} is
 *     sent for it)
 * @param accessToken the subject's access token, may be null; needed for
 *     {@link AuthzClient.SubjectForm#ACCESS_TOKEN_BODY}
 */
public record AuthzSubject(String id, String scope, String accessToken) {
  /** Validates. */
  public AuthzSubject {
    Objects.requireNonNull(id, "id == null");
  }

  /**
   * Describes the subject for logs without its token.
   *
   * @return the subject without its token (safe to print)
   */
  @Override
  public String toString() {
    return "AuthzSubject[id=" + id + ", scope=" + scope + "]";
  }
}
