package io.github.osbsdk.broker.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.osbsdk.broker.api.binding.BindResource;
import io.github.osbsdk.broker.api.binding.BindingDetails;
import io.github.osbsdk.broker.api.binding.BindingMetadata;
import io.github.osbsdk.broker.api.binding.Endpoint;
import io.github.osbsdk.broker.api.binding.ServiceBinding;
import io.github.osbsdk.broker.api.binding.VolumeMount;
import io.github.osbsdk.broker.api.catalog.MaintenanceInfo;
import io.github.osbsdk.broker.api.context.PlatformContext;
import io.github.osbsdk.broker.api.instance.InstanceDetails;
import io.github.osbsdk.broker.api.instance.InstanceMetadata;
import io.github.osbsdk.broker.api.instance.ServiceInstance;
import io.github.osbsdk.broker.api.internal.UrlSecrets;
import io.github.osbsdk.broker.core.store.StoredBinding;
import io.github.osbsdk.broker.core.store.StoredInstance;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Conversions between registry rows and the provider's and the platform's views of them. */
final class InstanceRecords {
  static final String PLAN = "plan_id";
  static final String PARAMETERS = "parameters";
  static final String CONTEXT = "context";
  static final String MAINTENANCE = "maintenance_info_version";
  static final String DASHBOARD = "dashboard_url";
  static final String METADATA = "metadata";

  private InstanceRecords() {}

  static ServiceInstance view(StoredInstance i, ObjectMapper mapper) {
    Map<String, Object> context = readMap(i.context(), mapper);
    return new ServiceInstance(i.id(), i.serviceId(), i.planId(),
        readMap(i.parameters(), mapper), context == null ? null : PlatformContext.of(context),
        i.maintenanceInfoVersion(), i.dashboardUrl(), i.enabled(), i.createdAt());
  }

  static ServiceBinding view(StoredBinding b, ObjectMapper mapper) {
    Map<String, Object> context = readMap(b.context(), mapper);
    Map<String, Object> bindResource = readMap(b.bindResource(), mapper);
    return new ServiceBinding(b.instanceId(), b.bindingId(), b.serviceId(), b.planId(),
        readMap(b.parameters(), mapper), bindResource == null ? null
            : new BindResource(bindResource), b.appGuid(),
        context == null ? null : PlatformContext.of(context), b.createdAt());
  }

  static InstanceDetails details(StoredInstance i, ObjectMapper mapper) {
    Map<String, Object> parameters = readMap(i.parameters(), mapper);
    return new InstanceDetails(i.serviceId(), i.planId(), i.dashboardUrl(),
        parameters == null || parameters.isEmpty() ? null : parameters,
        i.maintenanceInfoVersion() == null ? null
            : new MaintenanceInfo(i.maintenanceInfoVersion(), null),
        read(i.metadata(), InstanceMetadata.class, mapper));
  }

