package io.github.osbsdk.broker.api.state;

import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.instance.ServiceInstance;
import java.util.Objects;

/**
 * {@code PUT /bluemix_v1/service_instances/:instance_id} of an instance the registry knows, as
 * {@code ServiceBroker.instanceStateChanged} is told it: IBM Cloud enables or disables the
 * instance. The SDK answers unknown instances (404) and malformed bodies (400) itself.
 *
 * @param instanceId the instance id from the path, decoded once
 * @param state the state the SDK stores and answers once the provider returns: {@code enabled}
 *     and {@code active} as requested, {@code last_active} now for an enable, unchanged for a
 *     disable
 * @param update the request body: the requested state, who asked and why
 * @param instance the instance as the registry holds it before this change (its
 *     {@link ServiceInstance#enabled()} is the state it had), may be one still being provisioned
 * @param requestContext headers, caller and ids of this request
 */
public record InstanceStateRequest(String instanceId, InstanceState state,
    InstanceStateUpdate update, ServiceInstance instance, RequestContext requestContext) {
  /**
   * Validates.
   *
   * @param instanceId the instance id from the path, decoded once
   * @param state the state the SDK stores and answers once the provider returns: {@code enabled}
   *     and {@code active} as requested, {@code last_active} now for an enable, unchanged for a
   *     disable
   * @param update the request body: the requested state, who asked and why
   * @param instance the instance as the registry holds it before this change (its
   *     {@link ServiceInstance#enabled()} is the state it had), may be one still being
   *     provisioned
   * @param requestContext headers, caller and ids of this request
   */
  public InstanceStateRequest {
    Objects.requireNonNull(instanceId, "instanceId == null");
    Objects.requireNonNull(state, "state == null");
    Objects.requireNonNull(update, "update == null");
    Objects.requireNonNull(instance, "instance == null");
    Objects.requireNonNull(requestContext, "requestContext == null");
  }
}
