package io.github.osbsdk.broker.api;

/**
 * What an operation does: the kind of the OSB request that started it. A {@link ResumableStep}
 * reads it from {@link StepContext#type()}; the SDK records it with every operation.
 */
public enum OperationType {
  /** Creates an instance. */
  PROVISION,
  /** Changes an instance. */
  UPDATE,
  /** Deletes an instance. */
  DEPROVISION,
  /** Creates a binding. */
  BIND,
  /** Deletes a binding. */
  UNBIND;

  /**
   * Whether the operation works on a binding.
   *
   * @return true for {@link #BIND} and {@link #UNBIND}
   */
  public boolean onBinding() {
    return this == BIND || this == UNBIND;
  }

  /**
   * Whether the operation deletes what it works on.
   *
   * @return true for {@link #DEPROVISION} and {@link #UNBIND}
   */
  public boolean deletes() {
    return this == DEPROVISION || this == UNBIND;
  }
}
