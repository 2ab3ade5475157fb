package io.github.osbsdk.broker.api;

import io.github.osbsdk.broker.api.internal.JsonArguments;
import io.github.osbsdk.broker.api.internal.MaskedValues;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link ResumableStep} is told when it runs.
 *
 * <p>This is all a step is told: a step resumed by another replica has no request parameters,
 * context or plan, so whatever it needs must be in its arguments.
 *
 * @param operationId the SDK's operation id
 * @param type what the operation does
 * @param instanceId the instance id
 * @param bindingId the binding id, or null for an instance operation
 * @param arguments the step's JSON arguments as read back from JSON, the same on every attempt,
 *     the first included (unmodifiable): whole numbers as {@code Integer}, else {@code Long},
 *     else {@code BigInteger}; other numbers as {@code BigDecimal} with at least one decimal
 *     place; collections as lists (see {@link AsyncWork#step}). They are stored as plain JSON
 *     with the operation: never a place for secrets
 * @param attempt 1 on the first run, higher when another replica resumes it
 */
public record StepContext(String operationId, OperationType type, String instanceId,
    String bindingId, Map<String, Object> arguments, int attempt) {
  /**
   * Checks the fields and copies the arguments in their JSON form (see {@link AsyncWork#step}).
   *
   * @param operationId the SDK's operation id
   * @param type what the operation does
   * @param instanceId the instance id
   * @param bindingId the binding id, or null for an instance operation
   * @param arguments the step's JSON arguments, or null for none (taken as empty)
   * @param attempt 1 on the first run, higher when another replica resumes it
   * @throws IllegalArgumentException when an argument is not a JSON value
   */
  public StepContext {
    Objects.requireNonNull(operationId, "operationId == null");
    Objects.requireNonNull(type, "type == null");
    Objects.requireNonNull(instanceId, "instanceId == null");
    arguments = JsonArguments.of(arguments);
  }

  /**
   * Describes the context for logs without the values of the step's arguments.
   *
   * @return the context, the step's argument values masked
   */
  @Override
  public String toString() {
    return "StepContext[operationId=" + operationId + ", type=" + type + ", instanceId="
        + instanceId + ", bindingId=" + bindingId + ", arguments="
        + MaskedValues.keys(arguments) + ", attempt=" + attempt + "]";
  }
}
