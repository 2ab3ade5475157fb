package io.github.osbsdk.samples.hello;

import io.github.osbsdk.broker.api.catalog.MaintenanceInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One service instance: a namespace of keys, its bindings and its IBM Cloud state.
 *
 * <p>Thread-safe: the attributes that change together are guarded by this object's monitor; the
 * data and binding maps are concurrent, and created on first use (most instances never store a
 * key or get a binding, and every instance stays in memory).
 */
public final class Namespace {
  /** Lifecycle of a namespace. */
  public enum Status {
    /** Asynchronous provisioning is running; the namespace is invisible to fetch and bind. */
    PROVISIONING,
    /** Usable. */
    READY
  }

  private final String instanceId;
  private final String serviceId;
  private final Map<String, Object> provisionParameters;
  private final String dashboardUrl;
  private volatile ConcurrentMap<String, StoredValue> data;
  private volatile ConcurrentMap<String, BindingCredentials> bindings;
  private String planId;
  private Map<String, Object> parameters;
  private MaintenanceInfo maintenanceInfo;
  private Status status;
  private volatile boolean enabled = true;

  Namespace(String instanceId, String serviceId, String planId, Map<String, Object> parameters,
      MaintenanceInfo maintenanceInfo, String dashboardUrl, Status status) {
    this.instanceId = Objects.requireNonNull(instanceId, "instanceId == null");
    this.serviceId = Objects.requireNonNull(serviceId, "serviceId == null");
    this.planId = Objects.requireNonNull(planId, "planId == null");
    this.provisionParameters = Map.copyOf(parameters);
    this.parameters = this.provisionParameters;
    this.maintenanceInfo = maintenanceInfo;
    this.dashboardUrl = dashboardUrl;
    this.status = Objects.requireNonNull(status, "status == null");
  }

  /** @return the instance id */
  public String instanceId() {
    return instanceId;
  }

  /** @return the service id */
  public String serviceId() {
    return serviceId;
  }

  /** @return the dashboard URL */
  public String dashboardUrl() {
    return dashboardUrl;
  }

  /** @return the current plan id */
  public synchronized String planId() {
    return planId;
  }

  /** @return the current parameters */
  public synchronized Map<String, Object> parameters() {
    return parameters;
  }

  /** @return the current maintenance info, may be null */
  public synchronized MaintenanceInfo maintenanceInfo() {
    return maintenanceInfo;
  }

  /** @return the lifecycle status */
  public synchronized Status status() {
    return status;
  }

  /** @return whether IBM Cloud has the instance enabled */
  public boolean enabled() {
    return enabled;
  }

  /** @param enabled whether IBM Cloud has the instance enabled */
  void enabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** Marks asynchronous provisioning as done. */
  synchronized void ready() {
    status = Status.READY;
  }

  /**
   * @param otherServiceId the service id of a repeated provision
   * @param otherPlanId the plan id of a repeated provision
   * @param otherParameters the parameters of a repeated provision
   * @return whether a repeated provision asks for exactly this namespace
   */
  synchronized boolean sameAs(String otherServiceId, String otherPlanId,
      Map<String, Object> otherParameters) {
    return serviceId.equals(otherServiceId) && planId.equals(otherPlanId)
        && provisionParameters.equals(otherParameters);
  }

  /**
   * Applies an update.
   *
   * @param newPlanId the new plan, or null to keep it
   * @param newParameters parameters to merge in (empty: none)
   * @param newMaintenance the new maintenance info, or null to keep it
   * @return an error description when the update cannot be applied, else empty
   */
  synchronized Optional<String> update(String newPlanId, Map<String, Object> newParameters,
      MaintenanceInfo newMaintenance) {
    ConcurrentMap<String, StoredValue> d = data;
    int keys = d == null ? 0 : d.size();
    if (newPlanId != null && keys > HelloCatalog.maxKeys(newPlanId)) {
      return Optional.of("The namespace holds " + keys + " keys; the requested plan"
          + " allows " + HelloCatalog.maxKeys(newPlanId) + ". Delete keys first.");
    }
    if (newPlanId != null) {
      planId = newPlanId;
    }
    if (!newParameters.isEmpty()) {
      Map<String, Object> merged = new LinkedHashMap<>(parameters);
      merged.putAll(newParameters);
      parameters = Map.copyOf(merged);
    }
    if (newMaintenance != null) {
      maintenanceInfo = newMaintenance;
    }
    return Optional.empty();
  }

  /** @return the bindings by binding id (live view) */
  ConcurrentMap<String, BindingCredentials> bindings() {
    ConcurrentMap<String, BindingCredentials> b = bindings;
    if (b == null) {
      synchronized (this) {
        b = bindings;
        if (b == null) {
          b = new ConcurrentHashMap<>();
          bindings = b;
        }
      }
    }
    return b;
  }

  /** @return the stored data (live view) */
  ConcurrentMap<String, StoredValue> data() {
    ConcurrentMap<String, StoredValue> d = data;
    if (d == null) {
      synchronized (this) {
        d = data;
        if (d == null) {
          d = new ConcurrentHashMap<>();
          data = d;
        }
      }
    }
    return d;
  }

  /**
   * Stores a value unless the plan's key limit would be exceeded.
   *
   * @param key the key
   * @param value the value
   * @return false when the namespace is full
   */
  synchronized boolean put(String key, StoredValue value) {
    ConcurrentMap<String, StoredValue> d = data();
    if (!d.containsKey(key) && d.size() >= HelloCatalog.maxKeys(planId)) {
      return false;
    }
    d.put(key, value);
    return true;
  }
}
