package io.github.osbsdk.broker.core.store;

/**
 * The store could not be reached or did not answer in time. The SDK answers the request 503 with
 * an OSB error body and {@code Retry-After}; nothing of the request was applied.
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
