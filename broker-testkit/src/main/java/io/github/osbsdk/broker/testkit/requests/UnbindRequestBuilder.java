package io.github.osbsdk.broker.testkit.requests;

import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.binding.ServiceBinding;
import io.github.osbsdk.broker.api.binding.UnbindRequest;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.api.instance.ServiceInstance;
import java.util.Objects;

/** Builds an {@link UnbindRequest}; start with {@link ProviderRequests#unbind}. */
public final class UnbindRequestBuilder {
  private final ServiceOffering service;
  private final Plan plan;
  private String instanceId = ProviderRequests.INSTANCE_ID;
  private String bindingId = ProviderRequests.BINDING_ID;
  private boolean acceptsIncomplete = true;
  private ServiceInstance instance;
  private ServiceBinding binding;
  private RequestContext requestContext = ProviderRequests.requestContext();

  UnbindRequestBuilder(ServiceOffering service, Plan plan) {
    this.service = service;
    this.plan = plan;
  }

  /**
   * Sets the instance id (of the default instance and binding too).
   *
   * @param id the instance id (default {@code instance-1})
   * @return this
   */
  public UnbindRequestBuilder instanceId(String id) {
    this.instanceId = Objects.requireNonNull(id, "id == null");
    return this;
  }

  /**
   * Sets the binding id (of the default binding too).
   *
   * @param id the binding id (default {@code binding-1})
   * @return this
   */
  public UnbindRequestBuilder bindingId(String id) {
    this.bindingId = Objects.requireNonNull(id, "id == null");
    return this;
  }

  /**
   * Sets {@code accepts_incomplete}.
   *
   * @param accepts whether the platform accepts an asynchronous answer (default true)
   * @return this
   */
  public UnbindRequestBuilder acceptsIncomplete(boolean accepts) {
    this.acceptsIncomplete = accepts;
    return this;
  }

  /**
   * Sets the instance as the registry holds it.
   *
   * @param stored the instance (default {@link ProviderRequests#instance} of the plan)
   * @return this
   */
  public UnbindRequestBuilder instance(ServiceInstance stored) {
    this.instance = Objects.requireNonNull(stored, "stored == null");
    return this;
  }

  /**
   * Sets the binding as the registry holds it.
   *
   * @param stored the binding (default {@link ProviderRequests#binding} of the plan)
   * @return this
   */
  public UnbindRequestBuilder binding(ServiceBinding stored) {
    this.binding = Objects.requireNonNull(stored, "stored == null");
    return this;
  }

  /**
   * Sets the request context.
   *
   * @param ctx the context (default {@link ProviderRequests#requestContext()})
   * @return this
   */
  public UnbindRequestBuilder requestContext(RequestContext ctx) {
    this.requestContext = Objects.requireNonNull(ctx, "ctx == null");
    return this;
  }

  /**
   * Builds the request.
   *
   * @return the request
   */
  public UnbindRequest build() {
    ServiceInstance storedInstance = instance != null ? instance
        : ProviderRequests.instance(instanceId, service, plan);
    ServiceBinding storedBinding = binding != null ? binding
        : ProviderRequests.binding(instanceId, bindingId, service, plan);
    return new UnbindRequest(instanceId, bindingId, service, plan, acceptsIncomplete,
        storedInstance, storedBinding, requestContext);
  }
}
