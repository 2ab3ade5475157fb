package io.github.osbsdk.broker.core.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.osbsdk.broker.api.binding.BindingMetadata;
import io.github.osbsdk.broker.api.binding.Endpoint;
import io.github.osbsdk.broker.api.binding.VolumeMount;
import io.github.osbsdk.broker.api.instance.InstanceMetadata;
import io.github.osbsdk.broker.api.internal.UrlSecrets;
import java.util.List;
import java.util.Map;

/** The response bodies of the OSB endpoints, as sent on the wire. */
final class WireBodies {
  private WireBodies() {}

  /**
   * Provision and update answers; {@link #toString()} masks the dashboard URL's user info and
   * query values.
   *
   * @param dashboardUrl the dashboard URL, or null
   * @param operation the operation id (202), or null
   * @param metadata metadata, or null
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Provision(@JsonProperty("dashboard_url") String dashboardUrl,
      @JsonProperty("operation") String operation,
      @JsonProperty("metadata") InstanceMetadata metadata) {
    @Override
    public String toString() {
      return "Provision[dashboardUrl=" + UrlSecrets.maskUrl(dashboardUrl) + ", operation="
          + operation + ", metadata=" + metadata + "]";
    }
  }

  /**
   * Deprovision and unbind answers: {@code {}} or {@code {"operation": ...}}.
   *
   * @param operation the operation id (202), or null
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Operation(@JsonProperty("operation") String operation) {}

  /**
   * Bind answers.
   *
   * @param credentials credentials, or null
   * @param syslogDrainUrl syslog drain URL, or null
   * @param routeServiceUrl route service URL, or null
   * @param volumeMounts volume mounts, not written when null or empty
   * @param endpoints endpoints, not written when null or empty
   * @param metadata metadata, or null
   * @param operation the operation id (202), or null
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Bind(@JsonProperty("credentials") Map<String, Object> credentials,
      @JsonProperty("syslog_drain_url") String syslogDrainUrl,
      @JsonProperty("route_service_url") String routeServiceUrl,
      @JsonProperty("volume_mounts") @JsonInclude(JsonInclude.Include.NON_EMPTY)
          List<VolumeMount> volumeMounts,
      @JsonProperty("endpoints") @JsonInclude(JsonInclude.Include.NON_EMPTY)
          List<Endpoint> endpoints,
      @JsonProperty("metadata") BindingMetadata metadata,
      @JsonProperty("operation") String operation) {
    @Override
    public String toString() {
      return "Bind[credentials=" + (credentials == null ? "null" : "***") + "]";
    }
  }
}
