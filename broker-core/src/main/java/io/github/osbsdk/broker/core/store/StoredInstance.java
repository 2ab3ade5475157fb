package io.github.osbsdk.broker.core.store;

import io.github.osbsdk.broker.api.internal.MaskedValues;
import java.time.Instant;
import java.util.Objects;

/**
 * A service instance as the registry keeps it. JSON-valued fields are stored as JSON text the SDK
 * writes and reads; a store keeps them verbatim.
 *
 * @param id the instance id, decoded (IBM Cloud: the instance CRN)
 * @param serviceId the catalog service id
 * @param planId the catalog plan id
 * @param fingerprint what makes a repeated provision identical (see the SDK's README)
 * @param parameters the instance's parameters as a JSON object text, or null
 * @param context the platform context of the last provision or update as JSON text, or null
 * @param organizationGuid the deprecated {@code organization_guid}, or null
 * @param spaceGuid the deprecated {@code space_guid}, or null
 * @param maintenanceInfoVersion the {@code maintenance_info.version}, or null
 * @param dashboardUrl the dashboard URL the provider returned, or null
 * @param metadata the instance metadata the provider returned as JSON text, or null
 * @param status the life-cycle state
 * @param enabled IBM Cloud's enabled flag ({@code /bluemix_v1}); true when provisioned
 * @param enabledChangedAt when the instance was provisioned or last enabled (a disable keeps
 *     it): IBM's {@code last_active}
 * @param createdAt when the instance id was claimed by its provision (an identical retry over
 *     a {@link InstanceStatus#PROVISION_FAILED} instance keeps it: see {@link #replacing})
 * @param updatedAt when the row last changed
 */
public record StoredInstance(String id, String serviceId, String planId, String fingerprint,
    String parameters, String context, String organizationGuid, String spaceGuid,
    String maintenanceInfoVersion, String dashboardUrl, String metadata, InstanceStatus status,
    boolean enabled, Instant enabledChangedAt, Instant createdAt, Instant updatedAt) {

  /**
   * Checks the required fields.
   *
   * @param id the instance id, decoded (IBM Cloud: the instance CRN)
   * @param serviceId the catalog service id
   * @param planId the catalog plan id
   * @param fingerprint what makes a repeated provision identical (see the SDK's README)
   * @param parameters the instance's parameters as a JSON object text, or null
   * @param context the platform context of the last provision or update as JSON text, or null
   * @param organizationGuid the deprecated {@code organization_guid}, or null
   * @param spaceGuid the deprecated {@code space_guid}, or null
   * @param maintenanceInfoVersion the {@code maintenance_info.version}, or null
   * @param dashboardUrl the dashboard URL the provider returned, or null
   * @param metadata the instance metadata the provider returned as JSON text, or null
   * @param status the life-cycle state
   * @param enabled IBM Cloud's enabled flag ({@code /bluemix_v1}); true when provisioned
   * @param enabledChangedAt when the instance was provisioned or last enabled (a disable keeps it):
   *     IBM's {@code last_active}
   * @param createdAt when the instance id was claimed by its provision (an identical retry
   *     over a {@link InstanceStatus#PROVISION_FAILED} instance keeps it)
   * @param updatedAt when the row last changed
   */
  public StoredInstance {
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(serviceId, "serviceId == null");
    Objects.requireNonNull(planId, "planId == null");
    Objects.requireNonNull(fingerprint, "fingerprint == null");
    Objects.requireNonNull(status, "status == null");
    Objects.requireNonNull(enabledChangedAt, "enabledChangedAt == null");
    Objects.requireNonNull(createdAt, "createdAt == null");
    Objects.requireNonNull(updatedAt, "updatedAt == null");
  }

  /**
   * A copy in another life-cycle state.
   *
   * @param newStatus the state
   * @param at when it changed
   * @return the copy
   */
  public StoredInstance withStatus(InstanceStatus newStatus, Instant at) {
    return new StoredInstance(id, serviceId, planId, fingerprint, parameters, context,
        organizationGuid, spaceGuid, maintenanceInfoVersion, dashboardUrl, metadata, newStatus,
        enabled, enabledChangedAt, createdAt, at);
  }

  /**
   * This claim as it replaces a {@link InstanceStatus#PROVISION_FAILED} instance (see
   * {@link BrokerStore#claimInstance}): with the failed instance's dashboard URL, metadata and
   * creation time, so that whoever puts the row back as failed, even without the claim's answer,
   * keeps what the earlier provider call returned, and the instance its creation time.
   *
   * @param failed the failed instance the claim replaces
   * @return the copy
   */
  public StoredInstance replacing(StoredInstance failed) {
    return new StoredInstance(id, serviceId, planId, fingerprint, parameters, context,
        organizationGuid, spaceGuid, maintenanceInfoVersion, failed.dashboardUrl(),
        failed.metadata(), status, enabled, enabledChangedAt, failed.createdAt(), updatedAt);
  }

  /**
   * A copy with IBM Cloud's enabled flag changed.
   *
   * @param newEnabled the flag
   * @param at when it changed
   * @return the copy
   */
  public StoredInstance withEnabled(boolean newEnabled, Instant at) {
    return new StoredInstance(id, serviceId, planId, fingerprint, parameters, context,
        organizationGuid, spaceGuid, maintenanceInfoVersion, dashboardUrl, metadata, status,
        newEnabled, at, createdAt, at);
  }

  /**
   * Describes the row for logs without the values of its parameters, context and metadata.
   *
   * @return the row, its stored {@code parameters}, context and metadata masked
   */
  @Override
  public String toString() {
    return "StoredInstance[id=" + id + ", serviceId=" + serviceId + ", planId=" + planId
        + ", parameters=" + MaskedValues.text(parameters) + ", context="
        + MaskedValues.text(context) + ", metadata=" + MaskedValues.text(metadata)
        + ", maintenanceInfoVersion=" + maintenanceInfoVersion + ", status=" + status
        + ", enabled=" + enabled + ", updatedAt=" + updatedAt + "]";
  }
}
