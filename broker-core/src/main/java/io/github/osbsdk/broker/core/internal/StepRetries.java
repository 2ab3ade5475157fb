package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.TemporarilyUnavailableException;

/**
 * Which failures of a resumable step run it again later ({@link OperationWork}): something
 * temporarily unavailable, thrown as {@link TemporarilyUnavailableException} (the provider's own,
 * or the SDK store's {@code StoreUnavailableException}) or wrapped in other exceptions as
 * their cause (a step that catches it and rethrows it as {@code new RuntimeException(e)}, a
 * {@code CompletionException} or {@code ExecutionException} from a future, an
 * {@code UncheckedIOException} around an {@code IOException} that holds it). A
 * {@link ServiceBrokerException} is the provider's answer, whatever its status (a 503 too) and
 * whatever its cause: the search stops there.
 */
final class StepRetries {
  /**
   * How many causes below the exception thrown are searched: wrappers nest a few levels deep,
   * and a chain longer than this is not followed to its end.
   */
  static final int MAX_CAUSES = 10;

  private StepRetries() {}

  /**
   * The {@link TemporarilyUnavailableException} that makes a step run again: {@code thrown}
   * itself or one of its first {@value #MAX_CAUSES} causes, searched from the outside in,
   * stopping at a {@link ServiceBrokerException}. The depth bound also ends a chain of causes
   * that loops: a loop visits again only exceptions already examined, so it cannot change the
   * answer.
   *
   * @param thrown what the step threw
   * @return the unavailability it reports, or null when it is no reason to run the step again
   */
  static TemporarilyUnavailableException unavailable(Throwable thrown) {
    Throwable t = thrown;
    for (int depth = 0; t != null && depth <= MAX_CAUSES; depth++) {
      if (t instanceof TemporarilyUnavailableException unavailable) {
        return unavailable;
      }
      if (t instanceof ServiceBrokerException) {
        return null; // the provider's answer, not an outage
      }
      t = causeOf(t);
    }
    return null;
  }

  /** The cause, or null when reading it fails (a provider's exception may override it). */
  private static Throwable causeOf(Throwable t) {
    try {
      return t.getCause();
    } catch (RuntimeException e) { // NOPMD: provider code may throw anything
      return null;
    }
  }
}
