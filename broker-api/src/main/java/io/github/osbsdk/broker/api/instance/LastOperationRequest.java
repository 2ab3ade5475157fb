package io.github.osbsdk.broker.api.instance;

import io.github.osbsdk.broker.api.RequestContext;
import java.util.Objects;

/**
 * {@code GET /v2/service_instances/:instance_id/last_operation}. After a plan change the platform
 * polls with the old plan id. Reaches the provider only for operations it
 * tracks itself; the SDK answers unknown instances (404) and finished deprovisions (410). It
 * carries no recorded instance (a poll reads only its operation): let the operation id name what
 * the answer needs.
 *
 * @param instanceId the instance id from the path, decoded once
 * @param serviceId the {@code service_id} query parameter, may be null
 * @param planId the {@code plan_id} query parameter, may be null
 * @param operation the provider's own operation id, as given to
 *     {@link io.github.osbsdk.broker.api.AsyncWork#trackedByProvider(String)}
 * @param requestContext headers, caller and ids of this request
 */
public record LastOperationRequest(String instanceId, String serviceId, String planId,
    String operation, RequestContext requestContext) {
  /**
   * Validates.
   *
   * @param instanceId the instance id from the path, decoded once
   * @param serviceId the {@code service_id} query parameter, may be null
   * @param planId the {@code plan_id} query parameter, may be null
   * @param operation the provider's own operation id, as given to {@link
   *     io.github.osbsdk.broker.api.AsyncWork#trackedByProvider(String)}; never null when the SDK
   *     asks (it asks only about such an operation), null only in a request a test builds
   * @param requestContext headers, caller and ids of this request
   */
  public LastOperationRequest {
    Objects.requireNonNull(instanceId, "instanceId == null");
    Objects.requireNonNull(requestContext, "requestContext == null");
  }
}
