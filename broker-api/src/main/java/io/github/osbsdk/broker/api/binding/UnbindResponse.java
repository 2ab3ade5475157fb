package io.github.osbsdk.broker.api.binding;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.osbsdk.broker.api.AsyncTask;
import java.util.Objects;

/**
 * The answer to an unbind request: 200 {@code {}} or 202 when {@link #async()}.
 *
 * @param operation the broker's operation id, may be null
 * @param async whether the unbind continues in the background (202)
 * @param task work for the SDK's operation tracker, may be null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record UnbindResponse(
    @JsonProperty("operation") String operation,
    @JsonIgnore boolean async,
    @JsonIgnore AsyncTask task) {

  /** Validates. */
  public UnbindResponse {
    if (task != null && !async) {
      throw new IllegalArgumentException("a task needs async = true");
    }
  }

  /** @return a synchronous 200 answer */
  public static UnbindResponse done() {
    return new UnbindResponse(null, false, null);
  }

  /** @param operation the broker's operation id, may be null @return a 202 answer */
  public static UnbindResponse async(String operation) {
    return new UnbindResponse(operation, true, null);
  }

  /** @param task the work for the SDK's tracker @return a 202 answer */
  public static UnbindResponse runAsync(AsyncTask task) {
    return new UnbindResponse(null, true, Objects.requireNonNull(task, "task == null"));
  }
}
