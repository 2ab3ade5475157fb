package io.github.osbsdk.broker.api.state;

import java.util.Optional;

/**
 * Where the SDK keeps IBM Cloud instance states. The SDK ships an in-memory default; brokers with
 * several replicas plug in a shared implementation. Implementations must be thread-safe.
 *
 * <p>The SDK registers an instance when its provisioning succeeds, removes it when its
 * deprovisioning succeeds, answers the bluemix_v1 endpoints from the store and refuses binds on
 * disabled instances.
 */
public interface InstanceStateStore {
  /**
   * @param instanceId an instance id
   * @return its state, or empty when the instance is unknown
   */
  Optional<InstanceState> find(String instanceId);

  /**
   * Records a newly provisioned instance as enabled and active; keeps an existing state.
   *
   * @param instanceId the instance id
   */
  void register(String instanceId);

  /**
   * Applies an enable/disable request.
   *
   * @param instanceId the instance id
   * @param update the request
   * @return the new state, or empty when the instance is unknown
   */
  Optional<InstanceState> update(String instanceId, InstanceStateUpdate update);

  /**
   * Forgets a deprovisioned instance.
   *
   * @param instanceId the instance id
   */
  void remove(String instanceId);
}
