package io.github.osbsdk.broker.testkit.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.osbsdk.broker.api.binding.BindingMetadata;
import io.github.osbsdk.broker.api.binding.Endpoint;
import io.github.osbsdk.broker.api.binding.VolumeMount;
import java.util.List;
import java.util.Map;

/**
 * The body of a bind answer as a broker sent it.
 *
 * @param credentials {@code credentials}, may be null
 * @param syslogDrainUrl {@code syslog_drain_url}, may be null
 * @param routeServiceUrl {@code route_service_url}, may be null
 * @param volumeMounts {@code volume_mounts}, may be null
 * @param endpoints {@code endpoints}, may be null
 * @param metadata {@code metadata}, may be null
 * @param operation {@code operation}, may be null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record BindResponse(@JsonProperty("credentials") Map<String, Object> credentials,
    @JsonProperty("syslog_drain_url") String syslogDrainUrl,
    @JsonProperty("route_service_url") String routeServiceUrl,
    @JsonProperty("volume_mounts") List<VolumeMount> volumeMounts,
    @JsonProperty("endpoints") List<Endpoint> endpoints,
    @JsonProperty("metadata") BindingMetadata metadata,
    @JsonProperty("operation") String operation) {
  @Override
  public String toString() {
    return "BindResponse[credentials=" + (credentials == null ? "null" : "***") + ", operation="
        + operation + "]";
  }
}
