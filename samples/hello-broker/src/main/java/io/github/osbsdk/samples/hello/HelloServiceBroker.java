package io.github.osbsdk.samples.hello;

import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.BindResponse;
import io.github.osbsdk.broker.api.binding.BindingDetails;
import io.github.osbsdk.broker.api.binding.FetchBindingRequest;
import io.github.osbsdk.broker.api.binding.UnbindRequest;
import io.github.osbsdk.broker.api.binding.UnbindResponse;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionResponse;
import io.github.osbsdk.broker.api.instance.FetchInstanceRequest;
import io.github.osbsdk.broker.api.instance.InstanceDetails;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResponse;
import io.github.osbsdk.broker.api.instance.UpdateRequest;
import io.github.osbsdk.broker.api.instance.UpdateResponse;
import io.github.osbsdk.broker.api.state.InstanceState;
import io.github.osbsdk.broker.api.state.InstanceStateUpdate;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The business logic of hello-kv: the part of a broker a provider writes. Everything else (routes,
 * auth, validation against the catalog, status codes, async bookkeeping, bluemix_v1) is the
 * SDK's.
 *
 * <p>Provision creates a namespace (the {@code async} plan takes a while and runs on the SDK's
 * operation tracker), bind generates credentials for the data endpoint, unbind revokes them,
 * deprovision deletes the namespace with its data. Thread-safe.
 */
public final class HelloServiceBroker implements ServiceBroker {
  private final KeyValueStore store;
  private final Supplier<String> publicUrl;
  private final Duration asyncDelay;

  /**
   * @param store the store shared with the data endpoint
   * @param publicUrl the externally visible base URL of this broker, without trailing slash
   *     (asked on every provision and bind, so it may be known only once the server runs)
   * @param asyncDelay how long provisioning of the {@code async} plan takes
   */
  public HelloServiceBroker(KeyValueStore store, Supplier<String> publicUrl,
      Duration asyncDelay) {
    this.store = Objects.requireNonNull(store, "store == null");
    this.publicUrl = Objects.requireNonNull(publicUrl, "publicUrl == null");
    this.asyncDelay = Objects.requireNonNull(asyncDelay, "asyncDelay == null");
  }

  @Override
  public Catalog catalog() {
    return HelloCatalog.catalog();
  }

  @Override
  public ProvisionResponse provision(ProvisionRequest request) {
    boolean async = HelloCatalog.ASYNC_PLAN_ID.equals(request.planId());
    if (async && !request.acceptsIncomplete()) {
      throw ServiceBrokerException.asyncRequired();
    }
    String dashboardUrl = publicUrl.get() + "/dashboard/" + encode(request.instanceId());
    Namespace fresh = new Namespace(request.instanceId(), request.serviceId(), request.planId(),
        request.parameters(), request.plan().maintenanceInfo(), dashboardUrl,
        async ? Namespace.Status.PROVISIONING : Namespace.Status.READY);
    Namespace existing = store.addIfAbsent(fresh);
    if (existing != null) {
      if (!existing.sameAs(request.serviceId(), request.planId(), request.parameters())) {
        throw ServiceBrokerException.conflict("A service instance with this id already exists"
            + " with different attributes.");
      }
      if (existing.status() == Namespace.Status.PROVISIONING) {
        throw ServiceBrokerException.concurrencyError();
      }
      return ProvisionResponse.builder().dashboardUrl(existing.dashboardUrl()).alreadyExists()
          .build();
    }
    if (!async) {
      return ProvisionResponse.builder().dashboardUrl(dashboardUrl).build();
    }
    return ProvisionResponse.builder()
        .dashboardUrl(dashboardUrl)
        .runAsync(() -> provisionSlowly(fresh))
        .build();
  }

  /** The background part of the {@code async} plan; a real service creates resources here. */
  private void provisionSlowly(Namespace namespace) throws InterruptedException {
    try {
      Thread.sleep(asyncDelay.toMillis());
    } catch (InterruptedException e) {
      store.remove(namespace);
      throw e;
    }
    if (store.namespace(namespace.instanceId()).orElse(null) != namespace) {
      throw new ServiceBrokerException(410, null, "The service instance was deleted while it"
          + " was being created.");
    }
    namespace.ready();
  }

