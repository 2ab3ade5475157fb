package io.github.osbsdk.broker.testkit.requests;

import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.binding.BindingDetails;
import io.github.osbsdk.broker.api.binding.FetchBindingRequest;
import io.github.osbsdk.broker.api.binding.ServiceBinding;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import java.util.Objects;

/** Builds a {@link FetchBindingRequest}; start with {@link ProviderRequests#fetchBinding}. */
public final class FetchBindingRequestBuilder {
  private final ServiceOffering service;
  private final Plan plan;
  private String instanceId = ProviderRequests.INSTANCE_ID;
  private String bindingId = ProviderRequests.BINDING_ID;
  private String serviceId;
  private String planId;
  private BindingDetails recorded;
  private ServiceBinding binding;
  private boolean repeatedBind;
  private RequestContext requestContext = ProviderRequests.requestContext();

  FetchBindingRequestBuilder(ServiceOffering service, Plan plan) {
    this.service = service;
    this.plan = plan;
  }

  /**
   * Sets the instance id (of the default binding too).
   *
   * @param id the instance id (default {@code instance-1})
   * @return this
   */
  public FetchBindingRequestBuilder instanceId(String id) {
    this.instanceId = Objects.requireNonNull(id, "id == null");
    return this;
  }

  /**
   * Sets the binding id (of the default binding too).
   *
   * @param id the binding id (default {@code binding-1})
   * @return this
   */
  public FetchBindingRequestBuilder bindingId(String id) {
    this.bindingId = Objects.requireNonNull(id, "id == null");
    return this;
  }

  /**
   * Sets the {@code service_id} and {@code plan_id} query parameters as the platform sent them.
   *
   * @param sentServiceId the {@code service_id} sent, or null (default: not sent)
   * @param sentPlanId the {@code plan_id} sent, or null (default: not sent)
   * @return this
   */
  public FetchBindingRequestBuilder query(String sentServiceId, String sentPlanId) {
    this.serviceId = sentServiceId;
    this.planId = sentPlanId;
    return this;
  }

  /**
   * Sets what the SDK would answer unless the provider changes it.
   *
   * @param details the recorded answer (default: nothing recorded, no credentials)
   * @return this
   */
  public FetchBindingRequestBuilder recorded(BindingDetails details) {
    this.recorded = Objects.requireNonNull(details, "details == null");
    return this;
  }

  /**
   * Sets the binding as the registry holds it.
   *
   * @param stored the binding (default {@link ProviderRequests#binding} of the plan)
   * @return this
   */
  public FetchBindingRequestBuilder binding(ServiceBinding stored) {
    this.binding = Objects.requireNonNull(stored, "stored == null");
    return this;
  }

  /**
   * Asks for the answer to an identical repeated bind instead of a {@code GET}.
   *
   * @param repeated true for a repeated bind (default false: a {@code GET})
   * @return this
   */
  public FetchBindingRequestBuilder repeatedBind(boolean repeated) {
    this.repeatedBind = repeated;
    return this;
  }

  /**
   * Sets the request context.
   *
   * @param ctx the context (default {@link ProviderRequests#requestContext()})
   * @return this
   */
  public FetchBindingRequestBuilder requestContext(RequestContext ctx) {
    this.requestContext = Objects.requireNonNull(ctx, "ctx == null");
    return this;
  }

  /**
   * Builds the request.
   *
   * @return the request
   */
  public FetchBindingRequest build() {
    BindingDetails answer = recorded != null ? recorded
        : new BindingDetails(null, null, null, null, null, null, null);
    ServiceBinding stored = binding != null ? binding
        : ProviderRequests.binding(instanceId, bindingId, service, plan);
    return new FetchBindingRequest(instanceId, bindingId, serviceId, planId, answer, stored,
        requestContext, repeatedBind);
  }
}
