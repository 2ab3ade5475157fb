package io.github.osbsdk.broker.api;

/**
 * Asynchronous work that any replica can run again: registered by name with the broker builder
 * and started with {@link AsyncWork#step(String, java.util.Map)}. If the replica running it dies,
 * the replica that takes the operation over (after its lease expired) runs it again with the same
 * arguments and {@link StepContext#attempt()} one higher, so a step must be idempotent: it checks
 * what an earlier attempt already did and finishes the rest.
 *
 * <p>A replica that could not renew its lease in time (its database unreachable, the process
 * paused for longer than the lease) may find, once it reaches the store again, that another
 * replica took the operation over meanwhile. The SDK then interrupts the thread running the step
 * there and ignores how it ends: a step that waits or loops should stop when interrupted
 * ({@link InterruptedException}, {@link Thread#isInterrupted()}).
 *
 * <p>Outcomes are as for {@link AsyncTask}, but for one: throw
 * {@link TemporarilyUnavailableException} when something the step needs (your own storage, a
 * backend) is unavailable for a while, and the SDK runs the step again later on the same replica
 * (same {@link StepContext#attempt()}, with a growing backoff), the operation still in progress,
 * until it ends or the operation's deadline passes. It counts when thrown as such or as a cause
 * (at most 10 causes deep) of what the step throws, never inside a {@link ServiceBrokerException};
 * that exception's Javadoc says exactly what counts. A {@code ServiceBrokerException} thrown by a
 * step is the provider's answer and fails the operation, whatever its status (a 503 too), unlike
 * a 5xx from {@link ServiceBroker#lastOperation}, which keeps the operation in progress.
 *
 * <p>A step delivers nothing: a bind step that delivers the binding (its credentials above all)
 * is a {@link io.github.osbsdk.broker.api.binding.BindStep}.
 */
@FunctionalInterface
public interface ResumableStep {
  /**
   * Does (or finishes) the work.
   *
   * @param context the operation, its target and the step's arguments
   * @throws Exception when the operation failed
   */
  void run(StepContext context) throws Exception;
}
