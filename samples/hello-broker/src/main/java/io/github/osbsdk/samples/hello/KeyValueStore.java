package io.github.osbsdk.samples.hello;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The state of the whole service: namespaces by instance id and binding credentials by user name.
 * Shared by the broker (which creates and deletes) and the data endpoint (which reads and writes).
 * Thread-safe. A real service keeps this in a database.
 */
public final class KeyValueStore {
  private final ConcurrentMap<String, Namespace> namespaces = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, BindingCredentials> byUsername = new ConcurrentHashMap<>();

  /** Creates an empty store. */
  public KeyValueStore() {}

  /**
   * @param instanceId an instance id
   * @return the namespace, in any status
   */
  public Optional<Namespace> namespace(String instanceId) {
    return Optional.ofNullable(namespaces.get(instanceId));
  }

  /**
   * Adds a namespace unless one with the same id exists.
   *
   * @param namespace the new namespace
   * @return the namespace that existed already, or null when {@code namespace} was added
   */
  Namespace addIfAbsent(Namespace namespace) {
    return namespaces.putIfAbsent(namespace.instanceId(), namespace);
  }

  /**
   * Removes a namespace and revokes all of its credentials.
   *
   * @param namespace the namespace
   * @return whether it was still present
   */
  boolean remove(Namespace namespace) {
    boolean removed = namespaces.remove(namespace.instanceId(), namespace);
    namespace.bindings().values().forEach(c -> byUsername.remove(c.username(), c));
    namespace.bindings().clear();
    return removed;
  }

  /**
   * Adds a binding to its namespace unless the binding id exists.
   *
   * @param namespace the namespace
   * @param credentials the new credentials
   * @return the binding that existed already, or null when the credentials were added
   */
  BindingCredentials addBinding(Namespace namespace, BindingCredentials credentials) {
    synchronized (namespace) {
      BindingCredentials existing = namespace.bindings()
          .putIfAbsent(credentials.bindingId(), credentials);
      if (existing == null) {
        byUsername.put(credentials.username(), credentials);
      }
      return existing;
    }
  }

  /**
   * Revokes a binding's credentials.
   *
   * @param namespace the namespace
   * @param bindingId the binding id
   * @return the revoked credentials, or empty when the binding did not exist
   */
  Optional<BindingCredentials> removeBinding(Namespace namespace, String bindingId) {
    synchronized (namespace) {
      BindingCredentials removed = namespace.bindings().remove(bindingId);
      if (removed != null) {
        byUsername.remove(removed.username(), removed);
      }
      return Optional.ofNullable(removed);
    }
  }

  /**
   * @param username a user name presented to the data endpoint
   * @return the live credentials with that user name
   */
  public Optional<BindingCredentials> credentials(String username) {
    return Optional.ofNullable(byUsername.get(username));
  }

  /** @return the number of namespaces, in any status */
  public int size() {
    return namespaces.size();
  }
}
