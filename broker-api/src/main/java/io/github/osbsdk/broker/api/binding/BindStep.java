package io.github.osbsdk.broker.api.binding;

import io.github.osbsdk.broker.api.ResumableStep;
import io.github.osbsdk.broker.api.StepContext;

/**
 * A {@link ResumableStep} of an asynchronous bind that delivers the binding when it ends.
 * Register it by name with the broker builder's {@code bindStep} (given to {@code step}, a
 * lambda or method reference that returns the binding would be taken as a plain
 * {@link ResumableStep} and its result dropped) and start it from a bind with
 * {@code BindResult.accepted(AsyncWork.step(name, arguments))}.
 * It runs, and on another replica runs again, as any resumable step does; what the run that
 * ends the operation returns is recorded as a {@link BindTask}'s result is: encrypted with the
 * credential key (not stored without one), in the same write that marks the operation
 * {@code succeeded}, and checked as a synchronous bind's result (a result that fails a check, or
 * null, ends the operation {@code failed} with a generic description, the details logged).
 *
 * <p>Only a bind can run a {@code BindStep}: a provision, update, deprovision or unbind that
 * names one is a provider bug, refused before its work starts (answered 500, logged, nothing
 * left running). A plain {@link ResumableStep} still serves a bind that delivers nothing: its
 * credentials then come from {@code ServiceBroker.fetchBinding}.
 */
@FunctionalInterface
public interface BindStep extends ResumableStep {
  /**
   * Does (or finishes) the work and delivers the binding.
   *
   * @param context the operation, its target and the step's arguments
   * @return the binding, e.g. {@code BindResult.bound(credentials)}; not null
   * @throws Exception when the operation failed
   */
  BindResult.Bound bind(StepContext context) throws Exception;

  /**
   * Runs {@link #bind(StepContext)}, dropping what it delivers; the SDK calls {@code bind}.
   *
   * @param context the operation, its target and the step's arguments
   * @throws Exception when the operation failed
   */
  @Override
  default void run(StepContext context) throws Exception {
    bind(context);
  }
}
