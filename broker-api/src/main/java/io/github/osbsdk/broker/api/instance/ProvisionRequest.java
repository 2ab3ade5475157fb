package io.github.osbsdk.broker.api.instance;

import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.catalog.MaintenanceInfo;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.api.context.PlatformContext;
import io.github.osbsdk.broker.api.internal.JsonCopies;
import io.github.osbsdk.broker.api.internal.MaskedValues;
import java.util.Map;
import java.util.Objects;

/**
 * {@code PUT /v2/service_instances/:instance_id}.
 *
 * @param instanceId the instance id from the path, decoded once (IBM Cloud: the instance CRN)
 * @param service the catalog service named by {@code service_id}
 * @param plan the catalog plan named by {@code plan_id}
 * @param context the platform context, may be null
 * @param parameters the {@code parameters} object, validated against the plan's schema; empty
 *     when none was sent
 * @param maintenanceInfo {@code maintenance_info} as sent, may be null
 * @param organizationGuid deprecated {@code organization_guid}, may be null
 * @param spaceGuid deprecated {@code space_guid}, may be null
 * @param acceptsIncomplete whether the platform accepts an asynchronous answer
 * @param requestContext headers, caller and ids of this request
 */
public record ProvisionRequest(String instanceId, ServiceOffering service, Plan plan,
    PlatformContext context, Map<String, Object> parameters, MaintenanceInfo maintenanceInfo,
    String organizationGuid, String spaceGuid, boolean acceptsIncomplete,
    RequestContext requestContext) {

  /**
   * Validates and copies.
   *
   * @param instanceId the instance id from the path, decoded once (IBM Cloud: the instance CRN)
   * @param service the catalog service named by {@code service_id}
   * @param plan the catalog plan named by {@code plan_id}
   * @param context the platform context, may be null
   * @param parameters the {@code parameters} object, validated against the plan's schema; empty
   *     when none was sent (null is taken as empty)
   * @param maintenanceInfo {@code maintenance_info} as sent, may be null
   * @param organizationGuid deprecated {@code organization_guid}, may be null
   * @param spaceGuid deprecated {@code space_guid}, may be null
   * @param acceptsIncomplete whether the platform accepts an asynchronous answer
   * @param requestContext headers, caller and ids of this request
   */
  public ProvisionRequest {
    Objects.requireNonNull(instanceId, "instanceId == null");
    Objects.requireNonNull(service, "service == null");
    Objects.requireNonNull(plan, "plan == null");
    parameters = JsonCopies.map(parameters);
    Objects.requireNonNull(requestContext, "requestContext == null");
  }

  /**
   * The service the platform provisions ({@code service_id}; the SDK has checked it is in the
   * catalog).
   *
   * @return {@code service_id}
   */
  public String serviceId() {
    return service.id();
  }

  /**
   * The plan the platform provisions ({@code plan_id}; the SDK has checked it belongs to the
   * service).
   *
   * @return {@code plan_id}
   */
  public String planId() {
    return plan.id();
  }

  /**
   * Describes the request for logs without the values of its parameters and context.
   *
   * @return the request, its {@code parameters} and context values masked
   */
  @Override
  public String toString() {
    return "ProvisionRequest[instanceId=" + instanceId + ", serviceId=" + service.id()
        + ", planId=" + plan.id() + ", context=" + context + ", parameters="
        + MaskedValues.keys(parameters) + ", maintenanceInfo=" + maintenanceInfo
        + ", organizationGuid=" + organizationGuid + ", spaceGuid=" + spaceGuid
        + ", acceptsIncomplete=" + acceptsIncomplete + ", requestContext=" + requestContext + "]";
  }
}
