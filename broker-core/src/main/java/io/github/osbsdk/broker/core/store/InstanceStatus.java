package io.github.osbsdk.broker.core.store;

/**
 * The life-cycle state of a service instance in the registry. New constants may appear in a minor
 * release: a {@code switch} over it needs a default branch.
 */
public enum InstanceStatus {
  /** Claimed by a provision that has not finished yet. */
  PROVISIONING,
  /** Provisioned; updates, binds and a deprovision may follow. */
  READY,
  /**
   * A provision failed: an asynchronous one, or a synchronous one whose outcome is unknown (the
   * provider may have created the instance). The platform is expected to deprovision it; an
   * identical provision may claim it again.
   */
  PROVISION_FAILED,
  /** A deprovision is running. */
  DEPROVISIONING
}
