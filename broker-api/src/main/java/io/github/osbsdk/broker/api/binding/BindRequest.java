package io.github.osbsdk.broker.api.binding;

import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.api.context.PlatformContext;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code PUT /v2/service_instances/:instance_id/service_bindings/:binding_id}.
 *
 * <p>The SDK has already refused (400) a plan that is not bindable and (422) an instance that the
 * instance-state store marks disabled. For a rotation ({@code predecessor_binding_id} set) the
 * platform may omit {@code service_id} and {@code plan_id}: then {@link #service()} and
 * {@link #plan()} are null.
 *
 * @param instanceId the instance id from the path, decoded once
 * @param bindingId the binding id from the path, decoded once (IBM Cloud: the resource-key CRN)
 * @param service the catalog service named by {@code service_id}, null only for rotations
 * @param plan the catalog plan named by {@code plan_id}, null only for rotations
 * @param context the platform context, may be null
 * @param bindResource {@code bind_resource}, may be null
 * @param parameters the {@code parameters} object, validated against the plan's schema; empty
 *     when none was sent
 * @param predecessorBindingId the binding this one rotates, may be null
 * @param acceptsIncomplete whether the platform accepts an asynchronous answer
 * @param requestContext headers, caller and ids of this request
 */
public record BindRequest(String instanceId, String bindingId, ServiceOffering service, Plan plan,
    PlatformContext context, BindResource bindResource, Map<String, Object> parameters,
    String predecessorBindingId, boolean acceptsIncomplete, RequestContext requestContext) {

  /** Validates and copies. */
  public BindRequest {
    Objects.requireNonNull(instanceId, "instanceId == null");
    Objects.requireNonNull(bindingId, "bindingId == null");
    if (predecessorBindingId == null) {
      Objects.requireNonNull(service, "service == null");
      Objects.requireNonNull(plan, "plan == null");
    }
    parameters = parameters == null ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    Objects.requireNonNull(requestContext, "requestContext == null");
  }

  /** @return {@code service_id}, or null for a rotation that did not send it */
  public String serviceId() {
    return service == null ? null : service.id();
  }

  /** @return {@code plan_id}, or null for a rotation that did not send it */
  public String planId() {
    return plan == null ? null : plan.id();
  }

  /** @return {@code bind_resource.app_guid}, or null */
  public String appGuid() {
    return bindResource == null ? null : bindResource.appGuid();
  }
}
