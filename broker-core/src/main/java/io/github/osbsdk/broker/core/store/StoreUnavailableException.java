package io.github.osbsdk.broker.core.store;

import io.github.osbsdk.broker.api.TemporarilyUnavailableException;

/**
 * The store could not be reached or did not answer in time. The SDK answers the request 503 with
 * an OSB error body and {@code Retry-After}; nothing of the request was applied. Its message is
 * logged: keep secrets out of it.
 *
 * <p>As a {@link TemporarilyUnavailableException}, it makes a resumable step that throws it (or
 * wraps it) run again later, as that exception's Javadoc says; a provider's step throws that API
 * exception itself, and this one reaches a step only from a store it shares with the SDK.
 */
public final class StoreUnavailableException extends TemporarilyUnavailableException {
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
