package io.github.osbsdk.broker.iam;

import java.util.Objects;

/**
 * The signed-in user of a dashboard, as IAM identified them.
 *
 * @param id the user's {@code iam_id}, e.g. {@code IBMid-...}
 * @param accountId the account of the user's token, may be null
 * @param name the display name from the token, may be null
 * @param email the e-mail from the token, may be null
 */
public record DashboardUser(String id, String accountId, String name, String email) {
  /** Validates. */
  public DashboardUser {
    Objects.requireNonNull(id, "id == null");
  }
}
