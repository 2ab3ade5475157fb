package io.github.osbsdk.broker.testkit.requests;

import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.catalog.MaintenanceInfo;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.api.context.PlatformContext;
import io.github.osbsdk.broker.api.instance.PreviousValues;
import io.github.osbsdk.broker.api.instance.ServiceInstance;
import io.github.osbsdk.broker.api.instance.UpdateRequest;
import java.util.Map;
import java.util.Objects;

/** Builds an {@link UpdateRequest}; start with {@link ProviderRequests#update}. */
public final class UpdateRequestBuilder {
  private final ServiceOffering service;
  private final Plan currentPlan;
  private String instanceId = ProviderRequests.INSTANCE_ID;
  private Plan plan;
  private PlatformContext context;
  private Map<String, Object> parameters = Map.of();
  private PreviousValues previousValues;
  private MaintenanceInfo maintenanceInfo;
  private boolean acceptsIncomplete = true;
  private ServiceInstance instance;
  private RequestContext requestContext = ProviderRequests.requestContext();

  UpdateRequestBuilder(ServiceOffering service, Plan currentPlan) {
    this.service = service;
    this.currentPlan = currentPlan;
  }

  /**
   * Sets the instance id (of the default {@link ProviderRequests#instance} too).
   *
   * @param id the instance id (default {@code instance-1})
   * @return this
   */
  public UpdateRequestBuilder instanceId(String id) {
    this.instanceId = Objects.requireNonNull(id, "id == null");
    return this;
  }

  /**
   * Sends a {@code plan_id}: another plan of the service, or the current one again.
   *
   * @param sent the plan the request names, or null to send no {@code plan_id} (default)
   * @return this
   */
  public UpdateRequestBuilder plan(Plan sent) {
    this.plan = sent;
    return this;
  }

  /**
   * Sets the platform context; the request context gets it too, as the SDK does.
   *
   * @param platformContext the context, or null for none
   * @return this
   */
  public UpdateRequestBuilder context(PlatformContext platformContext) {
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
  public UpdateRequestBuilder parameters(Map<String, Object> values) {
    this.parameters = values;
    return this;
  }

  /**
   * Sets {@code previous_values}.
   *
   * @param values the previous values, or null for none
   * @return this
   */
  public UpdateRequestBuilder previousValues(PreviousValues values) {
    this.previousValues = values;
    return this;
  }

  /**
   * Sets the {@code maintenance_info}.
   *
   * @param info the maintenance info, or null for none
   * @return this
   */
  public UpdateRequestBuilder maintenanceInfo(MaintenanceInfo info) {
    this.maintenanceInfo = info;
    return this;
  }

  /**
   * Sets {@code accepts_incomplete}.
   *
   * @param accepts whether the platform accepts an asynchronous answer (default true)
   * @return this
   */
  public UpdateRequestBuilder acceptsIncomplete(boolean accepts) {
    this.acceptsIncomplete = accepts;
    return this;
  }

  /**
   * Sets the instance as the registry holds it before the update.
   *
   * @param stored the instance (default {@link ProviderRequests#instance} of the current plan)
   * @return this
   */
  public UpdateRequestBuilder instance(ServiceInstance stored) {
    this.instance = Objects.requireNonNull(stored, "stored == null");
    return this;
  }

  /**
   * Sets the request context.
   *
   * @param ctx the context (default {@link ProviderRequests#requestContext()})
   * @return this
   */
  public UpdateRequestBuilder requestContext(RequestContext ctx) {
    this.requestContext = Objects.requireNonNull(ctx, "ctx == null");
    return this;
  }

  /**
   * Builds the request.
   *
   * @return the request
   */
  public UpdateRequest build() {
    ServiceInstance stored = instance != null ? instance
        : ProviderRequests.instance(instanceId, service, currentPlan);
    return new UpdateRequest(instanceId, service, plan, context, parameters, previousValues,
        maintenanceInfo, acceptsIncomplete, stored, requestContext);
  }
}
