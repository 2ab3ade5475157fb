package io.github.osbsdk.broker.testkit.requests;

import io.github.osbsdk.broker.api.OperationType;
import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.binding.ServiceBinding;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.api.instance.ServiceInstance;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Builds the requests the SDK hands a {@code ServiceBroker}, for a provider's unit tests, so
 * that the tests keep compiling when a request record gains a component in a minor release:
 *
 * <pre>{@code
 * ProvisionResult r = provider.provision(ProviderRequests.provision(SERVICE, SMALL)
 *     .parameters(Map.of("partitions", 8)).build());
 * UpdateResult u = provider.update(ProviderRequests.update(SERVICE, LARGE)
 *     .instance(ProviderRequests.instance("q-1", SERVICE, SMALL)).build());
 * }</pre>
 *
 * <p>Every builder starts from what the SDK would hand over for the smallest valid request:
 * instance id {@code instance-1} (binding id {@code binding-1}), no parameters, no context,
 * {@code accepts_incomplete=true}, no {@code service_id}/{@code plan_id} query parameters, and
 * {@link #requestContext()}; an update, deprovision, bind, unbind or fetch is about
 * {@link #instance} (and {@link #binding}) of the given plan unless told otherwise. Builders
 * cover every request of {@code ServiceBroker} but the IBM instance-state one, and the
 * {@link #stepContext StepContext} a resumable step runs with.
 */
public final class ProviderRequests {
  static final String INSTANCE_ID = "instance-1";
  static final String BINDING_ID = "binding-1";

  private ProviderRequests() {}

  /**
   * The request context of a test request: request id {@code test-request}, the current API
   * version, no originating identity, no platform context, no authenticated caller.
   *
   * @return the context; add a platform context with {@link RequestContext#withPlatformContext}
   */
  public static RequestContext requestContext() {
    return RequestContext.of("test-request");
  }

  /**
   * An instance as the registry holds it once provisioned: enabled, no parameters, no context.
   *
   * @param instanceId the instance id
   * @param service its service
   * @param plan its plan
   * @return the instance
   */
  public static ServiceInstance instance(String instanceId, ServiceOffering service, Plan plan) {
    return new ServiceInstance(instanceId, require(service, plan).id(), plan.id(), Map.of(), null,
        null, null, true, Instant.EPOCH);
  }

  /**
   * Starts a provision ({@code PUT /v2/service_instances/:instance_id}).
   *
   * @param service the catalog service
   * @param plan the catalog plan
   * @return a builder
   */
  public static ProvisionRequestBuilder provision(ServiceOffering service, Plan plan) {
    return new ProvisionRequestBuilder(require(service, plan), plan);
  }

  /**
   * Starts an update ({@code PATCH}) of an instance of {@code plan}, sending no {@code plan_id};
   * call {@link UpdateRequestBuilder#plan} to send one.
   *
   * @param service the catalog service
   * @param plan the instance's current plan
   * @return a builder
   */
  public static UpdateRequestBuilder update(ServiceOffering service, Plan plan) {
    return new UpdateRequestBuilder(require(service, plan), plan);
  }

  /**
   * Starts a deprovision ({@code DELETE /v2/service_instances/:instance_id}).
   *
   * @param service the catalog service
   * @param plan the instance's plan
   * @return a builder
   */
  public static DeprovisionRequestBuilder deprovision(ServiceOffering service, Plan plan) {
    return new DeprovisionRequestBuilder(require(service, plan), plan);
  }

  /**
   * Starts a bind ({@code PUT .../service_bindings/:binding_id}).
   *
   * @param service the catalog service
   * @param plan the instance's plan
   * @return a builder
   */
  public static BindRequestBuilder bind(ServiceOffering service, Plan plan) {
    return new BindRequestBuilder(require(service, plan), plan);
  }

  /**
   * Starts an unbind ({@code DELETE .../service_bindings/:binding_id}).
   *
   * @param service the catalog service
   * @param plan the instance's plan
   * @return a builder
   */
  public static UnbindRequestBuilder unbind(ServiceOffering service, Plan plan) {
    return new UnbindRequestBuilder(require(service, plan), plan);
  }

  /**
   * Starts a fetch of an instance ({@code GET /v2/service_instances/:instance_id}).
   *
   * @param service the catalog service
   * @param plan the instance's plan
   * @return a builder
   */
  public static FetchInstanceRequestBuilder fetchInstance(ServiceOffering service, Plan plan) {
    return new FetchInstanceRequestBuilder(require(service, plan), plan);
  }

  /**
   * Starts a fetch of a binding ({@code GET .../service_bindings/:binding_id}, or the answer to
   * an identical repeated bind).
   *
   * @param service the catalog service
   * @param plan the instance's plan
   * @return a builder
   */
  public static FetchBindingRequestBuilder fetchBinding(ServiceOffering service, Plan plan) {
    return new FetchBindingRequestBuilder(require(service, plan), plan);
  }

  /**
   * Starts an instance's {@code last_operation} for an operation the provider tracks.
   *
   * @param operation the provider's own operation id (as given to
   *     {@code AsyncWork.trackedByProvider}), not null: the SDK asks only about such an operation
   * @return a builder
   */
  public static LastOperationRequestBuilder lastOperation(String operation) {
    return new LastOperationRequestBuilder(Objects.requireNonNull(operation, "operation == null"));
  }

  /**
   * Starts a binding's {@code last_operation} for an operation the provider tracks.
   *
   * @param operation the provider's own operation id (as given to
   *     {@code AsyncWork.trackedByProvider}), not null: the SDK asks only about such an operation
   * @return a builder
   */
  public static BindingLastOperationRequestBuilder lastBindingOperation(String operation) {
    return new BindingLastOperationRequestBuilder(
        Objects.requireNonNull(operation, "operation == null"));
  }

  /**
   * Starts the context a resumable step runs with.
   *
   * @param type the operation the step does
   * @return a builder
   */
  public static StepContextBuilder stepContext(OperationType type) {
    return new StepContextBuilder(type);
  }

  /**
   * A binding as the registry holds it once created: no parameters, no {@code bind_resource}, no
   * context.
   *
   * @param instanceId the instance id
   * @param bindingId the binding id
   * @param service its instance's service
   * @param plan its instance's plan
   * @return the binding
   */
  public static ServiceBinding binding(String instanceId, String bindingId,
      ServiceOffering service, Plan plan) {
    return new ServiceBinding(instanceId, bindingId, require(service, plan).id(), plan.id(),
        Map.of(), null, null, null, Instant.EPOCH);
  }

  private static ServiceOffering require(ServiceOffering service, Plan plan) {
    Objects.requireNonNull(plan, "plan == null");
    return Objects.requireNonNull(service, "service == null");
  }
}
