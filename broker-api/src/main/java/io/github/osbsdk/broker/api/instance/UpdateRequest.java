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
 * <p>{@link #plan()} is the plan named by {@code plan_id} whenever the platform sent one, the
 * instance's current plan included (platforms often repeat it); it is null when no
 * {@code plan_id} was sent, or when it names the instance's own plan after that plan left the
 * catalog (a context update, see {@link #resultingPlan()}). So a non-null {@code plan()} is no
 * plan change: ask
 * {@link #changesPlan()}, and {@link #resultingPlan()} for the plan the instance has after this
 * update. The SDK has already refused (422) a change to a plan that is not updateable.
 *
 * @param instanceId the instance id from the path, decoded once
 * @param service the catalog service named by {@code service_id}; when the instance's whole
 *     service left the catalog (the SDK then passes an update of its context only), a stand-in
 *     whose name is the recorded service id, without plans
 * @param plan the catalog plan named by {@code plan_id}, which may be the current plan; null
 *     when no {@code plan_id} was sent, or it names the instance's plan the catalog no longer has
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
   * @param service the catalog service named by {@code service_id}; when the instance's whole
   *     service left the catalog (the SDK then passes an update of its context only), a stand-in
   *     whose name is the recorded service id, without plans
   * @param plan the catalog plan named by {@code plan_id}, which may be the current plan; null
   *     when no {@code plan_id} was sent, or it names the instance's plan the catalog no longer
   *     has
   * @param context the platform context, may be null
   * @param parameters the {@code parameters} object, validated against the plan's update schema;
   *     empty when none was sent (null is taken as empty)
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
   * The {@code plan_id} the request sent.
   *
   * @return the plan id as sent (the current plan's id when the platform repeats it), or null
   *     when no {@code plan_id} was sent or it names the instance's plan the catalog no longer
   *     has (as {@link #plan()})
   */
  public String planId() {
    return plan == null ? null : plan.id();
  }

  /**
   * The id of the plan the instance has after this update: the plan sent, else the current one.
   *
   * @return {@link #planId()} when it is not null, else the instance's current plan id (also
   *     when the request named that plan after it left the catalog)
   */
  public String resultingPlanId() {
    return plan == null ? instance.planId() : plan.id();
  }

  /**
   * The plan the instance has after this update: the plan sent, else the current one.
   *
   * @return {@link #plan()} when it is not null, else the catalog's plan of the instance's
   *     current plan id; null only when the catalog no longer lists that plan, or its whole
   *     service (the SDK calls {@code update} on such an instance to move it to a current plan
   *     of its service, or for an update keeping it that sends neither parameters nor
   *     {@code maintenance_info}: a change of its {@link #context()} only, the one update it
   *     passes once the service left)
   */
  public Plan resultingPlan() {
    return plan != null ? plan : service.plan(instance.planId()).orElse(null);
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