  @Override
  public InstanceDetails fetchInstance(FetchInstanceRequest request) {
    Namespace ns = ready(request.instanceId());
    return new InstanceDetails(ns.serviceId(), ns.planId(), ns.dashboardUrl(), ns.parameters(),
        ns.maintenanceInfo(), null);
  }

  @Override
  public UpdateResponse update(UpdateRequest request) {
    Namespace ns = store.namespace(request.instanceId()).orElseThrow(() ->
        ServiceBrokerException.notFound("The service instance does not exist."));
    if (ns.status() != Namespace.Status.READY) {
      throw ServiceBrokerException.concurrencyError();
    }
    String newPlan = request.planId();
    if (newPlan != null && !newPlan.equals(ns.planId())
        && !HelloCatalog.plan(ns.planId()).map(p -> Boolean.TRUE.equals(p.planUpdateable()))
            .orElse(false)) {
      throw ServiceBrokerException.unprocessable("Instances of this plan cannot change plans.");
    }
    ns.update(newPlan, request.parameters(), request.maintenanceInfo()).ifPresent(problem -> {
      throw ServiceBrokerException.unprocessable(problem);
    });
    return UpdateResponse.done();
  }

  @Override
  public DeprovisionResponse deprovision(DeprovisionRequest request) {
    Namespace ns = store.namespace(request.instanceId()).orElseThrow(() ->
        ServiceBrokerException.gone("The service instance does not exist."));
    store.remove(ns);
    return DeprovisionResponse.done();
  }

  @Override
  public BindResponse bind(BindRequest request) {
    Namespace ns = store.namespace(request.instanceId()).orElseThrow(() ->
        ServiceBrokerException.notFound("The service instance does not exist."));
    if (ns.status() != Namespace.Status.READY) {
      throw ServiceBrokerException.concurrencyError();
    }
    if (!ns.enabled()) {
      throw ServiceBrokerException.unprocessable("The service instance is disabled.");
    }
    String url = publicUrl.get() + "/data/" + encode(request.instanceId());
    BindingCredentials fresh = BindingCredentials.generate(request.instanceId(),
        request.bindingId(), request.parameters(), request.appGuid(), url);
    BindingCredentials existing = store.addBinding(ns, fresh);
    if (existing == null) {
      return BindResponse.builder().credentials(fresh.asMap()).build();
    }
    if (!existing.sameAs(request.parameters(), request.appGuid())) {
      throw ServiceBrokerException.conflict("A service binding with this id already exists"
          + " with different attributes.");
    }
    return BindResponse.builder().credentials(existing.asMap()).alreadyExists().build();
  }

  @Override
  public BindingDetails fetchBinding(FetchBindingRequest request) {
    BindingCredentials c = store.namespace(request.instanceId())
        .map(ns -> ns.bindings().get(request.bindingId()))
        .orElseThrow(() -> ServiceBrokerException.notFound("The service binding does not exist."));
    return new BindingDetails(c.asMap(), null, null, null, null, c.parameters(), null);
  }

  @Override
  public UnbindResponse unbind(UnbindRequest request) {
    store.namespace(request.instanceId())
        .flatMap(ns -> store.removeBinding(ns, request.bindingId()))
        .orElseThrow(() -> ServiceBrokerException.gone("The service binding does not exist."));
    return UnbindResponse.done();
  }

  @Override
  public void instanceStateChanged(String instanceId, InstanceState state,
      InstanceStateUpdate update, RequestContext context) {
    // IBM Cloud suspended or reactivated the account: the data endpoint checks this flag.
    store.namespace(instanceId).ifPresent(ns -> ns.enabled(state.enabled()));
  }

  private Namespace ready(String instanceId) {
    return store.namespace(instanceId)
        .filter(ns -> ns.status() == Namespace.Status.READY)
        .orElseThrow(() -> ServiceBrokerException.notFound("The service instance does not"
            + " exist."));
  }

  /**
   * @param segment a path segment, e.g. a CRN
   * @return the segment percent-encoded for a URL path
   */
  static String encode(String segment) {
    for (int i = 0; i < segment.length(); i++) {
      if (!unchangedByUrlEncoder(segment.charAt(i))) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
      }
    }
    return segment; // the common case (UUIDs and the like): nothing to encode
  }

  /** @return whether {@link URLEncoder} keeps the character as it is */
  private static boolean unchangedByUrlEncoder(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.'
        || c == '-' || c == '*' || c == '_';
  }
}
