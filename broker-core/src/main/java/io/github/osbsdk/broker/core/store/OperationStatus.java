package io.github.osbsdk.broker.core.store;

/**
 * The state of an operation, as {@code last_operation} reports it. New constants may appear in a
 * minor release: a {@code switch} over it needs a default branch.
 */
public enum OperationStatus {
  /** Running. */
  IN_PROGRESS,
  /** Finished successfully. */
  SUCCEEDED,
  /** Finished with a failure. */
  FAILED
}
