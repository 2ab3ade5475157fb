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
 *
 * <p>What counts for a step: this exception thrown as such, or wrapped, as the cause of what the
 * step throws or a cause of that cause, at most 10 causes deep (for example
 * {@code new RuntimeException(e)}, a {@code CompletionException} or {@code ExecutionException}
 * from a future, an {@code UncheckedIOException} around an {@code IOException} that holds it).
 * The causes are followed from the exception thrown inwards (a chain that loops ends at that
 * depth), and never past a {@code ServiceBrokerException}: that is the provider's answer and
 * fails the operation, whatever its status (a 503 too) and whatever its cause. Anything else a
 * step throws fails the operation.
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
