package io.github.osbsdk.broker.core.async;

import io.github.osbsdk.broker.api.OperationState;
import java.time.Instant;
import java.util.Objects;

/**
 * One SDK-tracked operation.
 *
 * @param id the operation id sent to the platform
 * @param kind what the operation does
 * @param instanceId the service instance id (decoded)
 * @param bindingId the binding id for binding operations, else null
 * @param fingerprint identifies the request; an identical repeat has the same fingerprint
 * @param requestId the id of the request that started the operation
 * @param state the state
 * @param description user-facing text of a finished operation, may be null
 * @param instanceUsable {@code instance_usable} of a failed update or deprovision, may be null
 * @param updateRepeatable {@code update_repeatable} of a failed update, may be null
 * @param startedAt when it started
 * @param finishedAt when it finished, null while in progress
 */
public record TrackedOperation(String id, OperationKind kind, String instanceId,
    String bindingId, String fingerprint, String requestId, OperationState state,
    String description, Boolean instanceUsable, Boolean updateRepeatable, Instant startedAt,
    Instant finishedAt) {

  /** Validates. */
  public TrackedOperation {
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(kind, "kind == null");
    Objects.requireNonNull(instanceId, "instanceId == null");
    Objects.requireNonNull(fingerprint, "fingerprint == null");
    Objects.requireNonNull(state, "state == null");
    Objects.requireNonNull(startedAt, "startedAt == null");
    if (kind.isBindingOperation() != (bindingId != null)) {
      throw new IllegalArgumentException("bindingId must be set exactly for binding operations");
    }
  }

  /**
   * @param id the operation id
   * @param kind what it does
   * @param instanceId the instance id
   * @param bindingId the binding id, null for instance operations
   * @param fingerprint the request's fingerprint
   * @param requestId the starting request's id
   * @param now the start time
   * @return a new in-progress operation
   */
  public static TrackedOperation start(String id, OperationKind kind, String instanceId,
      String bindingId, String fingerprint, String requestId, Instant now) {
    return new TrackedOperation(id, kind, instanceId, bindingId, fingerprint, requestId,
        OperationState.IN_PROGRESS, null, null, null, now, null);
  }

  /**
   * @param state {@code SUCCEEDED} or {@code FAILED}
   * @param description user-facing text, may be null
   * @param instanceUsable may be null
   * @param updateRepeatable may be null
   * @param now the finish time
   * @return the finished copy
   */
  public TrackedOperation finish(OperationState state, String description,
      Boolean instanceUsable, Boolean updateRepeatable, Instant now) {
    if (state == OperationState.IN_PROGRESS) {
      throw new IllegalArgumentException("a finished operation cannot be in progress");
    }
    return new TrackedOperation(id, kind, instanceId, bindingId, fingerprint, requestId, state,
        description, instanceUsable, updateRepeatable, startedAt, Objects.requireNonNull(now, "now == null"));
  }

  /** @return whether the operation is still running */
  public boolean inProgress() {
    return state == OperationState.IN_PROGRESS;
  }
}
