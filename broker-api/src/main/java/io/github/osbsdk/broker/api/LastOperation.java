package io.github.osbsdk.broker.api;

import java.time.Duration;
import java.util.Objects;

/**
 * A provider's answer to {@code GET .../last_operation} for an operation it tracks itself
 * ({@link ServiceBroker#lastOperation}, {@link ServiceBroker#lastBindingOperation}): in
 * progress, succeeded or failed, each case with only what OSB 2.17 allows for it. The SDK writes
 * the body ({@code state}, {@code description}, {@code instance_usable},
 * {@code update_repeatable}) and the {@code Retry-After} header from it.
 *
 * <p>{@code instance_usable} and {@code update_repeatable} exist only on {@link Failed}, the one
 * state for which the specification gives them a meaning; the SDK further drops them where the
 * operation does not allow them ({@code instance_usable} is kept for updates and deprovisions,
 * {@code update_repeatable} for updates, neither on the binding endpoint). {@code Retry-After}
 * exists only on {@link InProgress}, the one state after which the platform polls again.
 */
public sealed interface LastOperation {
  /**
   * The {@code state} field of the {@code last_operation} answer.
   *
   * @return the {@code state} on the wire
   */
  OperationState state();

  /**
   * The {@code description} field of the {@code last_operation} answer, shown to the user.
   *
   * @return the user-facing {@code description}, or null
   */
  String description();

  /**
   * The operation still runs: the platform polls {@code last_operation} again.
   *
   * @return {@code in progress} without description
   */
  static InProgress inProgress() {
    return new InProgress(null, null);
  }

  /**
   * The operation still runs, with a progress text the platform shows to the user.
   *
   * @param description user-facing text, may be null
   * @return {@code in progress}
   */
  static InProgress inProgress(String description) {
    return new InProgress(description, null);
  }

  /**
   * The operation has finished: the platform stops polling and takes the resource as ready (or
   * gone).
   *
   * @return {@code succeeded} without description
   */
  static Succeeded succeeded() {
    return new Succeeded(null);
  }

  /**
   * The operation has finished, with a text the platform shows to the user.
   *
   * @param description user-facing text, may be null
   * @return {@code succeeded}
   */
  static Succeeded succeeded(String description) {
    return new Succeeded(description);
  }

  /**
   * The operation has failed: the platform stops polling and shows the description to the user.
   *
   * @param description user-facing text, may be null
   * @return {@code failed}, without {@code instance_usable} or {@code update_repeatable}
   */
  static Failed failed(String description) {
    return new Failed(description, null, null);
  }

  /**
   * The operation still runs: the platform polls again, after {@code retryAfter} when given.
   *
   * @param description user-facing text, may be null
   * @param retryAfter sent as the {@code Retry-After} header in whole seconds (rounded down; no
   *     header under 1 s, as for {@code Broker.Builder.retryAfter}; never more than the time
   *     left until the operation's deadline, its plan's {@code maximum_polling_duration}), may
   *     be null for none
   */
  record InProgress(String description, Duration retryAfter) implements LastOperation {
    /**
     * Checks the wait.
     *
     * @throws IllegalArgumentException for a negative {@code retryAfter}
     */
    public InProgress {
      if (retryAfter != null && retryAfter.isNegative()) {
        throw new IllegalArgumentException("retryAfter must not be negative: " + retryAfter);
      }
    }

    /**
     * Always {@code in progress}: the platform polls again.
     *
     * @return {@link OperationState#IN_PROGRESS}
     */
    @Override
    public OperationState state() {
      return OperationState.IN_PROGRESS;
    }

    /**
     * Asks the platform to wait before its next poll ({@code Retry-After}).
     *
     * @param wait how long the platform should wait before it polls again
     * @return a copy with it
     */
    public InProgress withRetryAfter(Duration wait) {
      return new InProgress(description, Objects.requireNonNull(wait, "wait == null"));
    }
  }

  /**
   * The operation succeeded.
   *
   * @param description user-facing text, may be null
   */
  record Succeeded(String description) implements LastOperation {
    /**
     * Always {@code succeeded}: the platform stops polling.
     *
     * @return {@link OperationState#SUCCEEDED}
     */
    @Override
    public OperationState state() {
      return OperationState.SUCCEEDED;
    }
  }

  /**
   * The operation failed.
   *
   * @param description user-facing text, may be null
   * @param instanceUsable after a failed update or deprovision: whether the instance still works,
   *     may be null (dropped for other operations)
   * @param updateRepeatable after a failed update: whether it may be repeated, may be null
   *     (dropped for other operations)
   */
  record Failed(String description, Boolean instanceUsable, Boolean updateRepeatable)
      implements LastOperation {
    /**
     * Always {@code failed}: the platform stops polling.
     *
     * @return {@link OperationState#FAILED}
     */
    @Override
    public OperationState state() {
      return OperationState.FAILED;
    }

    /**
     * Tells the platform whether the instance still works after a failed update or deprovision.
     *
     * @param usable {@code instance_usable}
     * @return a copy with it
     */
    public Failed withInstanceUsable(boolean usable) {
      return new Failed(description, usable, updateRepeatable);
    }

    /**
     * Tells the platform whether the failed update may be sent again.
     *
     * @param repeatable {@code update_repeatable}
     * @return a copy with it
     */
    public Failed withUpdateRepeatable(boolean repeatable) {
      return new Failed(description, instanceUsable, repeatable);
    }
  }
}
