package io.github.osbsdk.broker.core.store;

/**
 * The store could not be reached or did not answer in time. The SDK answers the request 503 with
 * an OSB error body and {@code Retry-After}; nothing of the request was applied.
 *
 * <p>It is also how a provider says that its own storage is unreachable for a while. Throw it
 * from a resumable step ({@code Broker.Builder.step}) when your own storage is unreachable: the
 * SDK runs the step again later on the same replica, with a growing backoff, and the operation
 * stays in progress until the step ends or the operation's deadline passes (then it ends as
 * failed, as any operation past its deadline). A task ({@code AsyncWork.task}) that throws it
 * fails, as it cannot be run again safely. Its message is logged: keep secrets out of it.
 */
public final class StoreUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, without secrets
   * @param cause the driver's exception, may be null
   */
  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
