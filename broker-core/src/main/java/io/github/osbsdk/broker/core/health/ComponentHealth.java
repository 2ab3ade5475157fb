package io.github.osbsdk.broker.core.health;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.osbsdk.broker.api.internal.JsonCopies;
import java.util.Map;
import java.util.Objects;

/**
 * The health of one component: {@code {"status":"UP|DOWN","details":{...}}}. Details are small,
 * secret-free values (counts, times, short reasons); never ids of instances or tokens.
 *
 * @param status the status
 * @param details what the check found, in insertion order, a deeply unmodifiable copy (empty
 *     when none)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ComponentHealth(@JsonProperty("status") HealthStatus status,
    @JsonProperty("details") Map<String, Object> details) {

  /**
   * Checks and copies.
   *
   * @param status the status
   * @param details the details
   */
  public ComponentHealth {
    Objects.requireNonNull(status, "status == null");
    details = JsonCopies.map(details);
  }

  /**
   * A working component.
   *
   * @param details what the check found
   * @return the health
   */
  public static ComponentHealth up(Map<String, Object> details) {
    return new ComponentHealth(HealthStatus.UP, details);
  }

  /**
   * A failing component.
   *
   * @param details what the check found, e.g. {@code error}
   * @return the health
   */
  public static ComponentHealth down(Map<String, Object> details) {
    return new ComponentHealth(HealthStatus.DOWN, details);
  }
}
