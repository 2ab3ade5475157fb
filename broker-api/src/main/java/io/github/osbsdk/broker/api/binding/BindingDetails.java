package io.github.osbsdk.broker.api.binding;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.osbsdk.broker.api.internal.NonNullElements;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of a successful fetch of a binding.
 *
 * @param credentials the credentials, may be null
 * @param syslogDrainUrl syslog drain URL, may be null
 * @param routeServiceUrl route service URL, may be null
 * @param volumeMounts volume mounts, may be null
 * @param endpoints network endpoints, may be null
 * @param parameters the parameters the binding was created with, may be null
 * @param metadata expiry and renewal, may be null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record BindingDetails(
    @JsonProperty("credentials") Map<String, Object> credentials,
    @JsonProperty("syslog_drain_url") String syslogDrainUrl,
    @JsonProperty("route_service_url") String routeServiceUrl,
    @JsonProperty("volume_mounts") List<VolumeMount> volumeMounts,
    @JsonProperty("endpoints") List<Endpoint> endpoints,
    @JsonProperty("parameters") Map<String, Object> parameters,
    @JsonProperty("metadata") BindingMetadata metadata) {

  /** Copies. */
  public BindingDetails {
    credentials = credentials == null ? null
        : Collections.unmodifiableMap(new LinkedHashMap<>(credentials));
    parameters = parameters == null ? null
        : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    volumeMounts = NonNullElements.copy(volumeMounts, "volumeMounts");
    endpoints = NonNullElements.copy(endpoints, "endpoints");
  }

  /**
   * A copy with other credentials, e.g. to add them to what the SDK recorded.
   *
   * @param newCredentials the credentials
   * @return the copy
   */
  public BindingDetails withCredentials(Map<String, Object> newCredentials) {
    return new BindingDetails(newCredentials, syslogDrainUrl, routeServiceUrl, volumeMounts,
        endpoints, parameters, metadata);
  }

  @Override
  public String toString() {
    return "BindingDetails[credentials=" + (credentials == null ? "null" : "***") + "]";
  }
}
