package io.github.osbsdk.broker.core.store;

/**
 * The life-cycle state of a service binding in the registry. New constants may appear in a minor
 * release: a {@code switch} over it needs a default branch.
 */
public enum BindingStatus {
  /** Claimed by a bind that has not finished yet. */
  BINDING,
  /** Created. */
  READY,
  /**
   * A bind failed: an asynchronous one, or a synchronous one whose outcome is unknown (the
   * provider may have created the binding); an identical bind may claim it again, an unbind
   * removes it.
   */
  BIND_FAILED,
  /** An unbind is running. */
  UNBINDING
}
