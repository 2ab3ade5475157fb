package io.github.osbsdk.broker.api.instance;

import io.github.osbsdk.broker.api.RequestContext;
import java.util.Objects;

/**
 * {@code GET /v2/service_instances/:instance_id}. The broker throws
 * {@link io.github.osbsdk.broker.api.ServiceBrokerException#notFound(String)} when the instance
 * does not exist or is still being provisioned, and
 * {@link io.github.osbsdk.broker.api.ServiceBrokerException#concurrencyError()} while it is being
 * updated.
 *
 * @param instanceId the instance id from the path, decoded once
 * @param serviceId the {@code service_id} query parameter, may be null
 * @param planId the {@code plan_id} query parameter, may be null
 * @param requestContext headers, caller and ids of this request
 */
public record FetchInstanceRequest(String instanceId, String serviceId, String planId,
    RequestContext requestContext) {
  /** Validates. */
  public FetchInstanceRequest {
    Objects.requireNonNull(instanceId, "instanceId == null");
    Objects.requireNonNull(requestContext, "requestContext == null");
  }
}