  static String write(Object value, ObjectMapper mapper) {
    if (value == null) {
      return null;
    }
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not serializable as JSON: " + e.getOriginalMessage(), e);
    }
  }

  static Map<String, Object> readMap(String json, ObjectMapper mapper) {
    if (json == null) {
      return null;
    }
    try {
      return mapper.readValue(json, JacksonConfiguration.MAP);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON is unreadable", e);
    }
  }

  static <T> T read(String json, Class<T> type, ObjectMapper mapper) {
    if (json == null) {
      return null;
    }
    try {
      return mapper.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON is unreadable", e);
    }
  }

  /**
   * The payload of an update: what the instance becomes when it succeeds.
   */
  static Map<String, Object> updatePayload(String planId, Map<String, Object> parameters,
      Map<String, Object> context, String maintenanceVersion, String dashboardUrl,
      InstanceMetadata metadata) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put(PLAN, planId);
    if (parameters != null) {
      p.put(PARAMETERS, parameters);
    }
    if (context != null) {
      p.put(CONTEXT, context);
    }
    if (maintenanceVersion != null) {
      p.put(MAINTENANCE, maintenanceVersion);
    }
    if (dashboardUrl != null) {
      p.put(DASHBOARD, dashboardUrl);
    }
    if (metadata != null) {
      p.put(METADATA, metadata);
    }
    return p;
  }

  /**
   * Applies an update: {@link #applyUpdate(StoredInstance, Map, Instant, ObjectMapper)}, and when
   * the plan, the parameters or the maintenance info changed, a new fingerprint made from what the
   * instance now is. A repeated provision is then compared with the existing instance, as the spec
   * asks (200 when identical to it, 409 otherwise), not with the request that created it.
   */
  static StoredInstance applyUpdate(StoredInstance i, Map<String, Object> payload, Instant now,
      ObjectMapper mapper, Fingerprints fingerprints) {
    return applyUpdate(i, payload, mergedParameters(i, payload, mapper), now, mapper,
        fingerprints);
  }

  /**
   * {@link #applyUpdate(StoredInstance, Map, Instant, ObjectMapper, Fingerprints)} with the
   * parameters the instance keeps already merged, by a caller that needed them before (so an
   * update merges and serializes them once).
   *
   * @param parameters {@link #mergedParameters(String, Map, ObjectMapper)} of the instance's and
   *     the payload's parameters
   */
  static StoredInstance applyUpdate(StoredInstance i, Map<String, Object> payload,
      String parameters, Instant now, ObjectMapper mapper, Fingerprints fingerprints) {
    StoredInstance after = applyUpdate(i, payload, parameters, now, mapper);
    if (Objects.equals(after.planId(), i.planId())
        && Objects.equals(after.parameters(), i.parameters())
        && Objects.equals(after.maintenanceInfoVersion(), i.maintenanceInfoVersion())) {
      return after;
    }
    String canonical;
    try {
      canonical = after.parameters() == null ? null : fingerprints.canonicalParameters(
          (ObjectNode) mapper.readTree(after.parameters()));
    } catch (JsonProcessingException | ClassCastException e) {
      throw new IllegalStateException("stored parameters are unreadable", e);
    }
    String fingerprint = fingerprints.instance(after.serviceId(), after.planId(), canonical,
        after.organizationGuid(), after.spaceGuid(), after.maintenanceInfoVersion());
    return new StoredInstance(after.id(), after.serviceId(), after.planId(), fingerprint,
        after.parameters(), after.context(), after.organizationGuid(), after.spaceGuid(),
        after.maintenanceInfoVersion(), after.dashboardUrl(), after.metadata(), after.status(),
        after.enabled(), after.enabledChangedAt(), after.createdAt(), after.updatedAt());
  }

  /**
   * The parameters an instance keeps after an update: the update's merged on top of the stored
   * ones (a key the update names gets its value, the others stay), as stored JSON.
   *
   * @param stored the instance's stored parameters, or null
   * @param update the update's parameters, or null or empty to keep {@code stored}
   */
  @SuppressWarnings("unchecked")
  static String mergedParameters(String stored, Map<?, ?> update, ObjectMapper mapper) {
    if (update == null || update.isEmpty()) {
      return stored;
    }
    Map<String, Object> merged = readMap(stored, mapper);
    merged = merged == null ? new LinkedHashMap<>() : new LinkedHashMap<>(merged);
    merged.putAll((Map<String, Object>) update);
    return write(merged, mapper);
  }

  /**
   * Applies an update payload: new plan, parameters merged on top, context, maintenance info. The
   * maintenance info version is the payload's when the request sent {@code maintenance_info};
   * otherwise the instance keeps its version while it keeps its plan, and has none after a change
   * to another plan: the version it had was one of the old plan's, and the platform named none of
   * the new plan's, so the SDK does not know which one the instance now runs.
   */
  static StoredInstance applyUpdate(StoredInstance i, Map<String, Object> payload, Instant now,
      ObjectMapper mapper) {
    return applyUpdate(i, payload, mergedParameters(i, payload, mapper), now, mapper);
  }

  /** The parameters {@code i} keeps after the update {@code payload}, as stored JSON. */
  private static String mergedParameters(StoredInstance i, Map<String, Object> payload,
      ObjectMapper mapper) {
    return payload.get(PARAMETERS) instanceof Map<?, ?> update
        ? mergedParameters(i.parameters(), update, mapper) : i.parameters();
  }

  private static StoredInstance applyUpdate(StoredInstance i, Map<String, Object> payload,
      String parameters, Instant now, ObjectMapper mapper) {
    String plan = payload.get(PLAN) instanceof String s ? s : i.planId();
    String context = payload.get(CONTEXT) != null ? write(payload.get(CONTEXT), mapper)
        : i.context();
    String maintenance = payload.get(MAINTENANCE) instanceof String m ? m
        : plan.equals(i.planId()) ? i.maintenanceInfoVersion() : null;
    String dashboard = payload.get(DASHBOARD) instanceof String d ? d : i.dashboardUrl();
    String metadata = payload.get(METADATA) != null ? write(payload.get(METADATA), mapper)
        : i.metadata();
    return new StoredInstance(i.id(), i.serviceId(), plan, i.fingerprint(), parameters, context,
        i.organizationGuid(), i.spaceGuid(), maintenance, dashboard, metadata,
        io.github.osbsdk.broker.core.store.InstanceStatus.READY, i.enabled(),
        i.enabledChangedAt(), i.createdAt(), now);
  }

  /**
   * The non-credential part of a bind result, as stored; {@link #toString()} masks the user info
   * and query values of the two URLs (a syslog drain URL often carries a password). The metadata
   * is written in today's form and read in every form an SDK version stored
   * ({@link StoredBindingMetadata}).
   */
  record BindingExtras(
      @com.fasterxml.jackson.annotation.JsonProperty("syslog_drain_url") String syslogDrainUrl,
      @com.fasterxml.jackson.annotation.JsonProperty("route_service_url") String routeServiceUrl,
      @com.fasterxml.jackson.annotation.JsonProperty("volume_mounts")
          List<VolumeMount> volumeMounts,
      @com.fasterxml.jackson.annotation.JsonProperty("endpoints") List<Endpoint> endpoints,
      @com.fasterxml.jackson.annotation.JsonProperty("metadata")
      @com.fasterxml.jackson.databind.annotation.JsonDeserialize(
          using = StoredBindingMetadata.class) BindingMetadata metadata) {
    boolean empty() {
      return syslogDrainUrl == null && routeServiceUrl == null
          && (volumeMounts == null || volumeMounts.isEmpty())
          && (endpoints == null || endpoints.isEmpty()) && metadata == null;
    }

    @Override
    public String toString() {
      return "BindingExtras[syslogDrainUrl=" + UrlSecrets.maskUrl(syslogDrainUrl)
          + ", routeServiceUrl=" + UrlSecrets.maskUrl(routeServiceUrl) + ", volumeMounts="
          + volumeMounts + ", endpoints=" + endpoints + ", metadata=" + metadata + "]";
    }
  }

  static BindingDetails details(StoredBinding b, Map<String, Object> credentials,
      ObjectMapper mapper) {
    BindingExtras extras = read(b.details(), BindingExtras.class, mapper);
    Map<String, Object> parameters = readMap(b.parameters(), mapper);
    return new BindingDetails(credentials,
        extras == null ? null : extras.syslogDrainUrl(),
        extras == null ? null : extras.routeServiceUrl(),
        extras == null ? null : extras.volumeMounts(),
        extras == null ? null : extras.endpoints(),
        parameters == null || parameters.isEmpty() ? null : parameters,
        extras == null ? null : extras.metadata());
  }
}
