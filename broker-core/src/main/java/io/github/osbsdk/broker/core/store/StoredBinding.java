package io.github.osbsdk.broker.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A service binding as the registry keeps it.
 *
 * @param instanceId the instance id
 * @param bindingId the binding id
 * @param serviceId the catalog service id (from the bind request, or the instance's)
 * @param planId the catalog plan id (from the bind request, or the instance's)
 * @param fingerprint what makes a repeated bind identical
 * @param parameters the binding's parameters as a JSON object text, or null
 * @param context the platform context of the bind as JSON text, or null
 * @param bindResource the {@code bind_resource} object as JSON text, or null
 * @param appGuid {@code app_guid} or {@code bind_resource.app_guid}, or null
 * @param details what the provider returned besides credentials (syslog drain, route service,
 *     volume mounts, endpoints, metadata) as JSON text, or null
 * @param credentials the credentials, AES-GCM encrypted by the SDK (base64), or null when the
 *     provider did not turn storing them on; never clear text
 * @param status the life-cycle state
 * @param createdAt when the binding id was claimed by its bind (an identical retry over a
 *     {@link BindingStatus#BIND_FAILED} binding keeps it: see {@link #replacing})
 */
public record StoredBinding(String instanceId, String bindingId, String serviceId,
    String planId, String fingerprint, String parameters, String context, String bindResource,
    String appGuid, String details, String credentials, BindingStatus status,
    Instant createdAt) {

  /**
   * Checks the required fields.
   *
   * @param instanceId the instance id
   * @param bindingId the binding id
   * @param serviceId the catalog service id (from the bind request, or the instance's)
   * @param planId the catalog plan id (from the bind request, or the instance's)
   * @param fingerprint what makes a repeated bind identical
   * @param parameters the binding's parameters as a JSON object text, or null
   * @param context the platform context of the bind as JSON text, or null
   * @param bindResource the {@code bind_resource} object as JSON text, or null
   * @param appGuid {@code app_guid} or {@code bind_resource.app_guid}, or null
   * @param details what the provider returned besides credentials (syslog drain, route service,
   *     volume mounts, endpoints, metadata) as JSON text, or null
   * @param credentials the credentials, AES-GCM encrypted by the SDK (base64), or null when the
   *     provider did not turn storing them on; never clear text
   * @param status the life-cycle state
   * @param createdAt when the binding id was claimed by its bind (an identical retry over a
   *     {@link BindingStatus#BIND_FAILED} binding keeps it)
   */
  public StoredBinding {
    Objects.requireNonNull(instanceId, "instanceId == null");
    Objects.requireNonNull(bindingId, "bindingId == null");
    Objects.requireNonNull(serviceId, "serviceId == null");
    Objects.requireNonNull(planId, "planId == null");
    Objects.requireNonNull(fingerprint, "fingerprint == null");
    Objects.requireNonNull(status, "status == null");
    Objects.requireNonNull(createdAt, "createdAt == null");
  }

  /**
   * A copy in another life-cycle state.
   *
   * @param newStatus the state
   * @return the copy
   */
  public StoredBinding withStatus(BindingStatus newStatus) {
    return new StoredBinding(instanceId, bindingId, serviceId, planId, fingerprint, parameters,
        context, bindResource, appGuid, details, credentials, newStatus, createdAt);
  }

  /**
   * This claim as it replaces a {@link BindingStatus#BIND_FAILED} binding (see
   * {@link BrokerStore#claimBinding}): with the failed binding's creation time, which whoever
   * puts the row back as failed keeps, even without the claim's answer.
   *
   * @param failed the failed binding the claim replaces
   * @return the copy
   */
  public StoredBinding replacing(StoredBinding failed) {
    return new StoredBinding(instanceId, bindingId, serviceId, planId, fingerprint, parameters,
        context, bindResource, appGuid, details, credentials, status, failed.createdAt());
  }

  /**
   * A copy with what the provider returned.
   *
   * @param newDetails the details JSON, or null
   * @param newCredentials the encrypted credentials, or null
   * @return the copy
   */
  public StoredBinding withResult(String newDetails, String newCredentials) {
    return new StoredBinding(instanceId, bindingId, serviceId, planId, fingerprint, parameters,
        context, bindResource, appGuid, newDetails, newCredentials, status, createdAt);
  }

  @Override
  public String toString() {
    return "StoredBinding[instanceId=" + instanceId + ", bindingId=" + bindingId + ", status="
        + status + ", credentials=" + (credentials == null ? "none" : "***") + "]";
  }
}
