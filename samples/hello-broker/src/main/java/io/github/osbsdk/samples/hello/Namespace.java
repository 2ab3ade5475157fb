package io.github.osbsdk.samples.hello;

import io.github.osbsdk.broker.api.catalog.MaintenanceInfo;
import java.util.Map;
import java.util.Objects;

/**
 * One service instance of hello-kv as the {@link KeyValueStore} has it now: a namespace of keys
 * with its plan and IBM Cloud state. An immutable snapshot; the store holds the live state.
 *
 * @param instanceId the instance id (on IBM Cloud the instance CRN)
 * @param serviceId the service id
 * @param planId the current plan id
 * @param parameters the current parameters
 * @param maintenanceInfo the current maintenance info, may be null
 * @param dashboardUrl the dashboard URL
 * @param status the lifecycle status
 * @param enabled whether IBM Cloud has the instance enabled
 */
public record Namespace(String instanceId, String serviceId, String planId,
    Map<String, Object> parameters, MaintenanceInfo maintenanceInfo, String dashboardUrl,
    Status status, boolean enabled) {

  /** Lifecycle of a namespace. */
  public enum Status {
    /** Asynchronous provisioning is running; the namespace is invisible to fetch and bind. */
    PROVISIONING,
    /** Usable. */
    READY
  }

  /** Validates and copies. */
  public Namespace {
    Objects.requireNonNull(instanceId, "instanceId == null");
    Objects.requireNonNull(serviceId, "serviceId == null");
    Objects.requireNonNull(planId, "planId == null");
    parameters = Map.copyOf(parameters);
    Objects.requireNonNull(dashboardUrl, "dashboardUrl == null");
    Objects.requireNonNull(status, "status == null");
  }

  /**
   * Returns this namespace with another status.
   *
   * @param newStatus the status
   * @return the copy
   */
  public Namespace withStatus(Status newStatus) {
    return new Namespace(instanceId, serviceId, planId, parameters, maintenanceInfo,
        dashboardUrl, newStatus, enabled);
  }

  /**
   * Returns this namespace enabled or disabled.
   *
   * @param newEnabled whether IBM Cloud has the instance enabled
   * @return the copy
   */
  public Namespace withEnabled(boolean newEnabled) {
    return new Namespace(instanceId, serviceId, planId, parameters, maintenanceInfo,
        dashboardUrl, status, newEnabled);
  }

  /**
   * Returns this namespace after an update.
   *
   * @param newPlanId the new plan, or null to keep it
   * @param newParameters parameters to merge in (empty: none)
   * @param newMaintenance the new maintenance info, or null to keep it
   * @return the updated copy
   */
  public Namespace updated(String newPlanId, Map<String, Object> newParameters,
      MaintenanceInfo newMaintenance) {
    Map<String, Object> merged = parameters;
    if (!newParameters.isEmpty()) {
      merged = new java.util.LinkedHashMap<>(parameters);
      merged.putAll(newParameters);
    }
    return new Namespace(instanceId, serviceId, newPlanId != null ? newPlanId : planId, merged,
        newMaintenance != null ? newMaintenance : maintenanceInfo, dashboardUrl, status,
        enabled);
  }
}
