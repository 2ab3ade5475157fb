package io.github.osbsdk.broker.api;

/**
 * Long-running work a {@link ServiceBroker} hands to the SDK's operation tracker instead of
 * tracking the operation itself.
 *
 * <p>When a response carries a task, the SDK answers 202 with an operation id it generates, runs
 * the task in the background and answers {@code last_operation} for it ({@code in progress}, then
 * {@code succeeded}, or {@code failed} with the description of a thrown
 * {@link ServiceBrokerException}; any other exception fails the operation with a generic
 * description). While the task runs, a different mutation of the same instance gets 422
 * {@code ConcurrencyError}. After an asynchronous deprovision or unbind has succeeded,
 * {@code last_operation} answers 410 Gone.
 */
@FunctionalInterface
public interface AsyncTask {
  /**
   * Does the work; returns normally on success.
   *
   * @throws Exception when the operation failed
   */
  void run() throws Exception;
}
