package io.github.osbsdk.broker.testkit.fake;

/**
 * How the {@link FakeServiceBroker} answers an asynchronous plan. New constants may appear in a
 * minor release: a {@code switch} over it needs a default branch.
 */
public enum AsyncMode {
  /**
   * Answers 202 with an {@link io.github.osbsdk.broker.api.AsyncWork#task} the SDK runs and
   * answers {@code last_operation} for.
   */
  TASK,
  /**
   * Answers 202 with {@link io.github.osbsdk.broker.api.AsyncWork#trackedByProvider} and an
   * operation id of its own, and answers {@code lastOperation} and {@code lastBindingOperation}
   * itself.
   */
  SELF_TRACKED
}
