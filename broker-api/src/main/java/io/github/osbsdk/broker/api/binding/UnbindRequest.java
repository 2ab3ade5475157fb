package io.github.osbsdk.broker.api.binding;

import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.api.instance.ServiceInstance;
import java.util.Objects;

/**
 * {@code DELETE /v2/service_instances/:instance_id/service_bindings/:binding_id}. The broker
 * throws {@link io.github.osbsdk.broker.api.ServiceBrokerException#gone(String)} when the binding
 * does not exist.
 *
 * @param instanceId the instance id from the path, decoded once
 * @param bindingId the binding id from the path, decoded once
 * @param service the catalog service named by {@code service_id}, always the binding's (the SDK
 *     answers 400 to a {@code service_id} of another service)
 * @param plan the catalog plan the SDK records for the binding's instance as the unbind begins
 *     (after a plan change the new one, as a deprovision gets; the plan the binding was made on
 *     stays in {@code binding}), whatever {@code plan_id} the platform sent (its view, which
 *     after a plan change may name the other plan, maybe since removed from the catalog; the
 *     SDK answers 400 only to a plan of another service); the operation's timeout is this
 *     plan's too. When the catalog no longer has the recorded plan (or service), a stand-in
 *     whose name is its id, so that it can still be deleted
 * @param acceptsIncomplete whether the platform accepts an asynchronous answer
 * @param instance the instance as the registry holds it when the unbind begins: its plan,
 *     parameters and context
 * @param binding the binding as the registry holds it: the parameters, {@code bind_resource} and
 *     context of the bind that created it, so the provider can find what it made. Also a
 *     binding whose bind failed (the platform's orphan mitigation), which may have nothing
 * @param requestContext headers, caller and ids of this request
 */
public record UnbindRequest(String instanceId, String bindingId, ServiceOffering service,
    Plan plan, boolean acceptsIncomplete, ServiceInstance instance, ServiceBinding binding,
    RequestContext requestContext) {
  /**
   * Validates.
   *
   * @param instanceId the instance id from the path, decoded once
   * @param bindingId the binding id from the path, decoded once
   * @param service the catalog service named by {@code service_id}, always the binding's (the SDK
   *     answers 400 to a {@code service_id} of another service)
   * @param plan the catalog plan the SDK records for the binding's instance as the unbind begins
   *     (after a plan change the new one, as a deprovision gets; the plan the binding was made on
   *     stays in {@code binding}), whatever {@code plan_id} the platform sent (its view, which
   *     after a plan change may name the other plan, maybe since removed from the catalog; the
   *     SDK answers 400 only to a plan of another service); the operation's timeout is this
   *     plan's too. When the catalog no longer has the recorded plan (or service), a stand-in
   *     whose name is its id, so that it can still be deleted
   * @param acceptsIncomplete whether the platform accepts an asynchronous answer
   * @param instance the instance as the registry holds it when the unbind begins: its plan,
   *     parameters and context
   * @param binding the binding as the registry holds it: the parameters, {@code bind_resource} and
   *     context of the bind that created it, so the provider can find what it made. Also a
   *     binding whose bind failed (the platform's orphan mitigation), which may have nothing
   * @param requestContext headers, caller and ids of this request
   */
  public UnbindRequest {
    Objects.requireNonNull(instanceId, "instanceId == null");
    Objects.requireNonNull(bindingId, "bindingId == null");
    Objects.requireNonNull(service, "service == null");
    Objects.requireNonNull(plan, "plan == null");
    Objects.requireNonNull(instance, "instance == null");
    Objects.requireNonNull(binding, "binding == null");
    Objects.requireNonNull(requestContext, "requestContext == null");
  }
}
