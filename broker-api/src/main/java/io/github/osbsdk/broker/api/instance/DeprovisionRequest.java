package io.github.osbsdk.broker.api.instance;

import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import java.util.Objects;

/**
 * {@code DELETE /v2/service_instances/:instance_id}. The broker throws
 * {@link io.github.osbsdk.broker.api.ServiceBrokerException#gone(String)} when the instance does
 * not exist.
 *
 * @param instanceId the instance id from the path, decoded once
 * @param service the catalog service named by {@code service_id}, always the instance's (the SDK
 *     answers 400 to a {@code service_id} of another service)
 * @param plan the catalog plan named by {@code plan_id}, a platform's hint: a plan of the same
 *     service other than the one the SDK recorded is passed as sent. When the catalog no longer
 *     has the instance's recorded plan (or service), a stand-in whose name is its id, so that it
 *     can still be deleted
 * @param acceptsIncomplete whether the platform accepts an asynchronous answer
 * @param instance the instance as the registry holds it when the deprovision begins: the plan,
 *     parameters and context it was provisioned (and last updated) with, so the provider can find
 *     what it made (e.g. the region a {@code location} parameter named); on the instance's own
 *     plan even when {@link #plan()} is the platform's hint of another. Also an instance whose
 *     provision failed (the platform's orphan mitigation), which may have no resource
 * @param requestContext headers, caller and ids of this request
 */
public record DeprovisionRequest(String instanceId, ServiceOffering service, Plan plan,
    boolean acceptsIncomplete, ServiceInstance instance, RequestContext requestContext) {
  /**
   * Validates.
   *
   * @param instanceId the instance id from the path, decoded once
   * @param service the catalog service named by {@code service_id}, always the instance's (the SDK
   *     answers 400 to a {@code service_id} of another service)
   * @param plan the catalog plan named by {@code plan_id}, a platform's hint: a plan of the same
   *     service other than the one the SDK recorded is passed as sent. When the catalog no longer
   *     has the instance's recorded plan (or service), a stand-in whose name is its id, so that it
   *     can still be deleted
   * @param acceptsIncomplete whether the platform accepts an asynchronous answer
   * @param instance the instance as the registry holds it when the deprovision begins: the plan,
   *     parameters and context it was provisioned (and last updated) with, so the provider can find
   *     what it made (e.g. the region a {@code location} parameter named); on the instance's own
   *     plan even when {@link #plan()} is the platform's hint of another. Also an instance whose
   *     provision failed (the platform's orphan mitigation), which may have no resource
   * @param requestContext headers, caller and ids of this request
   */
  public DeprovisionRequest {
    Objects.requireNonNull(instanceId, "instanceId == null");
    Objects.requireNonNull(service, "service == null");
    Objects.requireNonNull(plan, "plan == null");
    Objects.requireNonNull(instance, "instance == null");
    Objects.requireNonNull(requestContext, "requestContext == null");
  }
}
