package io.github.osbsdk.broker.core.store;

/** The life-cycle state of a service instance in the registry. */
public enum InstanceStatus {
  /** Claimed by a provision that has not finished yet. */
  PROVISIONING,
  /** Provisioned; updates, binds and a deprovision may follow. */
  READY,
  /**
   * An asynchronous provision failed. The platform is expected to deprovision it; an identical
   * provision may claim it again.
   */
  PROVISION_FAILED,
  /** A deprovision is running. */
  DEPROVISIONING
}
