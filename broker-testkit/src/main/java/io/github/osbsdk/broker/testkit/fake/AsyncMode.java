package io.github.osbsdk.broker.testkit.fake;

/** How the {@link FakeServiceBroker} answers an asynchronous plan. */
public enum AsyncMode {
  /**
   * Answers 202 with an {@link io.github.osbsdk.broker.api.AsyncTask}: the SDK's operation tracker
   * runs it and answers {@code last_operation}.
   */
  TASK,
  /**
   * Answers 202 with an operation id of its own and answers {@code lastOperation} and
   * {@code lastBindingOperation} itself.
   */
  SELF_TRACKED
}
