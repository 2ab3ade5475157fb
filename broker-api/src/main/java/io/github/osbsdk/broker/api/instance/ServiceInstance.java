package io.github.osbsdk.broker.api.instance;

import io.github.osbsdk.broker.api.context.PlatformContext;
import io.github.osbsdk.broker.api.internal.JsonCopies;
import io.github.osbsdk.broker.api.internal.MaskedValues;
import io.github.osbsdk.broker.api.internal.UrlSecrets;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A service instance as the SDK's registry knows it, handed to the provider with requests that
 * concern an existing instance.
 *
 * @param id the instance id (IBM Cloud: the instance CRN)
 * @param serviceId the catalog service id
 * @param planId the current catalog plan id
 * @param parameters the parameters of the provision, with those of later updates applied on top;
 *     empty when none
 * @param context the platform context of the last provision or update, may be null
 * @param maintenanceInfoVersion the {@code maintenance_info.version}, may be null
 * @param dashboardUrl the dashboard URL, may be null
 * @param enabled IBM Cloud's enabled flag ({@code /bluemix_v1})
 * @param createdAt when the instance was provisioned
 */
public record ServiceInstance(String id, String serviceId, String planId,
    Map<String, Object> parameters, PlatformContext context, String maintenanceInfoVersion,
    String dashboardUrl, boolean enabled, Instant createdAt) {
  /**
   * Checks and copies.
   *
   * @param id the instance id (IBM Cloud: the instance CRN)
   * @param serviceId the catalog service id
   * @param planId the current catalog plan id
   * @param parameters the parameters of the provision, with those of later updates applied on top;
   *     empty when none (null is taken as empty)
   * @param context the platform context of the last provision or update, may be null
   * @param maintenanceInfoVersion the {@code maintenance_info.version}, may be null
   * @param dashboardUrl the dashboard URL, may be null
   * @param enabled IBM Cloud's enabled flag ({@code /bluemix_v1})
   * @param createdAt when the instance was provisioned
   */
  public ServiceInstance {
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(serviceId, "serviceId == null");
    Objects.requireNonNull(planId, "planId == null");
    Objects.requireNonNull(createdAt, "createdAt == null");
    parameters = JsonCopies.map(parameters);
  }

  /**
   * Describes the instance for logs without the values of its parameters and context.
   *
   * @return the instance, its parameter and context values and dashboard URL secrets masked
   */
  @Override
  public String toString() {
    return "ServiceInstance[id=" + id + ", serviceId=" + serviceId + ", planId=" + planId
        + ", parameters=" + MaskedValues.keys(parameters) + ", context=" + context
        + ", maintenanceInfoVersion=" + maintenanceInfoVersion + ", dashboardUrl="
        + UrlSecrets.maskUrl(dashboardUrl) + ", enabled=" + enabled + ", createdAt=" + createdAt
        + "]";
  }
}
