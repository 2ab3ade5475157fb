package io.github.osbsdk.broker.api.state;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of {@code GET} and {@code PUT /bluemix_v1/service_instances/:instance_id}, as the SDK
 * answers it from its registry. The SDK does not know whether or when an instance is used, and
 * asks the provider nothing for these values: {@code active} and {@code last_active} follow
 * {@code enabled}, not the instance's use.
 *
 * @param enabled whether IBM Cloud has the instance enabled (true from its provision until a
 *     {@code PUT} with {@code "enabled": false})
 * @param active the SDK answers the same as {@code enabled}
 * @param lastActive epoch milliseconds of when the instance was provisioned or last enabled (each
 *     {@code PUT} with {@code "enabled": true} sets it, also on an enabled instance; a disable
 *     leaves it unchanged)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InstanceState(
    @JsonProperty("enabled") boolean enabled,
    @JsonProperty("active") boolean active,
    @JsonProperty("last_active") long lastActive) {}
