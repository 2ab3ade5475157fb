package io.github.osbsdk.broker.api.instance;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.osbsdk.broker.api.internal.JsonCopies;
import io.github.osbsdk.broker.api.internal.MaskedValues;
import io.github.osbsdk.broker.api.internal.UrlSecrets;
import io.github.osbsdk.broker.api.catalog.MaintenanceInfo;
import java.util.Map;

/**
 * The body of a successful {@code GET /v2/service_instances/:instance_id}.
 *
 * <p>A provider adding to the answer starts from {@code FetchInstanceRequest.recorded()} and
 * changes it with the {@code with...} methods. The ids are the registry's: an answer whose
 * {@code service_id} or {@code plan_id} is null gets the recorded one, and one naming another
 * service or plan is a provider bug (500, logged).
 *
 * @param serviceId the service id, may be null
 * @param planId the plan id, may be null
 * @param dashboardUrl the dashboard URL, may be null
 * @param parameters the instance's parameters, a deeply unmodifiable copy, empty when none
 *     (null is taken as empty; an empty one is not written)
 * @param maintenanceInfo the instance's maintenance info, may be null: as the SDK records it, the
 *     version the provision or the last update sent; an update changing the plan without
 *     {@code maintenance_info} leaves none (the old plan's version says nothing about the new plan)
 * @param metadata labels and attributes, may be null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record InstanceDetails(
    @JsonProperty("service_id") String serviceId,
    @JsonProperty("plan_id") String planId,
    @JsonProperty("dashboard_url") String dashboardUrl,
    @JsonProperty("parameters") @JsonInclude(JsonInclude.Include.NON_EMPTY)
        Map<String, Object> parameters,
    @JsonProperty("maintenance_info") MaintenanceInfo maintenanceInfo,
    @JsonProperty("metadata") InstanceMetadata metadata) {
  /**
   * Copies the parameters.
   *
   * @param serviceId the service id, or null
   * @param planId the plan id, or null
   * @param dashboardUrl the dashboard URL, or null
   * @param parameters the instance's parameters, or null for none
   * @param maintenanceInfo the instance's maintenance info, or null
   * @param metadata labels and attributes, or null
   */
  public InstanceDetails {
    parameters = JsonCopies.map(parameters);
  }

  /**
   * A copy with another dashboard URL.
   *
   * @param url the dashboard URL, or null for none
   * @return the copy
   */
  public InstanceDetails withDashboardUrl(String url) {
    return new InstanceDetails(serviceId, planId, url, parameters, maintenanceInfo, metadata);
  }

  /**
   * A copy with other parameters.
   *
   * @param newParameters the parameters, or null for none
   * @return the copy
   */
  public InstanceDetails withParameters(Map<String, Object> newParameters) {
    return new InstanceDetails(serviceId, planId, dashboardUrl, newParameters, maintenanceInfo,
        metadata);
  }

  /**
   * A copy with other maintenance info.
   *
   * @param newMaintenanceInfo the maintenance info, or null for none
   * @return the copy
   */
  public InstanceDetails withMaintenanceInfo(MaintenanceInfo newMaintenanceInfo) {
    return new InstanceDetails(serviceId, planId, dashboardUrl, parameters, newMaintenanceInfo,
        metadata);
  }

  /**
   * A copy with other metadata, e.g. the recorded labels with live attributes:
   * {@code recorded.withMetadata(new InstanceMetadata(recorded.metadata().labels(), attrs))}.
   *
   * @param newMetadata labels and attributes, or null for none
   * @return the copy
   */
  public InstanceDetails withMetadata(InstanceMetadata newMetadata) {
    return new InstanceDetails(serviceId, planId, dashboardUrl, parameters, maintenanceInfo,
        newMetadata);
  }

  /**
   * Describes the instance for logs without the values of its parameters.
   *
   * @return the details, the {@code parameters} values and the dashboard URL's secrets masked
   */
  @Override
  public String toString() {
    return "InstanceDetails[serviceId=" + serviceId + ", planId=" + planId + ", dashboardUrl="
        + UrlSecrets.maskUrl(dashboardUrl) + ", parameters=" + MaskedValues.keys(parameters)
        + ", maintenanceInfo=" + maintenanceInfo + ", metadata=" + metadata + "]";
  }
}
