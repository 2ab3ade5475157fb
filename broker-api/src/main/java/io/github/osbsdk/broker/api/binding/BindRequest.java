package io.github.osbsdk.broker.api.binding;

import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.api.context.PlatformContext;
import io.github.osbsdk.broker.api.instance.ServiceInstance;
import io.github.osbsdk.broker.api.internal.JsonCopies;
import io.github.osbsdk.broker.api.internal.MaskedValues;
import java.util.Map;
import java.util.Objects;

/**
 * {@code PUT /v2/service_instances/:instance_id/service_bindings/:binding_id}.
 *
 * <p>The SDK has already refused binds to unknown instances (404), to instances being
 * provisioned, updated or deleted (422 {@code ConcurrencyError}), to disabled instances (422),
 * on plans that are not bindable (400) and with parameters the plan's schema rejects (400). For a
 * rotation ({@code predecessor_binding_id} set) the platform may omit {@code service_id} and
 * {@code plan_id}; {@link #service()} and {@link #plan()} are then the instance's.
 *
 * <p>A rotation asks for a new binding made as its predecessor was, with new credentials: the
 * SDK gives you the predecessor's recorded {@link #parameters()} and {@link #bindResource()},
 * and its {@link #context()} unless the request sent one (a rotation sending other parameters
 * or another app gets 400 without reaching you), and records them for the new binding. Issue new
 * credentials and leave the predecessor working: the platform unbinds it when it is done with
 * it. An identical repeat is answered by the SDK as for any bind.
 *
 * @param instanceId the instance id from the path, decoded once
 * @param bindingId the binding id from the path, decoded once (IBM Cloud: the resource-key CRN)
 * @param service the catalog service
 * @param plan the catalog plan
 * @param context the platform context, may be null
 * @param bindResource {@code bind_resource}, may be null
 * @param parameters the {@code parameters} object, validated against the plan's schema; empty
 *     when none was sent
 * @param predecessorBindingId the binding this one rotates (its parameters, bind resource and,
 *     unless the request sent one, context are the ones here), may be null
 * @param acceptsIncomplete whether the platform accepts an asynchronous answer
 * @param instance the instance as the registry holds it
 * @param requestContext headers, caller and ids of this request
 */
public record BindRequest(String instanceId, String bindingId, ServiceOffering service, Plan plan,
    PlatformContext context, BindResource bindResource, Map<String, Object> parameters,
    String predecessorBindingId, boolean acceptsIncomplete, ServiceInstance instance,
    RequestContext requestContext) {

  /**
   * Validates and copies.
   *
   * @param instanceId the instance id from the path, decoded once
   * @param bindingId the binding id from the path, decoded once (IBM Cloud: the resource-key CRN)
   * @param service the catalog service
   * @param plan the catalog plan
   * @param context the platform context, may be null
   * @param bindResource {@code bind_resource}, may be null
   * @param parameters the {@code parameters} object, validated against the plan's schema; empty
   *     when none was sent (null is taken as empty)
   * @param predecessorBindingId the binding this one rotates, may be null
   * @param acceptsIncomplete whether the platform accepts an asynchronous answer
   * @param instance the instance as the registry holds it
   * @param requestContext headers, caller and ids of this request
   */
  public BindRequest {
    Objects.requireNonNull(instanceId, "instanceId == null");
    Objects.requireNonNull(bindingId, "bindingId == null");
    Objects.requireNonNull(service, "service == null");
    Objects.requireNonNull(plan, "plan == null");
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
   * The {@code plan_id}.
   *
   * @return the plan id
   */
  public String planId() {
    return plan.id();
  }

  /**
   * The application bound to, if any: {@code bind_resource.app_guid}, which the SDK fills from
   * the deprecated top-level {@code app_guid} when the platform sent only that one.
   *
   * @return {@code bind_resource.app_guid}, or null
   */
  public String appGuid() {
    return bindResource == null ? null : bindResource.appGuid();
  }

  /**
   * Describes the request for logs without the values of its parameters and context.
   *
   * @return the request, its {@code parameters} and context values masked
   */
  @Override
  public String toString() {
    return "BindRequest[instanceId=" + instanceId + ", bindingId=" + bindingId + ", serviceId="
        + service.id() + ", planId=" + plan.id() + ", context=" + context + ", bindResource="
        + bindResource + ", parameters=" + MaskedValues.keys(parameters)
        + ", predecessorBindingId=" + predecessorBindingId + ", acceptsIncomplete="
        + acceptsIncomplete + ", instance=" + instance + ", requestContext=" + requestContext
        + "]";
  }
}
