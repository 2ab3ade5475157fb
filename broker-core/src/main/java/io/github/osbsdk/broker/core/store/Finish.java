package io.github.osbsdk.broker.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * Ends an operation and applies its effect on the registry, all in one transaction. The finish
 * names the run of the operation it ends, by owner and attempt: the store applies it only while
 * the operation is in progress with that owner in that attempt, so a late finish of an earlier
 * run (one written again after a delay, say) never ends the run that took the operation over,
 * even when the same replica took it over. {@link #of} builds a finish of an operation as read.
 *
 * @param operationId the operation
 * @param owner the replica that ends it; the store applies nothing when the operation is no longer
 *     in progress or is owned by another replica (null: a provider-tracked operation, which has no
 *     owner)
 * @param attempt the attempt it ends ({@link StoredOperation#attempt()}, at least 1); the store
 *     applies nothing when the operation is in another attempt (it was taken over since). A
 *     provider-tracked operation has no lease, so it is never taken over and keeps the attempt
 *     it had when it was accepted: its finish names that one, like any other
 * @param status {@link OperationStatus#SUCCEEDED} or {@link OperationStatus#FAILED}
 * @param description user-facing text, or null
 * @param instanceUsable {@code instance_usable}, or null
 * @param updateRepeatable {@code update_repeatable}, or null
 * @param keepOperation whether the finished operation stays readable for {@code last_operation}
 *     (asynchronous operations); false deletes it (synchronous operations)
 * @param instance what happens to the instance row
 * @param binding what happens to the binding row
 * @param at the time
 */
public record Finish(String operationId, String owner, int attempt, OperationStatus status,
    String description, Boolean instanceUsable, Boolean updateRepeatable, boolean keepOperation,
    RowChange<StoredInstance> instance, RowChange<StoredBinding> binding, Instant at) {

  /**
   * Checks the fields.
   *
   * @param operationId the operation
   * @param owner the replica that ends it; the store applies nothing when the operation is no
   *     longer in progress or is owned by another replica (null: a provider-tracked operation,
   *     which has no owner)
   * @param attempt the attempt it ends ({@link StoredOperation#attempt()}, at least 1); the store
   *     applies nothing when the operation is in another attempt (it was taken over since). A
   *     provider-tracked operation has no lease, so it is never taken over and keeps the attempt it
   *     had when it was accepted: its finish names that one, like any other
   * @param status {@link OperationStatus#SUCCEEDED} or {@link OperationStatus#FAILED}
   * @param description user-facing text, or null
   * @param instanceUsable {@code instance_usable}, or null
   * @param updateRepeatable {@code update_repeatable}, or null
   * @param keepOperation whether the finished operation stays readable for {@code last_operation}
   *     (asynchronous operations); false deletes it (synchronous operations)
   * @param instance what happens to the instance row
   * @param binding what happens to the binding row
   * @param at the time
   */
  public Finish {
    Objects.requireNonNull(operationId, "operationId == null");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt < 1: " + attempt);
    }
    Objects.requireNonNull(status, "status == null");
    if (status == OperationStatus.IN_PROGRESS) {
      throw new IllegalArgumentException("a finish needs a final status");
    }
    Objects.requireNonNull(instance, "instance == null");
    Objects.requireNonNull(binding, "binding == null");
    Objects.requireNonNull(at, "at == null");
  }

  /**
   * A finish of an operation as read from the store (or as begun): its id, owner and attempt
   * name the run it ends.
   *
   * @param operation the operation, in the run to end
   * @param status {@link OperationStatus#SUCCEEDED} or {@link OperationStatus#FAILED}
   * @param description user-facing text, or null
   * @param instanceUsable {@code instance_usable}, or null
   * @param updateRepeatable {@code update_repeatable}, or null
   * @param keepOperation whether the finished operation stays readable
   * @param instance what happens to the instance row
   * @param binding what happens to the binding row
   * @param at the time
   * @return the finish
   */
  public static Finish of(StoredOperation operation, OperationStatus status, String description,
      Boolean instanceUsable, Boolean updateRepeatable, boolean keepOperation,
      RowChange<StoredInstance> instance, RowChange<StoredBinding> binding, Instant at) {
    Objects.requireNonNull(operation, "operation == null");
    return new Finish(operation.id(), operation.owner(), operation.attempt(), status,
        description, instanceUsable, updateRepeatable, keepOperation, instance, binding, at);
  }

  /**
   * What a finished operation does to a row.
   *
   * @param <T> the row type
   */
  public sealed interface RowChange<T> {
    /**
     * Leaves the row alone.
     *
     * @param <T> the row type
     * @return the change
     */
    static <T> RowChange<T> none() {
      return new Keep<>();
    }

    /**
     * Replaces the row (same key); an instance keeps its stored enabled state and a binding its
     * stored credentials (see {@link BrokerStore#finishOperation}).
     *
     * @param <T> the row type
     * @param row the new row
     * @return the change
     */
    static <T> RowChange<T> put(T row) {
      return new Put<>(row);
    }

    /**
     * Deletes the row; deleting an instance deletes its bindings.
     *
     * @param <T> the row type
     * @return the change
     */
    static <T> RowChange<T> delete() {
      return new Delete<>();
    }

    /**
     * Leaves the row alone.
     *
     * @param <T> the row type
     */
    record Keep<T>() implements RowChange<T> {}

    /**
     * Replaces the row.
     *
     * @param <T> the row type
     * @param row the new row
     */
    record Put<T>(T row) implements RowChange<T> {
      /**
       * Checks the row.
       *
       * @param row the new row
       */
      public Put {
        Objects.requireNonNull(row, "row == null");
      }
    }

    /**
     * Deletes the row.
     *
     * @param <T> the row type
     */
    record Delete<T>() implements RowChange<T> {}
  }
}
