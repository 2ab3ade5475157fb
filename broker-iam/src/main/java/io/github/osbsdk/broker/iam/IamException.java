package io.github.osbsdk.broker.iam;

/**
 * IAM could not be reached or refused a request the broker makes on its own behalf (token
 * fetch). The message names the endpoint and status, never a secret.
 */
public final class IamException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * A call to IAM failed or IAM answered something unusable.
   *
   * @param message what failed
   * @param cause the underlying failure, may be null
   */
  public IamException(String message, Throwable cause) {
    super(message, cause);
  }
}
