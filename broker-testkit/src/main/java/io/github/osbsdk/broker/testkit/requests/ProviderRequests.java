package io.github.osbsdk.broker.testkit.requests;

import io.github.osbsdk.broker.api.RequestContext;
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
 * {@code accepts_incomplete=true}, and {@link #requestContext()}; an update, deprovision, bind
 * or unbind is about {@link #instance} of the given plan unless told otherwise.
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
    return new ServiceInstance(instanceId, service.id(), plan.id(), Map.of(), null, null, null,
        true, Instant.EPOCH);
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

  private static ServiceOffering require(ServiceOffering service, Plan plan) {
    Objects.requireNonNull(plan, "plan == null");
    return Objects.requireNonNull(service, "service == null");
  }
}
