package io.github.osbsdk.broker.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * The body of {@code GET .../last_operation} for an instance or a binding.
 *
 * <p>{@code instance_usable} and {@code update_repeatable} are only allowed on the instance
 * endpoint; the SDK drops them from binding answers.
 *
 * @param state the state (required)
 * @param description user-facing text, may be null
 * @param instanceUsable after a failed update or deprovision: whether the instance still works,
 *     may be null
 * @param updateRepeatable after a failed update: whether it may be repeated, may be null
 * @param retryAfterSeconds sent as the {@code Retry-After} header (not in the body), may be null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record LastOperation(
    @JsonProperty("state") OperationState state,
    @JsonProperty("description") String description,
    @JsonProperty("instance_usable") Boolean instanceUsable,
    @JsonProperty("update_repeatable") Boolean updateRepeatable,
    @JsonIgnore Integer retryAfterSeconds) {

  /** Validates. */
  public LastOperation {
    Objects.requireNonNull(state, "state == null");
    if (retryAfterSeconds != null && retryAfterSeconds < 0) {
      throw new IllegalArgumentException("retryAfterSeconds must be >= 0");
    }
  }

  /** @return {@code in progress} without description */
  public static LastOperation inProgress() {
    return new LastOperation(OperationState.IN_PROGRESS, null, null, null, null);
  }

  /**
   * @param description user-facing text, may be null
   * @return {@code in progress}
   */
  public static LastOperation inProgress(String description) {
    return new LastOperation(OperationState.IN_PROGRESS, description, null, null, null);
  }

  /** @return {@code succeeded} without description */
  public static LastOperation succeeded() {
    return new LastOperation(OperationState.SUCCEEDED, null, null, null, null);
  }

  /**
   * @param description user-facing text, may be null
   * @return {@code failed}
   */
  public static LastOperation failed(String description) {
    return new LastOperation(OperationState.FAILED, description, null, null, null);
  }

  /**
   * @param seconds the {@code Retry-After} value
   * @return a copy with it
   */
  public LastOperation withRetryAfter(int seconds) {
    return new LastOperation(state, description, instanceUsable, updateRepeatable, seconds);
  }

  /**
   * @param usable {@code instance_usable}
   * @return a copy with it
   */
  public LastOperation withInstanceUsable(Boolean usable) {
    return new LastOperation(state, description, usable, updateRepeatable, retryAfterSeconds);
  }

  /**
   * @param repeatable {@code update_repeatable}
   * @return a copy with it
   */
  public LastOperation withUpdateRepeatable(Boolean repeatable) {
    return new LastOperation(state, description, instanceUsable, repeatable, retryAfterSeconds);
  }
}
