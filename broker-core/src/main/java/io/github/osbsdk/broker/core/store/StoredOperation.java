package io.github.osbsdk.broker.core.store;

import io.github.osbsdk.broker.api.OperationType;
import io.github.osbsdk.broker.api.internal.MaskedValues;
import java.time.Instant;
import java.util.Objects;

/**
 * An operation on an instance or a binding. Every mutation the SDK lets through is one: a
 * synchronous one lives only while the provider's call runs (it is what makes a concurrent
 * mutation get {@code ConcurrencyError}); an asynchronous one stays readable after it finished,
 * for {@code last_operation}, until it is purged.
 *
 * @param id the operation id sent to the platform as {@code operation}
 * @param instanceId the instance
 * @param bindingId the binding, or null for an instance operation
 * @param type what it does
 * @param status its state
 * @param description user-facing text of a finished operation, or null
 * @param instanceUsable {@code instance_usable} of a failed update or deprovision, or null
 * @param updateRepeatable {@code update_repeatable} of a failed update, or null
 * @param fingerprint the fingerprint of the request that started it (identical repeats join it)
 * @param async whether the platform was answered 202
 * @param owner the replica running it, or null for an operation the provider tracks itself
 * @param leaseExpiry until when the owner holds it; null when no replica runs it (provider-tracked
 *     or finished)
 * @param attempt how many times a replica started it (1 for the first run)
 * @param stepName the name of the resumable step that does the work, or null
 * @param stepArguments the step's JSON arguments, or null
 * @param externalOperation the provider's own operation id when the provider tracks it, or null
 * @param payload SDK-private JSON the SDK needs to finish the operation on any replica, or null
 * @param requestId the request id that started it, or null
 * @param createdAt when it started
 * @param finishedAt when it finished, or null
 */
public record StoredOperation(String id, String instanceId, String bindingId, OperationType type,
    OperationStatus status, String description, Boolean instanceUsable,
    Boolean updateRepeatable, String fingerprint, boolean async, String owner,
    Instant leaseExpiry, int attempt, String stepName, String stepArguments,
    String externalOperation, String payload, String requestId, Instant createdAt,
    Instant finishedAt) {

  /**
   * Checks the required fields.
   *
   * @param id the operation id sent to the platform as {@code operation}
   * @param instanceId the instance
   * @param bindingId the binding, or null for an instance operation
   * @param type what it does
   * @param status its state
   * @param description user-facing text of a finished operation, or null
   * @param instanceUsable {@code instance_usable} of a failed update or deprovision, or null
   * @param updateRepeatable {@code update_repeatable} of a failed update, or null
   * @param fingerprint the fingerprint of the request that started it (identical repeats join it)
   * @param async whether the platform was answered 202
   * @param owner the replica running it, or null for an operation the provider tracks itself
   * @param leaseExpiry until when the owner holds it; null when no replica runs it
   *     (provider-tracked or finished)
   * @param attempt how many times a replica started it (1 for the first run)
   * @param stepName the name of the resumable step that does the work, or null
   * @param stepArguments the step's JSON arguments, or null
   * @param externalOperation the provider's own operation id when the provider tracks it, or null
   * @param payload SDK-private JSON the SDK needs to finish the operation on any replica, or null
   * @param requestId the request id that started it, or null
   * @param createdAt when it started
   * @param finishedAt when it finished, or null
   */
  public StoredOperation {
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(instanceId, "instanceId == null");
    Objects.requireNonNull(type, "type == null");
    Objects.requireNonNull(status, "status == null");
    Objects.requireNonNull(fingerprint, "fingerprint == null");
    Objects.requireNonNull(createdAt, "createdAt == null");
    if (type.onBinding() != (bindingId != null)) {
      throw new IllegalArgumentException(type + " needs bindingId " + (type.onBinding()
          ? "set" : "null"));
    }
  }

  /**
   * Starts a synchronous operation owned by a replica.
   *
   * @param id the operation id
   * @param instanceId the instance
   * @param bindingId the binding, or null
   * @param type what it does
   * @param fingerprint the request fingerprint
   * @param owner the replica
   * @param leaseExpiry the lease
   * @param requestId the request id, or null
   * @param payload SDK-private JSON, or null
   * @param now the start time
   * @return the operation
   */
  public static StoredOperation start(String id, String instanceId, String bindingId,
      OperationType type, String fingerprint, String owner, Instant leaseExpiry,
      String requestId, String payload, Instant now) {
    return new StoredOperation(id, instanceId, bindingId, type, OperationStatus.IN_PROGRESS,
        null, null, null, fingerprint, false, owner, leaseExpiry, 1, null, null, null, payload,
        requestId, now, null);
  }

  /**
   * Whether the operation is running.
   *
   * @return true while in progress
   */
  public boolean inProgress() {
    return status == OperationStatus.IN_PROGRESS;
  }

  /**
   * The same operation, answered asynchronously.
   *
   * @param newStepName the resumable step, or null
   * @param newStepArguments its JSON arguments, or null
   * @param newExternalOperation the provider's operation id when it tracks it, or null
   * @param newPayload SDK-private JSON, or null
   * @param newLeaseExpiry the lease; null for a provider-tracked operation
   * @return the copy
   */
  public StoredOperation accepted(String newStepName, String newStepArguments,
      String newExternalOperation, String newPayload, Instant newLeaseExpiry) {
    return new StoredOperation(id, instanceId, bindingId, type, status, description,
        instanceUsable, updateRepeatable, fingerprint, true,
        newExternalOperation != null ? null : owner, newLeaseExpiry, attempt, newStepName,
        newStepArguments, newExternalOperation, newPayload, requestId, createdAt, finishedAt);
  }

  /**
   * The same operation with another SDK-private payload.
   *
   * @param newPayload SDK-private JSON, or null
   * @return the copy
   */
  public StoredOperation withPayload(String newPayload) {
    return new StoredOperation(id, instanceId, bindingId, type, status, description,
        instanceUsable, updateRepeatable, fingerprint, async, owner, leaseExpiry, attempt,
        stepName, stepArguments, externalOperation, newPayload, requestId, createdAt,
        finishedAt);
  }

  /**
   * Describes the operation for logs without the values of its step arguments and private payload.
   *
   * @return the operation, its step arguments and SDK-private payload masked
   */
  @Override
  public String toString() {
    return "StoredOperation[id=" + id + ", instanceId=" + instanceId + ", bindingId=" + bindingId
        + ", type=" + type + ", status=" + status + ", async=" + async + ", owner=" + owner
        + ", attempt=" + attempt + ", stepName=" + stepName + ", stepArguments="
        + MaskedValues.text(stepArguments) + ", payload=" + MaskedValues.text(payload)
        + ", requestId=" + requestId + "]";
  }
}
