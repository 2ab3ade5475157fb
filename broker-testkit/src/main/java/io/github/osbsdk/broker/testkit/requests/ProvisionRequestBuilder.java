package io.github.osbsdk.broker.testkit.requests;

import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.catalog.MaintenanceInfo;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.api.context.PlatformContext;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import java.util.Map;
import java.util.Objects;

/** Builds a {@link ProvisionRequest}; start with {@link ProviderRequests#provision}. */
public final class ProvisionRequestBuilder {
  private final ServiceOffering service;
  private final Plan plan;
  private String instanceId = ProviderRequests.INSTANCE_ID;
  private PlatformContext context;
  private Map<String, Object> parameters = Map.of();
  private MaintenanceInfo maintenanceInfo;
  private boolean acceptsIncomplete = true;
  private RequestContext requestContext = ProviderRequests.requestContext();

  ProvisionRequestBuilder(ServiceOffering service, Plan plan) {
    this.service = service;
    this.plan = plan;
  }

  /**
   * Sets the instance id.
   *
   * @param id the instance id (default {@code instance-1})
   * @return this
   */
  public ProvisionRequestBuilder instanceId(String id) {
    this.instanceId = Objects.requireNonNull(id, "id == null");
    return this;
  }

  /**
   * Sets the platform context; the request context gets it too, as the SDK does.
   *
   * @param platformContext the context, or null for none
   * @return this
   */
  public ProvisionRequestBuilder context(PlatformContext platformContext) {
    this.context = platformContext;
    this.requestContext = requestContext.withPlatformContext(platformContext);
    return this;
  }

  /**
   * Sets the {@code parameters}.
   *
   * @param values the parameters (default none)
   * @return this
   */
  public ProvisionRequestBuilder parameters(Map<String, Object> values) {
    this.parameters = values;
    return this;
  }

  /**
   * Sets the {@code maintenance_info}.
   *
   * @param info the maintenance info, or null for none
   * @return this
   */
  public ProvisionRequestBuilder maintenanceInfo(MaintenanceInfo info) {
    this.maintenanceInfo = info;
    return this;
  }

  /**
   * Sets {@code accepts_incomplete}.
   *
   * @param accepts whether the platform accepts an asynchronous answer (default true)
   * @return this
   */
  public ProvisionRequestBuilder acceptsIncomplete(boolean accepts) {
    this.acceptsIncomplete = accepts;
    return this;
  }

  /**
   * Sets the request context.
   *
   * @param ctx the context (default {@link ProviderRequests#requestContext()})
   * @return this
   */
  public ProvisionRequestBuilder requestContext(RequestContext ctx) {
    this.requestContext = Objects.requireNonNull(ctx, "ctx == null");
    return this;
  }

  /**
   * Builds the request.
   *
   * @return the request
   */
  public ProvisionRequest build() {
    return new ProvisionRequest(instanceId, service, plan, context, parameters, maintenanceInfo,
        null, null, acceptsIncomplete, requestContext);
  }
}
