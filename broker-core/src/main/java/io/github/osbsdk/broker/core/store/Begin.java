package io.github.osbsdk.broker.core.store;

/** The outcome of starting an update, deprovision or unbind. */
public sealed interface Begin {
  /**
   * The operation was inserted (and the target marked deprovisioning or unbinding).
   *
   * @param instance the instance as it was when the operation began
   * @param binding the binding as it was (unbind only), else null
   */
  record Started(StoredInstance instance, StoredBinding binding) implements Begin {}

  /** The instance (or, for an unbind, the binding) does not exist. */
  record Missing() implements Begin {}

  /**
   * Another operation is in progress where this one would run, or the target is in a state that
   * refuses it (an update of an instance still provisioning).
   *
   * @param running the operation in progress, or null when the state alone refuses it
   */
  record Busy(StoredOperation running) implements Begin {}
}
