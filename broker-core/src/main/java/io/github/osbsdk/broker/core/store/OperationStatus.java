package io.github.osbsdk.broker.core.store;

/** The state of an operation, as {@code last_operation} reports it. */
public enum OperationStatus {
  /** Running. */
  IN_PROGRESS,
  /** Finished successfully. */
  SUCCEEDED,
  /** Finished with a failure. */
  FAILED
}
