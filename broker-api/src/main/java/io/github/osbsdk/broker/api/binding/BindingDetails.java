package io.github.osbsdk.broker.api.binding;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.osbsdk.broker.api.internal.JsonCopies;
import io.github.osbsdk.broker.api.internal.NonNullElements;
import java.util.List;
import java.util.Map;

/**
 * The body of a successful fetch of a binding.
 *
 * <p>Like every value of the SDK, its maps and lists are deeply unmodifiable copies, and an
 * optional list or map is empty rather than null (null is taken as empty, and an empty one is
 * not written to JSON, as an absent one was). {@code credentials} is the exception: an empty
 * object ({@code {}}) and none at all differ on the wire, so null stays null.
 *
 * @param credentials the credentials, may be null (none; not written)
 * @param syslogDrainUrl syslog drain URL, may be null
 * @param routeServiceUrl route service URL, may be null
 * @param volumeMounts volume mounts, empty when none
 * @param endpoints network endpoints, empty when none
 * @param parameters the parameters the binding was created with, empty when none
 * @param metadata expiry and renewal, may be null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record BindingDetails(
    @JsonProperty("credentials") Map<String, Object> credentials,
    @JsonProperty("syslog_drain_url") String syslogDrainUrl,
    @JsonProperty("route_service_url") String routeServiceUrl,
    @JsonProperty("volume_mounts") @JsonInclude(JsonInclude.Include.NON_EMPTY)
        List<VolumeMount> volumeMounts,
    @JsonProperty("endpoints") @JsonInclude(JsonInclude.Include.NON_EMPTY)
        List<Endpoint> endpoints,
    @JsonProperty("parameters") @JsonInclude(JsonInclude.Include.NON_EMPTY)
        Map<String, Object> parameters,
    @JsonProperty("metadata") BindingMetadata metadata) {

  /**
   * Copies the maps and lists.
   *
   * @param credentials the credentials, or null for none
   * @param syslogDrainUrl syslog drain URL, or null
   * @param routeServiceUrl route service URL, or null
   * @param volumeMounts volume mounts, or null for none; no null element
   * @param endpoints network endpoints, or null for none; no null element
   * @param parameters the parameters the binding was created with, or null for none
   * @param metadata expiry and renewal, or null
   */
  public BindingDetails {
    credentials = JsonCopies.mapOrNull(credentials);
    parameters = JsonCopies.map(parameters);
    volumeMounts = NonNullElements.copy(volumeMounts, "volumeMounts");
    endpoints = NonNullElements.copy(endpoints, "endpoints");
  }

  /**
   * A copy with other credentials, e.g. to add them to what the SDK recorded.
   *
   * @param newCredentials the credentials, or null for none
   * @return the copy
   */
  public BindingDetails withCredentials(Map<String, Object> newCredentials) {
    return new BindingDetails(newCredentials, syslogDrainUrl, routeServiceUrl, volumeMounts,
        endpoints, parameters, metadata);
  }

  /**
   * A copy with another syslog drain URL.
   *
   * @param url the syslog drain URL, or null for none
   * @return the copy
   */
  public BindingDetails withSyslogDrainUrl(String url) {
    return new BindingDetails(credentials, url, routeServiceUrl, volumeMounts, endpoints,
        parameters, metadata);
  }

  /**
   * A copy with another route service URL.
   *
   * @param url the route service URL, or null for none
   * @return the copy
   */
  public BindingDetails withRouteServiceUrl(String url) {
    return new BindingDetails(credentials, syslogDrainUrl, url, volumeMounts, endpoints,
        parameters, metadata);
  }

  /**
   * A copy with other volume mounts.
   *
   * @param newVolumeMounts the volume mounts, or null for none; no null element
   * @return the copy
   */
  public BindingDetails withVolumeMounts(List<VolumeMount> newVolumeMounts) {
    return new BindingDetails(credentials, syslogDrainUrl, routeServiceUrl, newVolumeMounts,
        endpoints, parameters, metadata);
  }

  /**
   * A copy with other endpoints.
   *
   * @param newEndpoints the endpoints, or null for none; no null element
   * @return the copy
   */
  public BindingDetails withEndpoints(List<Endpoint> newEndpoints) {
    return new BindingDetails(credentials, syslogDrainUrl, routeServiceUrl, volumeMounts,
        newEndpoints, parameters, metadata);
  }

  /**
   * A copy with other parameters.
   *
   * @param newParameters the parameters, or null for none
   * @return the copy
   */
  public BindingDetails withParameters(Map<String, Object> newParameters) {
    return new BindingDetails(credentials, syslogDrainUrl, routeServiceUrl, volumeMounts,
        endpoints, newParameters, metadata);
  }

  /**
   * A copy with other metadata.
   *
   * @param newMetadata expiry and renewal, or null for none
   * @return the copy
   */
  public BindingDetails withMetadata(BindingMetadata newMetadata) {
    return new BindingDetails(credentials, syslogDrainUrl, routeServiceUrl, volumeMounts,
        endpoints, parameters, newMetadata);
  }

  @Override
  public String toString() {
    return "BindingDetails[credentials=" + (credentials == null ? "null" : "***") + "]";
  }
}
