package io.github.osbsdk.broker.testkit.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.osbsdk.broker.api.binding.BindingMetadata;
import io.github.osbsdk.broker.api.binding.Endpoint;
import io.github.osbsdk.broker.api.binding.VolumeMount;
import io.github.osbsdk.broker.api.internal.JsonCopies;
import java.util.List;
import java.util.Map;

/**
 * The body of a bind answer as a broker sent it.
 *
 * <p>Maps and lists are deeply unmodifiable copies. Unlike the SDK's own values, an absent
 * field stays null here (and JSON nulls inside lists are kept): the kit checks what the broker
 * sent, and an absent list differs from an empty one on the wire.
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
  /**
   * Copies the maps and lists.
   *
   * @param credentials {@code credentials}, or null
   * @param syslogDrainUrl {@code syslog_drain_url}, or null
   * @param routeServiceUrl {@code route_service_url}, or null
   * @param volumeMounts {@code volume_mounts}, or null
   * @param endpoints {@code endpoints}, or null
   * @param metadata {@code metadata}, or null
   * @param operation {@code operation}, or null
   */
  public BindResponse {
    credentials = JsonCopies.mapOrNull(credentials);
    volumeMounts = JsonCopies.listOrNull(volumeMounts);
    endpoints = JsonCopies.listOrNull(endpoints);
  }

  /**
   * Describes the answer for reports without its credentials.
   *
   * @return the operation, the credentials masked as {@code ***} when present
   */
  @Override
  public String toString() {
    return "BindResponse[credentials=" + (credentials == null ? "null" : "***") + ", operation="
        + operation + "]";
  }
}
