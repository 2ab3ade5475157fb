package io.github.osbsdk.broker.core.async;

import java.util.Optional;

/**
 * Remembers the SDK-tracked operations of a broker: at most one in progress per service instance
 * (binding operations count for their instance), and finished ones for a retention time so late
 * polls still get an answer. Implementations must be thread-safe and must make {@link #begin}
 * atomic; the in-memory default is {@link InMemoryOperationTracker}.
 */
public interface OperationTracker {
  /**
   * Records an operation as in progress unless another operation is in progress on the same
   * service instance.
   *
   * @param operation a new in-progress operation
   * @return empty when recorded; else the operation in progress that prevented it
   */
  Optional<TrackedOperation> begin(TrackedOperation operation);

  /**
   * Records the end of an operation (replacing the in-progress record with the same id) and frees
   * its instance for the next operation.
   *
   * @param finished the finished operation
   */
  void finish(TrackedOperation finished);

  /**
   * @param operationId an operation id
   * @return the operation, unless unknown or past its retention
   */
  Optional<TrackedOperation> find(String operationId);

  /**
   * @param instanceId a service instance id
   * @return the operation in progress on the instance (or one of its bindings), if any
   */
  Optional<TrackedOperation> inProgress(String instanceId);

  /**
   * @param instanceId a service instance id
   * @param bindingId a binding id, or null for the instance's own operations
   * @return the most recent operation on the instance (or binding), unless past its retention
   */
  Optional<TrackedOperation> latest(String instanceId, String bindingId);
}
