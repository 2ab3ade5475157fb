package io.github.osbsdk.broker.testkit.requests;

import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.instance.LastOperationRequest;
import java.util.Objects;

/**
 * Builds a {@link LastOperationRequest} (an instance's {@code last_operation}, asked with the
 * provider's own operation id); start with {@link ProviderRequests#lastOperation}.
 */
public final class LastOperationRequestBuilder {
  private final String operation;
  private String instanceId = ProviderRequests.INSTANCE_ID;
  private String serviceId;
  private String planId;
  private RequestContext requestContext = ProviderRequests.requestContext();

  LastOperationRequestBuilder(String operation) {
    this.operation = operation;
  }

  /**
   * Sets the instance id.
   *
   * @param id the instance id (default {@code instance-1})
   * @return this
   */
  public LastOperationRequestBuilder instanceId(String id) {
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
  public LastOperationRequestBuilder query(String sentServiceId, String sentPlanId) {
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
  public LastOperationRequestBuilder requestContext(RequestContext ctx) {
    this.requestContext = Objects.requireNonNull(ctx, "ctx == null");
    return this;
  }

  /**
   * Builds the request.
   *
   * @return the request
   */
  public LastOperationRequest build() {
    return new LastOperationRequest(instanceId, serviceId, planId, operation, requestContext);
  }
}
