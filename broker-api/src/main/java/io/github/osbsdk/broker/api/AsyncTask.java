package io.github.osbsdk.broker.api;

/**
 * Code that does the work of an asynchronous operation on the replica that accepted it (see
 * {@link AsyncWork#task(AsyncTask)}).
 *
 * <p>Returning normally marks the operation {@code succeeded}. A thrown
 * {@link ServiceBrokerException} marks it {@code failed} with its description (and, for updates
 * and deprovisions, its {@code instance_usable}/{@code update_repeatable}), except that for a
 * deprovision or an unbind {@link ServiceBrokerException#gone(String)} (410) means that what it
 * deletes was already gone: the operation succeeds and the SDK forgets the instance (binding), as
 * when {@code deprovision} or {@code unbind} throws it. Any other exception fails it with a
 * generic description, the details only in the log; a
 * {@link TemporarilyUnavailableException} too, as a task cannot be run again safely (a
 * {@link ResumableStep} that throws it is run again later).
 *
 * <p>If the replica running the task loses the operation (it could not renew the operation's
 * lease in time and another replica ended the operation as failed meanwhile), the thread running
 * the task is interrupted and its outcome ignored.
 *
 * <p>A task delivers nothing, so it serves provisions, updates, deprovisions and unbinds only: an
 * asynchronous bind's task is a {@link io.github.osbsdk.broker.api.binding.BindTask}, which
 * returns the binding ({@code BindResult.accepted(AsyncWork.task(...))} does not compile).
 */
@FunctionalInterface
public interface AsyncTask {
  /**
   * Does the work.
   *
   * @throws Exception when the operation failed
   */
  void run() throws Exception;
}
