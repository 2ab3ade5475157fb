package io.github.osbsdk.samples.hello;

import io.github.osbsdk.broker.api.catalog.MaintenanceInfo;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The service's state in this process's memory: lost on restart, not shared with replicas. Like
 * {@link PostgresKeyValueStore} it holds only the digest of each binding's password.
 * Thread-safe: each namespace's changes are guarded by its entry's monitor; its data and binding
 * maps are created on first use (most instances never store a key or get a binding).
 */
public final class InMemoryKeyValueStore implements KeyValueStore {
  private final ConcurrentMap<String, Entry> namespaces = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, BindingCredentials> byUsername = new ConcurrentHashMap<>();

  /** One namespace with its data and bindings. */
  private static final class Entry {
    private volatile Namespace namespace;
    private ConcurrentMap<String, StoredValue> data; // guarded by this
    private ConcurrentMap<String, BindingCredentials> bindings; // guarded by this

    Entry(Namespace namespace) {
      this.namespace = namespace;
    }

    synchronized ConcurrentMap<String, StoredValue> data() {
      if (data == null) {
        data = new ConcurrentHashMap<>();
      }
      return data;
    }

    synchronized ConcurrentMap<String, BindingCredentials> bindings() {
      if (bindings == null) {
        bindings = new ConcurrentHashMap<>();
      }
      return bindings;
    }

    synchronized int keys() {
      return data == null ? 0 : data.size();
    }
  }

  /** Creates an empty store. */
  public InMemoryKeyValueStore() {}

  @Override
  public Optional<Namespace> namespace(String instanceId) {
    Entry e = namespaces.get(instanceId);
    return e == null ? Optional.empty() : Optional.of(e.namespace);
  }

  @Override
  public void create(Namespace namespace) {
    Entry stale = namespaces.put(namespace.instanceId(), new Entry(namespace));
    if (stale != null) {
      revokeAll(stale);
    }
  }

  @Override
  public boolean markReady(String instanceId) {
    Entry e = namespaces.get(instanceId);
    if (e == null) {
      return false;
    }
    synchronized (e) {
      e.namespace = e.namespace.withStatus(Namespace.Status.READY);
    }
    return true;
  }

  @Override
  public Optional<String> update(String instanceId, String planId,
      Map<String, Object> parameters, MaintenanceInfo maintenanceInfo) {
    Entry e = namespaces.get(instanceId);
    if (e == null) {
      return Optional.empty();
    }
    synchronized (e) {
      int keys = e.keys();
      if (planId != null && keys > HelloCatalog.maxKeys(planId)) {
        return Optional.of(tooManyKeys(keys, planId));
      }
      e.namespace = e.namespace.updated(planId, parameters, maintenanceInfo);
      return Optional.empty();
    }
  }

  /**
   * The description of an update refused for the number of keys.
   *
   * @param keys the keys the namespace holds
   * @param planId the requested plan
   * @return the description
   */
  static String tooManyKeys(int keys, String planId) {
    return "The namespace holds " + keys + " keys; the requested plan allows "
        + HelloCatalog.maxKeys(planId) + ". Delete keys first.";
  }

  @Override
  public boolean delete(String instanceId) {
    Entry e = namespaces.remove(instanceId);
    if (e == null) {
      return false;
    }
    revokeAll(e);
    return true;
  }

  private void revokeAll(Entry e) {
    synchronized (e) {
      if (e.bindings != null) {
        e.bindings.values().forEach(c -> byUsername.remove(c.username(), c));
        e.bindings.clear();
      }
    }
  }

  @Override
  public void enabled(String instanceId, boolean enabled) {
    Entry e = namespaces.get(instanceId);
    if (e != null) {
      synchronized (e) {
        e.namespace = e.namespace.withEnabled(enabled);
      }
    }
  }

  @Override
  public boolean bind(BindingCredentials credentials) {
    Entry e = namespaces.get(credentials.instanceId());
    if (e == null) {
      return false;
    }
    synchronized (e) {
      if (namespaces.get(credentials.instanceId()) != e) {
        return false; // deleted meanwhile
      }
      BindingCredentials stale = e.bindings().put(credentials.bindingId(), credentials);
      if (stale != null) {
        byUsername.remove(stale.username(), stale);
      }
      byUsername.put(credentials.username(), credentials);
      return true;
    }
  }

  @Override
  public Optional<BindingCredentials> binding(String instanceId, String bindingId) {
    Entry e = namespaces.get(instanceId);
    return e == null ? Optional.empty() : Optional.ofNullable(e.bindings().get(bindingId));
  }

  @Override
  public boolean unbind(String instanceId, String bindingId) {
    Entry e = namespaces.get(instanceId);
    if (e == null) {
      return false;
    }
    synchronized (e) {
      BindingCredentials removed = e.bindings().remove(bindingId);
      if (removed != null) {
        byUsername.remove(removed.username(), removed);
      }
      return removed != null;
    }
  }

  @Override
  public Optional<BindingCredentials> credentials(String username) {
    return Optional.ofNullable(byUsername.get(username));
  }

  @Override
  public Optional<StoredValue> get(String instanceId, String key) {
    Entry e = namespaces.get(instanceId);
    return e == null ? Optional.empty() : Optional.ofNullable(e.data().get(key));
  }

  @Override
  public boolean put(String instanceId, String key, StoredValue value) {
    Entry e = namespaces.get(instanceId);
    if (e == null) {
      return false;
    }
    synchronized (e) {
      ConcurrentMap<String, StoredValue> d = e.data();
      if (!d.containsKey(key) && d.size() >= HelloCatalog.maxKeys(e.namespace.planId())) {
        return false;
      }
      d.put(key, value);
      return true;
    }
  }

  @Override
  public boolean remove(String instanceId, String key) {
    Entry e = namespaces.get(instanceId);
    return e != null && e.data().remove(key) != null;
  }

  @Override
  public int size() {
    return namespaces.size();
  }
}
