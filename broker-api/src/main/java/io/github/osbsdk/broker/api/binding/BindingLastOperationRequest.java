package io.github.osbsdk.broker.api.binding;

import io.github.osbsdk.broker.api.RequestContext;
import java.util.Objects;

/**
 * {@code GET .../service_bindings/:binding_id/last_operation}. It carries no recorded binding (a
 * poll reads only its operation): let the operation id name what the answer needs.
 *
 * @param instanceId the instance id from the path, decoded once
 * @param bindingId the binding id from the path, decoded once
 * @param serviceId the {@code service_id} query parameter, may be null
 * @param planId the {@code plan_id} query parameter, may be null
 * @param operation the provider's own operation id, as given to
 *     {@link io.github.osbsdk.broker.api.AsyncWork#trackedByProvider(String)}
 * @param requestContext headers, caller and ids of this request
 */
public record BindingLastOperationRequest(String instanceId, String bindingId, String serviceId,
    String planId, String operation, RequestContext requestContext) {
  /**
   * Validates.
   *
   * @param instanceId the instance id from the path, decoded once
   * @param bindingId the binding id from the path, decoded once
   * @param serviceId the {@code service_id} query parameter, may be null
   * @param planId the {@code plan_id} query parameter, may be null
   * @param operation the provider's own operation id, as given to {@link
   *     io.github.osbsdk.broker.api.AsyncWork#trackedByProvider(String)}; never null when the SDK
   *     asks (it asks only about such an operation), null only in a request a test builds
   * @param requestContext headers, caller and ids of this request
   */
  public BindingLastOperationRequest {
    Objects.requireNonNull(instanceId, "instanceId == null");
    Objects.requireNonNull(bindingId, "bindingId == null");
    Objects.requireNonNull(requestContext, "requestContext == null");
  }
}
