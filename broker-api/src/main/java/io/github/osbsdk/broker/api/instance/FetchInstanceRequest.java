package io.github.osbsdk.broker.api.instance;

import io.github.osbsdk.broker.api.RequestContext;
import java.util.Objects;

/**
 * {@code GET /v2/service_instances/:instance_id} of an instance the registry holds as
 * provisioned (unknown and still-provisioning instances get 404 and updating ones 422
 * {@code ConcurrencyError} from the SDK).
 *
 * @param instanceId the instance id from the path, decoded once
 * @param serviceId the {@code service_id} query parameter, may be null
 * @param planId the {@code plan_id} query parameter, may be null
 * @param recorded what the SDK answers unless the provider changes it: service, plan,
 *     dashboard URL, parameters, maintenance info and metadata from the registry
 * @param instance the instance as the registry holds it
 * @param requestContext headers, caller and ids of this request
 */
public record FetchInstanceRequest(String instanceId, String serviceId, String planId,
    InstanceDetails recorded, ServiceInstance instance, RequestContext requestContext) {
  /**
   * Validates.
   *
   * @param instanceId the instance id from the path, decoded once
   * @param serviceId the {@code service_id} query parameter, may be null
   * @param planId the {@code plan_id} query parameter, may be null
   * @param recorded what the SDK answers unless the provider changes it: service, plan, dashboard
   *     URL, parameters, maintenance info and metadata from the registry
   * @param instance the instance as the registry holds it
   * @param requestContext headers, caller and ids of this request
   */
  public FetchInstanceRequest {
    Objects.requireNonNull(instanceId, "instanceId == null");
    Objects.requireNonNull(recorded, "recorded == null");
    Objects.requireNonNull(instance, "instance == null");
    Objects.requireNonNull(requestContext, "requestContext == null");
  }
}
