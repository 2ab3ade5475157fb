package io.github.osbsdk.broker.testkit.requests;

import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.binding.BindingLastOperationRequest;
import java.util.Objects;

/**
 * Builds a {@link BindingLastOperationRequest} (a binding's {@code last_operation}, asked with the
 * provider's own operation id); start with {@link ProviderRequests#lastBindingOperation}.
 */
public final class BindingLastOperationRequestBuilder {
  private final String operation;
  private String instanceId = ProviderRequests.INSTANCE_ID;
  private String bindingId = ProviderRequests.BINDING_ID;
  private String serviceId;
  private String planId;
  private RequestContext requestContext = ProviderRequests.requestContext();

  BindingLastOperationRequestBuilder(String operation) {
    this.operation = operation;
  }

  /**
   * Sets the instance id.
   *
   * @param id the instance id (default {@code instance-1})
   * @return this
   */
  public BindingLastOperationRequestBuilder instanceId(String id) {
    this.instanceId = Objects.requireNonNull(id, "id == null");
    return this;
  }

  /**
   * Sets the binding id.
   *
   * @param id the binding id (default {@code binding-1})
   * @return this
   */
  public BindingLastOperationRequestBuilder bindingId(String id) {
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
  public BindingLastOperationRequestBuilder query(String sentServiceId, String sentPlanId) {
    this.serviceId = sentServiceId;
    this.planId = sentPlanId;
    return this;
  }

  /**
   * Sets the request context.
   *
   * @param ctx the context (default {@link ProviderRequests#requestContext()})
   * @return this
   */
  public BindingLastOperationRequestBuilder requestContext(RequestContext ctx) {
    this.requestContext = Objects.requireNonNull(ctx, "ctx == null");
    return this;
  }

  /**
   * Builds the request.
   *
   * @return the request
   */
  public BindingLastOperationRequest build() {
    return new BindingLastOperationRequest(instanceId, bindingId, serviceId, planId, operation,
        requestContext);
  }
}
