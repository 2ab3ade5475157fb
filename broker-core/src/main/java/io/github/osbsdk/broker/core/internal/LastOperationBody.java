package io.github.osbsdk.broker.core.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.osbsdk.broker.api.LastOperation;
import io.github.osbsdk.broker.api.OperationState;
import java.util.Objects;

/**
 * The JSON body of {@code GET .../last_operation}, written from a {@link LastOperation}.
 *
 * @param state the state (required)
 * @param description user-facing text, may be null
 * @param instanceUsable only for a failed operation, may be null
 * @param updateRepeatable only for a failed operation, may be null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record LastOperationBody(
    @JsonProperty("state") OperationState state,
    @JsonProperty("description") String description,
    @JsonProperty("instance_usable") Boolean instanceUsable,
    @JsonProperty("update_repeatable") Boolean updateRepeatable) {
  /** Checks the state. */
  public LastOperationBody {
    Objects.requireNonNull(state, "state == null");
  }

  /**
   * The body of an answer.
   *
   * @param answer the answer
   * @param bindingEndpoint whether the binding endpoint answers (no instance flags there)
   * @return the body
   */
  public static LastOperationBody of(LastOperation answer, boolean bindingEndpoint) {
    if (answer instanceof LastOperation.Failed f && !bindingEndpoint) {
      return new LastOperationBody(f.state(), f.description(), f.instanceUsable(),
          f.updateRepeatable());
    }
    return new LastOperationBody(answer.state(), answer.description(), null, null);
  }
}
