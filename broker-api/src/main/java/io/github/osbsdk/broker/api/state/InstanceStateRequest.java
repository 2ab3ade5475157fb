package io.github.osbsdk.broker.api.state;

import io.github.osbsdk.broker.api.RequestContext;
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
 * @param requestContext headers, caller and ids of this request
 */
public record InstanceStateRequest(String instanceId, InstanceState state,
    InstanceStateUpdate update, RequestContext requestContext) {
  /** Validates. */
  public InstanceStateRequest {
    Objects.requireNonNull(instanceId, "instanceId == null");
    Objects.requireNonNull(state, "state == null");
    Objects.requireNonNull(update, "update == null");
    Objects.requireNonNull(requestContext, "requestContext == null");
  }
}
