package io.github.osbsdk.broker.testkit.requests;

import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.BindResource;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.api.context.PlatformContext;
import io.github.osbsdk.broker.api.instance.ServiceInstance;
import java.util.Map;
import java.util.Objects;

/** Builds a {@link BindRequest}; start with {@link ProviderRequests#bind}. */
public final class BindRequestBuilder {
  private final ServiceOffering service;
  private final Plan plan;
  private String instanceId = ProviderRequests.INSTANCE_ID;
  private String bindingId = ProviderRequests.BINDING_ID;
  private PlatformContext context;
  private BindResource bindResource;
  private Map<String, Object> parameters = Map.of();
  private boolean acceptsIncomplete = true;
  private ServiceInstance instance;
  private RequestContext requestContext = ProviderRequests.requestContext();

  BindRequestBuilder(ServiceOffering service, Plan plan) {
    this.service = service;
    this.plan = plan;
  }

  /**
   * Sets the instance id (of the default {@link ProviderRequests#instance} too).
   *
   * @param id the instance id (default {@code instance-1})
   * @return this
   */
  public BindRequestBuilder instanceId(String id) {
    this.instanceId = Objects.requireNonNull(id, "id == null");
    return this;
  }

  /**
   * Sets the binding id.
   *
   * @param id the binding id (default {@code binding-1})
   * @return this
   */
  public BindRequestBuilder bindingId(String id) {
    this.bindingId = Objects.requireNonNull(id, "id == null");
    return this;
  }

  /**
   * Sets the platform context; the request context gets it too, as the SDK does.
   *
   * @param platformContext the context, or null for none
   * @return this
   */
  public BindRequestBuilder context(PlatformContext platformContext) {
    this.context = platformContext;
    this.requestContext = requestContext.withPlatformContext(platformContext);
    return this;
  }

  /**
   * Sets the {@code bind_resource}.
   *
   * @param resource the bind resource, or null for none
   * @return this
   */
  public BindRequestBuilder bindResource(BindResource resource) {
    this.bindResource = resource;
    return this;
  }

  /**
   * Sets the {@code parameters}.
   *
   * @param values the parameters (default none)
   * @return this
   */
  public BindRequestBuilder parameters(Map<String, Object> values) {
    this.parameters = values;
    return this;
  }

  /**
   * Sets {@code accepts_incomplete}.
   *
   * @param accepts whether the platform accepts an asynchronous answer (default true)
   * @return this
   */
  public BindRequestBuilder acceptsIncomplete(boolean accepts) {
    this.acceptsIncomplete = accepts;
    return this;
  }

  /**
   * Sets the instance as the registry holds it.
   *
   * @param stored the instance (default {@link ProviderRequests#instance} of the plan)
   * @return this
   */
  public BindRequestBuilder instance(ServiceInstance stored) {
    this.instance = Objects.requireNonNull(stored, "stored == null");
    return this;
  }

  /**
   * Sets the request context.
   *
   * @param ctx the context (default {@link ProviderRequests#requestContext()})
   * @return this
   */
  public BindRequestBuilder requestContext(RequestContext ctx) {
    this.requestContext = Objects.requireNonNull(ctx, "ctx == null");
    return this;
  }

  /**
   * Builds the request.
   *
   * @return the request
   */
  public BindRequest build() {
    ServiceInstance stored = instance != null ? instance
        : ProviderRequests.instance(instanceId, service, plan);
    return new BindRequest(instanceId, bindingId, service, plan, context, bindResource,
        parameters, null, acceptsIncomplete, stored, requestContext);
  }
}
