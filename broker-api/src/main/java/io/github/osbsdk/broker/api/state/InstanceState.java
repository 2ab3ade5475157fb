package io.github.osbsdk.broker.api.state;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of {@code GET} and {@code PUT /bluemix_v1/service_instances/:instance_id}.
 *
 * @param enabled whether IBM Cloud has the instance enabled
 * @param active whether the instance is in use
 * @param lastActive epoch milliseconds of the last activity
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InstanceState(
    @JsonProperty("enabled") boolean enabled,
    @JsonProperty("active") boolean active,
    @JsonProperty("last_active") long lastActive) {}
