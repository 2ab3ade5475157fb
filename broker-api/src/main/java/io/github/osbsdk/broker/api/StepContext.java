package io.github.osbsdk.broker.api;

import io.github.osbsdk.broker.api.internal.MaskedValues;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link ResumableStep} is told when it runs.
 *
 * @param operationId the SDK's operation id
 * @param type what the operation does: {@code provision}, {@code update}, {@code deprovision},
 *     {@code bind} or {@code unbind}
 * @param instanceId the instance id
 * @param bindingId the binding id, or null for an instance operation
 * @param arguments the step's JSON arguments, as given to {@link AsyncWork#step} (copied,
 *     unmodifiable)
 * @param attempt 1 on the first run, higher when another replica resumes it
 */
public record StepContext(String operationId, String type, String instanceId, String bindingId,
    Map<String, Object> arguments, int attempt) {
  /** Checks the fields and copies the arguments. */
  public StepContext {
    Objects.requireNonNull(operationId, "operationId == null");
    Objects.requireNonNull(type, "type == null");
    Objects.requireNonNull(instanceId, "instanceId == null");
    arguments = arguments == null ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
  }

  /** @return the context, the step's argument values masked */
  @Override
  public String toString() {
    return "StepContext[operationId=" + operationId + ", type=" + type + ", instanceId="
        + instanceId + ", bindingId=" + bindingId + ", arguments="
        + MaskedValues.keys(arguments) + ", attempt=" + attempt + "]";
  }
}
