package io.github.osbsdk.broker.api.state;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Objects;

/**
 * The body of {@code GET} and {@code PUT /bluemix_v1/service_instances/:instance_id}, as the SDK
 * answers it from its registry. The SDK does not know whether or when an instance is used, and
 * asks the provider nothing for these values: {@code active} and {@code last_active} follow
 * {@code enabled}, not the instance's use.
 *
 * <p>On the wire {@code last_active} is a number of epoch milliseconds, as IBM Cloud expects
 * ({@code {"enabled":true,"active":true,"last_active":1767225600000}}); a time finer than a
 * millisecond is written truncated to the millisecond.
 *
 * @param enabled whether IBM Cloud has the instance enabled (true from its provision until a
 *     {@code PUT} with {@code "enabled": false})
 * @param active the SDK answers the same as {@code enabled}
 * @param lastActive when the instance was provisioned or last enabled (each {@code PUT} with
 *     {@code "enabled": true} sets it, also on an enabled instance; a disable leaves it
 *     unchanged); not null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"enabled", "active", "last_active"})
public record InstanceState(
    @JsonProperty("enabled") boolean enabled,
    @JsonProperty("active") boolean active,
    @JsonIgnore Instant lastActive) {

  /**
   * Checks the time.
   *
   * @throws NullPointerException when {@code lastActive} is null
   */
  public InstanceState {
    Objects.requireNonNull(lastActive, "lastActive == null");
  }

  @JsonCreator
  private static InstanceState fromWire(@JsonProperty("enabled") boolean enabled,
      @JsonProperty("active") boolean active,
      @JsonProperty("last_active") long lastActiveMillis) {
    return new InstanceState(enabled, active, Instant.ofEpochMilli(lastActiveMillis));
  }

  @JsonProperty("last_active")
  private long lastActiveMillis() {
    return lastActive.toEpochMilli();
  }
}
