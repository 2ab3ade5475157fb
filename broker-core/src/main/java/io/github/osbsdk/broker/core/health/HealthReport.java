package io.github.osbsdk.broker.core.health;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The result of {@link BrokerHealth#check()}:
 * {@code {"status":"UP|DOWN","components":{"store":{"status":"UP","details":{...}},...}}}.
 * The broker is {@code UP} only when every component is.
 *
 * @param status the overall status
 * @param components each component's health, in registration order
 */
public record HealthReport(@JsonProperty("status") HealthStatus status,
    @JsonProperty("components") Map<String, ComponentHealth> components) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * Checks and copies.
   *
   * @param status the overall status
   * @param components the components
   */
  public HealthReport {
    Objects.requireNonNull(status, "status == null");
    components = Collections.unmodifiableMap(new LinkedHashMap<>(
        Objects.requireNonNull(components, "components == null")));
  }

  /**
   * Whether the broker is healthy.
   *
   * @return true when {@link #status()} is {@code UP}
   */
  @JsonIgnore // not part of the report's JSON, which carries the status itself
  public boolean isUp() {
    return status == HealthStatus.UP;
  }

  /**
   * The HTTP status a health endpoint answers with. A 503 here needs no {@code Retry-After}:
   * load balancers and probes ask again on their own interval.
   *
   * @return 200 when up, 503 when down
   */
  public int httpStatus() {
    return isUp() ? 200 : 503;
  }

  /**
   * The report as JSON.
   *
   * @return {@code {"status":...,"components":{...}}}
   */
  public String toJson() {
    try {
      return MAPPER.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("health report not serializable", e);
    }
  }
}
