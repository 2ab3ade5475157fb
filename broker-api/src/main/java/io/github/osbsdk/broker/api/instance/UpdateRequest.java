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
 * {@code PATCH /v2/service_instances/:instance_id}.
 *
 * <p>When {@link #plan()} is set the platform asks for a plan change; the SDK has already refused
 * it (422) when the plan is not updateable.
 *
 * @param instanceId the instance id from the path, decoded once
 * @param service the catalog service named by {@code service_id}
 * @param plan the new catalog plan named by {@code plan_id}, may be null (no plan change)
 * @param context the platform context, may be null
 * @param parameters the {@code parameters} object, validated against the plan's update schema;
 *     empty when none was sent
 * @param previousValues {@code previous_values}, may be null
 * @param maintenanceInfo requested {@code maintenance_info}, may be null
 * @param acceptsIncomplete whether the platform accepts an asynchronous answer
 * @param instance the instance as the registry holds it before this update
 * @param requestContext headers, caller and ids of this request
 */
public record UpdateRequest(String instanceId, ServiceOffering service, Plan plan,
    PlatformContext context, Map<String, Object> parameters, PreviousValues previousValues,
    MaintenanceInfo maintenanceInfo, boolean acceptsIncomplete, ServiceInstance instance,
    RequestContext requestContext) {

  /**
   * Validates and copies.
   *
   * @param instanceId the instance id from the path, decoded once
   * @param service the catalog service named by {@code service_id}
   * @param plan the new catalog plan named by {@code plan_id}, may be null (no plan change)
   * @param context the platform context, may be null
   * @param parameters the {@code parameters} object, validated against the plan's update schema;
   *     empty when none was sent
   * @param previousValues {@code previous_values}, may be null
   * @param maintenanceInfo requested {@code maintenance_info}, may be null
   * @param acceptsIncomplete whether the platform accepts an asynchronous answer
   * @param instance the instance as the registry holds it before this update
   * @param requestContext headers, caller and ids of this request
   */
  public UpdateRequest {
    Objects.requireNonNull(instanceId, "instanceId == null");
    Objects.requireNonNull(service, "service == null");
    parameters = JsonCopies.map(parameters);
    Objects.requireNonNull(instance, "instance == null");
    Objects.requireNonNull(requestContext, "requestContext == null");
  }

  /**
   * The {@code service_id}.
   *
   * @return the service id
   */
  public String serviceId() {
    return service.id();
  }

  /**
   * The requested {@code plan_id}.
   *
   * @return the plan id, or null when the request changes no plan
   */
  public String planId() {
    return plan == null ? null : plan.id();
  }

  /**
   * Whether the request changes the plan.
   *
   * @return true when a {@code plan_id} other than the instance's current plan was sent
   */
  public boolean changesPlan() {
    return plan != null && !plan.id().equals(instance.planId());
  }

  /**
   * Describes the request for logs without the values of its parameters and context.
   *
   * @return the request, its {@code parameters} and context values masked
   */
  @Override
  public String toString() {
    return "UpdateRequest[instanceId=" + instanceId + ", serviceId=" + service.id()
        + ", planId=" + planId() + ", context=" + context + ", parameters="
        + MaskedValues.keys(parameters) + ", previousValues=" + previousValues
        + ", maintenanceInfo=" + maintenanceInfo + ", acceptsIncomplete=" + acceptsIncomplete
        + ", instance=" + instance + ", requestContext=" + requestContext + "]";
  }
}
