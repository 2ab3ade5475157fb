package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.binding.BindResult;
import io.github.osbsdk.broker.core.store.OperationStatus;

/**
 * The outcome of the work of one of the {@link OperationRunner}'s operations; {@code delivered}:
 * the binding an asynchronous bind's work delivered with its success, or null.
 */
record OperationOutcome(OperationStatus status, String description, Boolean instanceUsable,
    Boolean updateRepeatable, BindResult.Bound delivered) {
  static final OperationOutcome SUCCEEDED =
      new OperationOutcome(OperationStatus.SUCCEEDED, null, null, null);
  /** Recorded when the store refuses to keep an outcome (not for lack of availability). */
  static final OperationOutcome UNRECORDABLE = failed(OperationRunner.GENERIC_FAILURE);

  /** A provider's description, as the SDK keeps it ({@link OperationDescriptions#kept}). */
  OperationOutcome {
    description = OperationDescriptions.kept(description);
  }

  OperationOutcome(OperationStatus status, String description, Boolean instanceUsable,
      Boolean updateRepeatable) {
    this(status, description, instanceUsable, updateRepeatable, null);
  }

  static OperationOutcome failed(String description) {
    return new OperationOutcome(OperationStatus.FAILED, description, null, null);
  }

  /** A success that records the binding the work delivered. */
  static OperationOutcome delivered(BindResult.Bound binding) {
    return new OperationOutcome(OperationStatus.SUCCEEDED, null, null, null, binding);
  }
}
