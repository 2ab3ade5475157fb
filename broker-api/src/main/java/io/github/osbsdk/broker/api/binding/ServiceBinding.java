package io.github.osbsdk.broker.api.binding;

import io.github.osbsdk.broker.api.context.PlatformContext;
import io.github.osbsdk.broker.api.internal.JsonCopies;
import io.github.osbsdk.broker.api.internal.MaskedValues;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A service binding as the SDK's registry knows it, handed to the provider with requests that
 * concern an existing binding: what the bind that created it asked for, so that a provider
 * keeping no state of its own can find what it made (the SDK does not keep the credentials here;
 * see {@link FetchBindingRequest#recorded()} for those it stores).
 *
 * @param instanceId the instance id
 * @param bindingId the binding id (IBM Cloud: the resource-key CRN)
 * @param serviceId the catalog service id of the bind
 * @param planId the catalog plan id of the bind
 * @param parameters the bind's {@code parameters}; empty when none
 * @param bindResource the bind's {@code bind_resource}, may be null
 * @param appGuid the bind's {@code bind_resource.app_guid} (or deprecated top-level
 *     {@code app_guid}), may be null
 * @param context the platform context of the bind, may be null
 * @param createdAt when the bind was accepted
 */
public record ServiceBinding(String instanceId, String bindingId, String serviceId,
    String planId, Map<String, Object> parameters, BindResource bindResource, String appGuid,
    PlatformContext context, Instant createdAt) {
  /**
   * Checks and copies.
   *
   * @param instanceId the instance id
   * @param bindingId the binding id (IBM Cloud: the resource-key CRN)
   * @param serviceId the catalog service id of the bind
   * @param planId the catalog plan id of the bind
   * @param parameters the bind's {@code parameters}; empty when none (null is taken as empty)
   * @param bindResource the bind's {@code bind_resource}, may be null
   * @param appGuid the bind's {@code bind_resource.app_guid} (or deprecated top-level
   *     {@code app_guid}), may be null
   * @param context the platform context of the bind, may be null
   * @param createdAt when the bind was accepted
   */
  public ServiceBinding {
    Objects.requireNonNull(instanceId, "instanceId == null");
    Objects.requireNonNull(bindingId, "bindingId == null");
    Objects.requireNonNull(serviceId, "serviceId == null");
    Objects.requireNonNull(planId, "planId == null");
    parameters = JsonCopies.map(parameters);
    Objects.requireNonNull(createdAt, "createdAt == null");
  }

  /**
   * Describes the binding for logs without the values of its parameters and context.
   *
   * @return the binding, its parameter and context values masked
   */
  @Override
  public String toString() {
    return "ServiceBinding[instanceId=" + instanceId + ", bindingId=" + bindingId
        + ", serviceId=" + serviceId + ", planId=" + planId + ", parameters="
        + MaskedValues.keys(parameters) + ", bindResource=" + bindResource + ", appGuid="
        + appGuid + ", context=" + context + ", createdAt=" + createdAt + "]";
  }
}
