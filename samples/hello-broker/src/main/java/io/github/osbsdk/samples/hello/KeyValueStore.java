package io.github.osbsdk.samples.hello;

import io.github.osbsdk.broker.api.catalog.MaintenanceInfo;
import java.util.Map;
import java.util.Optional;

/**
 * The state of the whole service, the part that is hello-kv's own and not the SDK's: namespaces
 * by instance id, their keys and values, and binding credentials. Shared by the broker (which
 * creates and deletes) and the data endpoint (which reads and writes).
 *
 * <p>Of a binding's password a store keeps only the SHA-256 digest ({@link BindingCredentials}),
 * never the password: the clear password is in the bind answer alone, and the SDK keeps that
 * answer encrypted in its registry ({@code Broker.Builder.storeCredentials}).
 *
 * <p>Two implementations: {@link InMemoryKeyValueStore} (one process; the default) and
 * {@link PostgresKeyValueStore} (every replica that points at the same database serves the same
 * data). Each call is atomic. When the database is down, calls throw the SDK's
 * {@code StoreUnavailableException}: OSB calls then answer 503 from the SDK, data calls 503 from
 * {@link DataResource}. Implementations are thread-safe.
 */
public interface KeyValueStore {

  /**
   * Finds a namespace.
   *
   * @param instanceId an instance id
   * @return the namespace, in any status
   */
  Optional<Namespace> namespace(String instanceId);

  /**
   * Creates a namespace; one left over with the same id (from a provision that failed or was cut
   * off) is replaced, with its keys and bindings.
   *
   * @param namespace the new namespace
   */
  void create(Namespace namespace);

  /**
   * Marks a namespace ready. Idempotent.
   *
   * @param instanceId the instance id
   * @return false when there is no such namespace
   */
  boolean markReady(String instanceId);

  /**
   * Applies an update, unless the namespace holds more keys than the new plan allows.
   *
   * @param instanceId the instance id
   * @param planId the new plan, or null to keep it
   * @param parameters parameters to merge in (empty: none)
   * @param maintenanceInfo the new maintenance info, or null to keep it
   * @return a description of why the update cannot be applied, else empty (also when the
   *     namespace does not exist)
   */
  Optional<String> update(String instanceId, String planId, Map<String, Object> parameters,
      MaintenanceInfo maintenanceInfo);

  /**
   * Deletes a namespace with its keys, and revokes all of its credentials.
   *
   * @param instanceId the instance id
   * @return whether it existed
   */
  boolean delete(String instanceId);

  /**
   * Records IBM Cloud's enabled or disabled state of an instance.
   *
   * @param instanceId the instance id
   * @param enabled whether the instance is enabled
   */
  void enabled(String instanceId, boolean enabled);

  /**
   * Adds a binding's credentials; credentials left over with the same binding id are replaced.
   *
   * @param credentials the credentials, with the password's digest only
   * @return false when the namespace does not exist
   */
  boolean bind(BindingCredentials credentials);

  /**
   * Finds a binding's credentials.
   *
   * @param instanceId the instance id
   * @param bindingId the binding id
   * @return the credentials
   */
  Optional<BindingCredentials> binding(String instanceId, String bindingId);

  /**
   * Revokes a binding's credentials.
   *
   * @param instanceId the instance id
   * @param bindingId the binding id
   * @return whether the binding existed
   */
  boolean unbind(String instanceId, String bindingId);

  /**
   * Finds live credentials by user name.
   *
   * @param username a user name presented to the data endpoint
   * @return the live credentials with that user name
   */
  Optional<BindingCredentials> credentials(String username);

  /**
   * Reads a value.
   *
   * @param instanceId the instance id
   * @param key the key
   * @return the value
   */
  Optional<StoredValue> get(String instanceId, String key);

  /**
   * Stores a value unless the plan's key limit would be exceeded.
   *
   * @param instanceId the instance id
   * @param key the key
   * @param value the value
   * @return false when the namespace is full (or gone)
   */
  boolean put(String instanceId, String key, StoredValue value);

  /**
   * Deletes a value.
   *
   * @param instanceId the instance id
   * @param key the key
   * @return whether the key existed
   */
  boolean remove(String instanceId, String key);

  /**
   * Counts the namespaces.
   *
   * @return the number of namespaces, in any status
   */
  int size();
}
