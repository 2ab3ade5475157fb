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
 * @param plan the catalog plan the SDK recorded for the instance, whatever {@code plan_id} the
 *     platform sent (its view, which after a plan change may name the other plan, maybe since
 *     removed from the catalog; the SDK answers 400 only to a plan of another service); the
 *     operation's timeout is this plan's too. When the catalog no longer has the recorded plan
 *     (or service), a stand-in whose name is its id, so that it can still be deleted
 * @param acceptsIncomplete whether the platform accepts an asynchronous answer
 * @param instance the instance as the registry holds it when the deprovision begins: the plan,
 *     parameters and context it was provisioned (and last updated) with, so the provider can find
 *     what it made (e.g. the region a {@code location} parameter named); on the instance's own
 *     plan, which {@link #plan()} is too. Also an instance whose provision failed (the
 *     platform's orphan mitigation), which may have no resource
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
   * @param plan the catalog plan the SDK recorded for the instance, whatever {@code plan_id} the
   *     platform sent (its view, which after a plan change may name the other plan, maybe since
   *     removed from the catalog; the SDK answers 400 only to a plan of another service); the
   *     operation's timeout is this plan's too. When the catalog no longer has the recorded plan
   *     (or service), a stand-in whose name is its id, so that it can still be deleted
   * @param acceptsIncomplete whether the platform accepts an asynchronous answer
   * @param instance the instance as the registry holds it when the deprovision begins: the plan,
   *     parameters and context it was provisioned (and last updated) with, so the provider can find
   *     what it made (e.g. the region a {@code location} parameter named); on the instance's own
   *     plan, which {@link #plan()} is too. Also an instance whose provision failed (the
   *     platform's orphan mitigation), which may have no resource
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
