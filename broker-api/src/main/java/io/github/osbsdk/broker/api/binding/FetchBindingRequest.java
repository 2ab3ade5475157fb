package io.github.osbsdk.broker.api.binding;

import io.github.osbsdk.broker.api.RequestContext;
import java.util.Objects;

/**
 * {@code GET /v2/service_instances/:instance_id/service_bindings/:binding_id}. The broker throws
 * {@link io.github.osbsdk.broker.api.ServiceBrokerException#notFound(String)} when the binding
 * does not exist or is still being created.
 *
 * @param instanceId the instance id from the path, decoded once
 * @param bindingId the binding id from the path, decoded once
 * @param serviceId the {@code service_id} query parameter, may be null
 * @param planId the {@code plan_id} query parameter, may be null
 * @param requestContext headers, caller and ids of this request
 */
public record FetchBindingRequest(String instanceId, String bindingId, String serviceId,
    String planId, RequestContext requestContext) {
  /** Validates. */
  public FetchBindingRequest {
    Objects.requireNonNull(instanceId, "instanceId == null");
    Objects.requireNonNull(bindingId, "bindingId == null");
    Objects.requireNonNull(requestContext, "requestContext == null");
  }
}
