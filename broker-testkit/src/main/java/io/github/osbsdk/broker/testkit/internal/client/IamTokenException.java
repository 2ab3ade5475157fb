package io.github.osbsdk.broker.testkit.internal.client;

/**
 * The IAM token request of an API key got an answer that is no token: IAM refused the key (400,
 * 401 or 403) or failed otherwise (another status, a body that is no token). Its message never
 * holds the API key.
 */
public final class IamTokenException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** The statuses with which IAM refuses an API key (unknown, malformed, disabled, deleted). */
  private static final int[] REFUSALS = {400, 401, 403};

  private final int status;

  /**
   * @param message what happened, without the API key
   * @param status the HTTP status of IAM's answer
   */
  IamTokenException(String message, int status) {
    super(message);
    this.status = status;
  }

  /** @return whether IAM refused the API key (400, 401 or 403), not failed otherwise */
  public boolean keyRefused() {
    for (int s : REFUSALS) {
      if (s == status) {
        return true;
      }
    }
    return false;
  }
}
