package io.github.osbsdk.broker.core.store;

/**
 * What an operation does. New constants may appear in a minor release: a {@code switch} over it
 * needs a default branch.
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
