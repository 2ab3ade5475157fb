package io.github.osbsdk.samples.hello;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.StepContext;
import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.BindResult;
import io.github.osbsdk.broker.api.binding.BindingDetails;
import io.github.osbsdk.broker.api.binding.FetchBindingRequest;
import io.github.osbsdk.broker.api.binding.UnbindRequest;
import io.github.osbsdk.broker.api.binding.UnbindResult;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionResult;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.api.instance.UpdateRequest;
import io.github.osbsdk.broker.api.instance.UpdateResult;
import io.github.osbsdk.broker.api.state.InstanceStateRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The business logic of hello-kv: the part of a broker a provider writes. Everything else (routes,
 * auth, validation against the catalog, status codes, async bookkeeping, bluemix_v1) is the
 * SDK's.
 *
 * <p>Provision creates a namespace (the {@code async} plan takes a while and runs as a resumable
 * step, which another replica resumes if this one stops), bind generates credentials for the
 * data endpoint, unbind revokes them, deprovision deletes the namespace with its data. The
 * service keeps only a digest of each binding's password; the SDK keeps the bind answer
 * encrypted (see {@link HelloBroker}) and {@link #fetchBinding} gives it back. Thread-safe.
 */
public final class HelloServiceBroker implements ServiceBroker {
  /** The name of the resumable step that provisions the {@code async} plan. */
  public static final String PROVISION_STEP = "hello.provision";
  private final KeyValueStore store;
  private final Supplier<String> publicUrl;
  private final Duration asyncDelay;
  private final DataUsage usage;

  /**
    * Creates the broker.
    *
   * @param store the store shared with the data endpoint
   * @param publicUrl the externally visible base URL of this broker, without trailing slash
   *     (asked on every provision and bind, so it may be known only once the server runs)
   * @param asyncDelay how long provisioning of the {@code async} plan takes
   */
  public HelloServiceBroker(KeyValueStore store, Supplier<String> publicUrl,
      Duration asyncDelay) {
    this(store, publicUrl, asyncDelay, DataUsage.NONE);
  }

  /**
   * Creates the broker, telling {@code usage} of every deprovision (to end the metering).
   *
   * @param store the store shared with the data endpoint
   * @param publicUrl the externally visible base URL of this broker, without trailing slash
   * @param asyncDelay how long provisioning of the {@code async} plan takes
   * @param usage told of each instance's end ({@link DataUsage#ended})
   */
  public HelloServiceBroker(KeyValueStore store, Supplier<String> publicUrl,
      Duration asyncDelay, DataUsage usage) {
    this.store = Objects.requireNonNull(store, "store == null");
    this.publicUrl = Objects.requireNonNull(publicUrl, "publicUrl == null");
    this.asyncDelay = Objects.requireNonNull(asyncDelay, "asyncDelay == null");
    this.usage = Objects.requireNonNull(usage, "usage == null");
  }

  @Override
  public Catalog catalog() {
    return HelloCatalog.catalog();
  }

  @Override
  public ProvisionResult provision(ProvisionRequest request) {
    boolean async = HelloCatalog.ASYNC_PLAN_ID.equals(request.planId());
    if (async && !request.acceptsIncomplete()) {
      throw ServiceBrokerException.asyncRequired();
    }
    // the SDK's registry has answered repeats (200/202) and conflicts (409) already: this is a
    // new instance id; a namespace left over from a provision that failed or was cut off is
    // replaced
    String dashboardUrl = publicUrl.get() + "/dashboard/" + encode(request.instanceId());
    store.create(new Namespace(request.instanceId(), request.serviceId(), request.planId(),
        request.parameters(), request.plan().maintenanceInfo(), dashboardUrl,
        async ? Namespace.Status.PROVISIONING : Namespace.Status.READY, true));
    if (!async) {
      return ProvisionResult.created(dashboardUrl);
    }
    return ProvisionResult.accepted(AsyncWork.step(PROVISION_STEP,
        Map.of("instance_id", request.instanceId()))).withDashboardUrl(dashboardUrl);
  }

  /**
   * The background part of the {@code async} plan, as a resumable step: idempotent, so the
   * replica that takes the operation over from a stopped one can run it again. A real service
   * creates resources here and checks which already exist. While PostgreSQL is down (a restart,
   * a failover) the store throws {@code StoreUnavailableException} (see {@link Sql}), and the SDK
   * runs the step again later, the operation still in progress.
   *
   * @param context the step's operation and arguments
   * @throws InterruptedException when the broker stops meanwhile
   */
  void provisionSlowly(StepContext context) throws InterruptedException {
    String instanceId = (String) context.arguments().get("instance_id");
    Namespace ns = store.namespace(instanceId).orElseThrow(() -> new ServiceBrokerException(410,
        null, "The service instance was deleted while it was being created."));
    if (ns.status() == Namespace.Status.READY) {
      return; // an earlier attempt (on any replica) finished the work
    }
    Thread.sleep(asyncDelay.toMillis()); // "creating resources": safe to repeat
    store.markReady(instanceId); // idempotent: READY stays READY
  }

  @Override
  public UpdateResult update(UpdateRequest request) {
    // the SDK has checked plan_updateable, the update schema and maintenance_info against the
    // instance's stored plan
    if (store.namespace(request.instanceId()).isEmpty()) {
      throw ServiceBrokerException.notFound("The service instance does not exist.");
    }
    store.update(request.instanceId(), request.planId(), request.parameters(),
        request.maintenanceInfo()).ifPresent(problem -> {
          throw ServiceBrokerException.unprocessable(problem);
        });
    return UpdateResult.updated();
  }

  @Override
  public DeprovisionResult deprovision(DeprovisionRequest request) {
    // the SDK refuses a deprovision while a bind runs (and the reverse), so no binding can be
    // created for a namespace that is being deleted. The metering ends first, for the plan the
    // SDK recorded (no read of the namespace): if it fails, so does the deprovision, and the
    // platform's repeat ends it again
    usage.ended(request.instance(), Instant.now());
    store.delete(request.instanceId());
    return DeprovisionResult.deleted();
  }

  @Override
  public BindResult bind(BindRequest request) {
    String url = publicUrl.get() + "/data/" + encode(request.instanceId());
    IssuedCredentials fresh = BindingCredentials.generate(request.instanceId(),
        request.bindingId(), request.parameters(), request.appGuid(), url);
    // the store keeps only the password's digest; it replaces credentials left over from a bind
    // that failed or was cut off
    if (!store.bind(fresh.stored())) {
      throw ServiceBrokerException.notFound("The service instance does not exist.");
    }
    // the SDK keeps this answer encrypted in its registry (storeCredentials, see HelloBroker)
    return BindResult.bound(fresh.asMap());
  }

  /**
   * Answers a fetch of a binding, and an identical repeated bind: the credentials the SDK kept
   * encrypted from the bind answer ({@code request.recorded().credentials()}, with the password),
   * with {@code url}, {@code username} and {@code read_only} from the service's own data, which
   * also says whether the binding still exists. A binding made before the sample stored
   * credentials in the registry has no such copy: it is answered without the password.
   *
   * @param request the binding and what the SDK recorded of it
   * @return the recorded details with the credentials
   */
  @Override
  public BindingDetails fetchBinding(FetchBindingRequest request) {
    BindingCredentials c = store.binding(request.instanceId(), request.bindingId())
        .orElseThrow(() -> ServiceBrokerException.notFound("The service binding does not exist."));
    BindingDetails recorded = request.recorded();
    Map<String, Object> credentials = new LinkedHashMap<>();
    if (recorded.credentials() != null) {
      credentials.putAll(recorded.credentials());
    }
    credentials.putAll(c.asMapWithoutPassword());
    return recorded.withCredentials(credentials);
  }

  @Override
  public UnbindResult unbind(UnbindRequest request) {
    store.unbind(request.instanceId(), request.bindingId());
    return UnbindResult.unbound();
  }

  @Override
  public void instanceStateChanged(InstanceStateRequest request) {
    // IBM Cloud suspended or reactivated the account: the data endpoint checks this flag.
    store.enabled(request.instanceId(), request.state().enabled());
  }

  /**
   * @param segment a path segment, e.g. a CRN
   * @return the segment percent-encoded for a URL path
   */
  static String encode(String segment) {
    if (segment.equals(".") || segment.equals("..")) {
      // a dot segment would make the URL leave the instance's path (/dashboard/.. is /)
      return segment.replace(".", "%2E");
    }
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
