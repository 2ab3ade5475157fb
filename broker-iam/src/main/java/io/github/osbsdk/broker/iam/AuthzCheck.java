package io.github.osbsdk.broker.iam;

import java.util.Objects;

/**
 * One question for {@code POST /v2/authz}: may {@code subject} do {@code action} on the resource
 * with CRN {@code resourceCrn}?
 *
 * @param subject who
 * @param action the IAM action, e.g. {@code my-service.dashboard.view}
 * @param resourceCrn the resource CRN, e.g. the service instance CRN
 */
public record AuthzCheck(AuthzSubject subject, String action, String resourceCrn) {
  /** Validates. */
  public AuthzCheck {
    Objects.requireNonNull(subject, "subject == null");
    Objects.requireNonNull(action, "action == null");
    Objects.requireNonNull(resourceCrn, "resourceCrn == null");
  }
}
