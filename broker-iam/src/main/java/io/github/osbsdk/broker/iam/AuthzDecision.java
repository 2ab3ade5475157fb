package io.github.osbsdk.broker.iam;

/**
 * What {@link AuthzClient#decide(AuthzCheck)} learned about one check: IAM permitted it, IAM
 * denied it, or it could not be decided (IAM unreachable, slow, answering an error or something
 * unreadable, pausing calls after a 429, or no broker token). Only {@link #PERMITTED} allows
 * anything: a caller that needs a yes or no uses {@link #permitted()}, which fails closed.
 */
public enum AuthzDecision {
  /** IAM permitted the check. */
  PERMITTED,
  /**
   * IAM denied the check: a decision of {@code permitted: false}, or a refusal of the call or of
   * the check ({@code 400}, {@code 401}, {@code 403}, {@code 404}).
   */
  DENIED,
  /**
   * IAM gave no decision: the call failed, timed out, was answered with another status or an
   * unreadable reply, or was not made while IAM asked for a pause ({@code 429}); asking again
   * later may give one.
   */
  UNDECIDED;

  /**
   * Whether the check is permitted (false for {@link #DENIED} and {@link #UNDECIDED}).
   *
   * @return true only for {@link #PERMITTED}
   */
  public boolean permitted() {
    return this == PERMITTED;
  }
}
