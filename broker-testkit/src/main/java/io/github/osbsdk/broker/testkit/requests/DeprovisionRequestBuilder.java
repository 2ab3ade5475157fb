package io.github.osbsdk.broker.testkit.requests;

import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.ServiceInstance;
import java.util.Objects;

/** Builds a {@link DeprovisionRequest}; start with {@link ProviderRequests#deprovision}. */
public final class DeprovisionRequestBuilder {
  private final ServiceOffering service;
  private final Plan plan;
  private String instanceId = ProviderRequests.INSTANCE_ID;
  private boolean acceptsIncomplete = true;
  private ServiceInstance instance;
  private RequestContext requestContext = ProviderRequests.requestContext();

  DeprovisionRequestBuilder(ServiceOffering service, Plan plan) {
    this.service = service;
    this.plan = plan;
  }

  /**
   * Sets the instance id (of the default {@link ProviderRequests#instance} too).
   *
   * @param id the instance id (default {@code instance-1})
   * @return this
   */
  public DeprovisionRequestBuilder instanceId(String id) {
    this.instanceId = Objects.requireNonNull(id, "id == null");
    return this;
  }

  /**
   * Sets {@code accepts_incomplete}.
   *
   * @param accepts whether the platform accepts an asynchronous answer (default true)
   * @return this
   */
  public DeprovisionRequestBuilder acceptsIncomplete(boolean accepts) {
    this.acceptsIncomplete = accepts;
    return this;
  }

  /**
   * Sets the instance as the registry holds it.
   *
   * @param stored the instance (default {@link ProviderRequests#instance} of the plan)
   * @return this
   */
  public DeprovisionRequestBuilder instance(ServiceInstance stored) {
    this.instance = Objects.requireNonNull(stored, "stored == null");
    return this;
  }

  /**
   * Sets the request context.
   *
   * @param ctx the context (default {@link ProviderRequests#requestContext()})
   * @return this
   */
  public DeprovisionRequestBuilder requestContext(RequestContext ctx) {
    this.requestContext = Objects.requireNonNull(ctx, "ctx == null");
    return this;
  }

  /**
   * Builds the request.
   *
   * @return the request
   */
  public DeprovisionRequest build() {
    ServiceInstance stored = instance != null ? instance
        : ProviderRequests.instance(instanceId, service, plan);
    return new DeprovisionRequest(instanceId, service, plan, acceptsIncomplete, stored,
        requestContext);
  }
}
