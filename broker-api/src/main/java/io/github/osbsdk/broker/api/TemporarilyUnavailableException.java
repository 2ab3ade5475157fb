package io.github.osbsdk.broker.api;

import java.time.Duration;

/**
 * Something a {@link ResumableStep} needs is unavailable for a while (its database, a backend, a
 * rate-limited API): run the step again later. Throw it from a step, and the SDK runs the step
 * again on the same replica, with the same {@link StepContext#attempt()}, after a growing backoff
 * (or its {@link #retryAfter()}, if longer), the operation still {@code in progress}, until the
 * step ends or the operation's deadline passes (then it ends {@code failed}, as any operation
 * past its deadline).
 *
 * <p>It counts when the step throws it as such, or wrapped: as the cause of what the step throws
 * or a cause of that cause, at most 10 causes deep (for example {@code new RuntimeException(e)},
 * a {@code CompletionException} or {@code ExecutionException} from a future, an
 * {@code UncheckedIOException} around an {@code IOException} that holds it). The causes are
 * followed from the exception thrown inwards (a chain that loops ends at that depth), and never
 * past a {@link ServiceBrokerException}: that is the provider's answer and fails the operation,
 * whatever its status (a 503 too) and whatever its cause. A step says "not now" with this
 * exception and "no" with a {@code ServiceBrokerException}. (A provider's {@code lastOperation}
 * is different: there a 5xx {@code ServiceBrokerException} keeps the operation in progress, as
 * the platform asks again at its next poll.)
 *
 * <p>Only a step is run again. An {@link AsyncTask} that throws it fails (a task cannot be run
 * again safely). A synchronous {@link ServiceBroker} method that throws it gets the platform a
 * 503 with {@code Retry-After} and a generic description (the message is only logged), like a
 * {@link ServiceBrokerException} with status 503: the request failed and may be sent again.
 * {@code Retry-After} is the SDK's 5 seconds, or the {@link #retryAfter()} given to the
 * constructor: when the provider knows better (a backend's maintenance window, a rate limit's
 * reset), it says when the platform should try again. It is sent in whole seconds, rounded up,
 * and at most {@value #MAX_RETRY_AFTER_SECONDS} (an hour). A resumable step that throws it with
 * a {@code retryAfter} runs again no sooner than that (or the SDK's backoff, if longer), waiting
 * at most {@value #MAX_RETRY_AFTER_SECONDS} seconds for it and never past the operation's
 * deadline: a wait that would pass it ends at the deadline, where the operation fails. The
 * replica keeps the operation's lease meanwhile, so no other replica takes it over.
 *
 * <p>Its message is logged: keep secrets out of it. The class is not final so that the SDK's
 * stores can throw a subclass of their own (broker-core's {@code StoreUnavailableException});
 * every subclass counts the same. Providers throw this class itself.
 */
public class TemporarilyUnavailableException extends RuntimeException {
  /** The longest {@code Retry-After} the SDK sends for this exception, in seconds (an hour). */
  public static final long MAX_RETRY_AFTER_SECONDS = 3_600;

  private static final long serialVersionUID = 1L;

  /** The provider's own {@code Retry-After}, or null for the SDK's. */
  private final Duration retryAfter;

  /**
   * Creates the exception.
   *
   * @param message what is unavailable, without secrets; may be null
   */
  public TemporarilyUnavailableException(String message) {
    this(message, null, null);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message what is unavailable, without secrets; may be null
   * @param cause what failed (a driver's or client's exception), may be null
   */
  public TemporarilyUnavailableException(String message, Throwable cause) {
    this(message, cause, null);
  }

  /**
   * Creates the exception with the time after which the platform should try again.
   *
   * @param message what is unavailable, without secrets; may be null
   * @param cause what failed (a driver's or client's exception), may be null
   * @param retryAfter when to try again, positive; null for the SDK's 5 seconds. Sent as
   *     {@code Retry-After} in whole seconds, rounded up, at most
   *     {@value #MAX_RETRY_AFTER_SECONDS}; from a resumable step, the shortest wait before it
   *     runs again
   * @throws IllegalArgumentException when {@code retryAfter} is zero or negative
   */
  public TemporarilyUnavailableException(String message, Throwable cause, Duration retryAfter) {
    super(message, cause);
    if (retryAfter != null && (retryAfter.isZero() || retryAfter.isNegative())) {
      throw new IllegalArgumentException("retryAfter must be positive: " + retryAfter);
    }
    this.retryAfter = retryAfter;
  }

  /**
   * When the platform should try again, as given to the constructor.
   *
   * @return the provider's {@code Retry-After}, or null for the SDK's 5 seconds
   */
  public Duration retryAfter() {
    return retryAfter;
  }
}
