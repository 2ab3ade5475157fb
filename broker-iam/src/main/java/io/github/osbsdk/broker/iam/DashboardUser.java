package io.github.osbsdk.broker.iam;

import java.util.Objects;

/**
 * The signed-in user of a dashboard, as IAM identified them.
 *
 * @param id the user's {@code iam_id}, e.g. {@code IBMid-...}
 * @param accountId the account of the user's token, may be null
 * @param name the display name from the token, may be null; at most 256 characters in a
 *     session (a longer one is cut), and left out with the e-mail in the rare case that the
 *     session cookie would otherwise exceed what browsers keep
 * @param email the e-mail from the token, may be null; null in a session when longer than 254
 *     characters
 */
public record DashboardUser(String id, String accountId, String name, String email) {
  /** Validates. */
  public DashboardUser {
    Objects.requireNonNull(id, "id == null");
  }
}
