package io.github.osbsdk.broker.testkit.requests;

import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.api.instance.FetchInstanceRequest;
import io.github.osbsdk.broker.api.instance.InstanceDetails;
import io.github.osbsdk.broker.api.instance.ServiceInstance;
import java.util.Objects;

/** Builds a {@link FetchInstanceRequest}; start with {@link ProviderRequests#fetchInstance}. */
public final class FetchInstanceRequestBuilder {
  private final ServiceOffering service;
  private final Plan plan;
  private String instanceId = ProviderRequests.INSTANCE_ID;
  private String serviceId;
  private String planId;
  private InstanceDetails recorded;
  private ServiceInstance instance;
  private RequestContext requestContext = ProviderRequests.requestContext();

  FetchInstanceRequestBuilder(ServiceOffering service, Plan plan) {
    this.service = service;
    this.plan = plan;
  }

  /**
   * Sets the instance id (of the default instance too).
   *
   * @param id the instance id (default {@code instance-1})
   * @return this
   */
  public FetchInstanceRequestBuilder instanceId(String id) {
    this.instanceId = Objects.requireNonNull(id, "id == null");
    return this;
  }

  /**
   * Sets the {@code service_id} and {@code plan_id} query parameters as the platform sent them.
   *
   * @param sentServiceId the {@code service_id} sent, or null (default: not sent)
   * @param sentPlanId the {@code plan_id} sent, or null (default: not sent)
   * @return this
   */
  public FetchInstanceRequestBuilder query(String sentServiceId, String sentPlanId) {
    this.serviceId = sentServiceId;
    this.planId = sentPlanId;
    return this;
  }

  /**
   * Sets what the SDK would answer unless the provider changes it.
   *
   * @param details the recorded answer (default: the service and plan ids, nothing else)
   * @return this
   */
  public FetchInstanceRequestBuilder recorded(InstanceDetails details) {
    this.recorded = Objects.requireNonNull(details, "details == null");
    return this;
  }

  /**
   * Sets the instance as the registry holds it.
   *
   * @param stored the instance (default {@link ProviderRequests#instance} of the plan)
   * @return this
   */
  public FetchInstanceRequestBuilder instance(ServiceInstance stored) {
    this.instance = Objects.requireNonNull(stored, "stored == null");
    return this;
  }

  /**
   * Sets the request context.
   *
   * @param ctx the context (default {@link ProviderRequests#requestContext()})
   * @return this
   */
  public FetchInstanceRequestBuilder requestContext(RequestContext ctx) {
    this.requestContext = Objects.requireNonNull(ctx, "ctx == null");
    return this;
  }

  /**
   * Builds the request.
   *
   * @return the request
   */
  public FetchInstanceRequest build() {
    InstanceDetails answer = recorded != null ? recorded
        : new InstanceDetails(service.id(), plan.id(), null, null, null, null);
    ServiceInstance stored = instance != null ? instance
        : ProviderRequests.instance(instanceId, service, plan);
    return new FetchInstanceRequest(instanceId, serviceId, planId, answer, stored,
        requestContext);
  }
}
