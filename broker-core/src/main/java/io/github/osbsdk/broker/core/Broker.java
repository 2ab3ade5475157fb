package io.github.osbsdk.broker.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.osbsdk.broker.api.ApiVersion;
import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.api.ResumableStep;
import io.github.osbsdk.broker.core.auth.Authenticator;
import io.github.osbsdk.broker.core.catalog.InvalidCatalogException;
import io.github.osbsdk.broker.core.internal.ApiVersionFilter;
import io.github.osbsdk.broker.core.internal.MatrixParameterFilter;
import io.github.osbsdk.broker.core.internal.AuthenticationFilter;
import io.github.osbsdk.broker.core.internal.BindingResource;
import io.github.osbsdk.broker.core.internal.RequestBodyParser;
import io.github.osbsdk.broker.core.internal.BrokerApplication;
import io.github.osbsdk.broker.core.internal.BrokerExceptionMapper;
import io.github.osbsdk.broker.core.internal.BrokerServices;
import io.github.osbsdk.broker.core.internal.CatalogResource;
import io.github.osbsdk.broker.core.internal.Catalogs;
import io.github.osbsdk.broker.core.internal.CredentialCipher;
import io.github.osbsdk.broker.core.internal.CredentialReencryption;
import io.github.osbsdk.broker.core.internal.ErrorResponses;
import io.github.osbsdk.broker.core.internal.DefaultOperationExecutor;
import io.github.osbsdk.broker.core.internal.InstanceResource;
import io.github.osbsdk.broker.core.internal.InstanceStateResource;
import io.github.osbsdk.broker.core.internal.JacksonConfiguration;
import io.github.osbsdk.broker.core.internal.JsonFields;
import io.github.osbsdk.broker.core.internal.JsonProvider;
import io.github.osbsdk.broker.core.internal.OriginatingIdentityFilter;
import io.github.osbsdk.broker.core.internal.OperationRunner;
import io.github.osbsdk.broker.core.internal.RequestBodyReader;
import io.github.osbsdk.broker.core.internal.RequestIdFilter;
import io.github.osbsdk.broker.core.internal.metrics.BrokerMetrics;
import io.github.osbsdk.broker.core.internal.metrics.MetricsFilter;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import jakarta.ws.rs.core.Application;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import javax.crypto.SecretKey;
import java.util.concurrent.ExecutorService;

/**
 * A {@link ServiceBroker} made ready to serve: validated catalog, authentication, options.
 *
 * <p>{@link Builder#build()} validates the catalog (throwing
 * {@link InvalidCatalogException} listing every error), compiles the plans' parameter schemas and
 * creates the JAX-RS resources (one per OSB resource, plus IBM Cloud's {@code /bluemix_v1}
 * instance state), the filters (request id, authentication, API version, originating identity;
 * only for {@code /v2/**} and {@code /bluemix_v1/**}), the exception mapper and a JSON provider
 * on the SDK's shared {@link ObjectMapper}, so the container needs no JSON module.
 *
 * <p>The broker keeps a registry of instances, bindings and operations in a {@link BrokerStore}
 * (in memory by default; {@code broker-store-jdbc} keeps it in PostgreSQL, shared by replicas)
 * and answers repeats, conflicts, unknown ids, concurrent mutations, fetches and
 * {@code last_operation} from it (see {@link ServiceBroker}). Asynchronous work runs on the
 * executor; the operation's owner (this replica, {@link Builder#replicaId(String)}) renews its
 * lease every third of {@link Builder#lease(Duration)}, and when a replica stops, another takes
 * its operations over within a lease: it runs a {@link ResumableStep} again, and ends anything
 * else as {@code failed} so the platform can retry. No asynchronous operation stays in progress
 * past its deadline, its start plus its plan's {@code maximum_polling_duration} (else
 * {@link Builder#operationTimeout(Duration)}): a hung task or step, or an operation whose provider
 * still answers "in progress", then ends as {@code failed}, so the instance can be updated or
 * deleted again.
 *
 * <pre>{@code
 * Broker broker = Broker.builder(new MyServiceBroker())
 *     .authenticator(BasicAuthenticator.of("user", "secret"))
 *     .build();
 * ResourceConfig jersey = ResourceConfig.forApplication(broker.application());
 * }</pre>
 *
 * <p>Instance and binding ids are matched raw and decoded once by the SDK, so URL-encoded CRNs
 * ({@code %3A}, {@code %2F}) round-trip unchanged; the container must pass encoded slashes through.
 * Which containers need a setting for that (and the adapters that set it) is in the README's
 * container table: Jersey on Grizzly needs none; Undertow, Tomcat (Spring Boot) and Jetty (CXF)
 * do.
 */
public final class Broker implements AutoCloseable {
  private final Builder config;
  private final Set<Object> singletons;
  private final Application application;
  private final ExecutorService ownedExecutor;
  private final OperationRunner runner;
  private final ObjectMapper mapper;
  private final CredentialCipher cipher;

  private Broker(Builder config) {
    this.config = config;
    this.mapper = JacksonConfiguration.newMapper();
    BrokerStore store = config.store != null ? config.store : new InMemoryBrokerStore();
    Catalogs catalogs = new Catalogs(config.serviceBroker, mapper);
    this.ownedExecutor = config.executor == null ? DefaultOperationExecutor.boundedDaemonPool()
        : null;
    ExecutorService executor = config.executor != null ? config.executor : ownedExecutor;
    this.runner = new OperationRunner(store, Clock.systemUTC(), config.replicaId, config.lease,
        config.operationRetention, executor, config.steps, mapper, config.metrics,
        config.operationTimeout);
    ErrorResponses errors = new ErrorResponses(mapper);
    long retryAfter = Math.max(0, config.retryAfter.toSeconds());
    this.cipher = BrokerServices.cipher(config.credentialKey, config.previousCredentialKeys);
    BrokerServices services = new BrokerServices(config.serviceBroker, mapper,
        BrokerServices.fingerprints(mapper), catalogs,
        new RequestBodyParser(mapper, config.maxRequestBytes), new JsonFields(mapper), runner,
        cipher, errors,
        config.strictVersionGating,
        retryAfter == 0 ? null : (int) Math.min(retryAfter, Integer.MAX_VALUE),
        config.repeatWait.toMillis());
    Set<Object> all = new LinkedHashSet<>();
    if (config.metrics.enabled()) {
      all.add(new MetricsFilter(config.metrics));
    }
    all.add(new JsonProvider(mapper, config.maxRequestBytes));
    all.add(new RequestBodyReader(services.bodies()));
    all.add(new BrokerExceptionMapper(errors));
    all.add(new RequestIdFilter(errors));
    all.add(new AuthenticationFilter(config.authenticator, errors));
    all.add(new MatrixParameterFilter(errors));
    all.add(new ApiVersionFilter(config.minimumApiVersion, config.missingVersionStatus, errors));
    all.add(new OriginatingIdentityFilter(mapper, errors));
    all.add(new CatalogResource(services));
    all.add(new InstanceResource(services));
    all.add(new BindingResource(services));
    all.add(new InstanceStateResource(services));
    all.addAll(config.components);
    this.singletons = Collections.unmodifiableSet(all);
    this.application = new BrokerApplication(singletons);
  }

  /**
   * @param serviceBroker the provider's implementation
   * @return a builder
   */
  public static Builder builder(ServiceBroker serviceBroker) {
    return new Builder(serviceBroker);
  }

  /** @return a JAX-RS application with every resource and provider of this broker as singletons */
  public Application application() {
    return application;
  }

  /**
   * @return the resource and provider instances, for containers configured by registering
   *     instances (e.g. Jersey's {@code ResourceConfig.registerInstances})
   */
  public Set<Object> singletons() {
    return singletons;
  }

  /** @return the provider's broker */
  public ServiceBroker serviceBroker() {
    return config.serviceBroker;
  }

  /**
   * The registry's store.
   *
   * @return the store
   */
  public BrokerStore store() {
    return runner.store();
  }

  /**
   * This replica's id: the owner recorded on the operations it runs.
   *
   * @return the id
   */
  public String replicaId() {
    return runner.replicaId();
  }

  /**
   * Renews this replica's leases, takes over operations of replicas that stopped and purges old
   * operations now, instead of waiting for the background loop (which does the same every third
   * of the lease). For tests and operational tools.
   */
  public void maintainOperations() {
    runner.maintainNow();
  }

  /**
   * Rewrites the binding credentials stored under a previous key (see
   * {@link Builder#storeCredentials(SecretKey, List)}) under the current key, so the previous
   * keys can be dropped. Walks the whole registry a page at a time; each value is replaced only
   * if it did not change since it was read, so it is safe while the broker serves requests, on
   * several replicas at once, and to run again. Run it once every replica writes under the new
   * key (step 2 of the key change); when a run reports {@link ReencryptionReport#complete()},
   * remove the old key from {@code previousKeys}.
   *
   * @return what was rewritten
   * @throws IllegalStateException when credentials are not stored (no key configured)
   * @throws io.github.osbsdk.broker.core.store.StoreUnavailableException when the store fails;
   *     what was rewritten stays rewritten, and a new run examines everything again
   */
  public ReencryptionReport reencryptCredentials() {
    if (cipher == null) {
      throw new IllegalStateException("binding credentials are not stored: no credential key is"
          + " configured (Builder.storeCredentials)");
    }
    return CredentialReencryption.run(runner.store(), cipher);
  }

  /**
   * @return the SDK's shared, pre-configured mapper (unknown properties ignored, nulls omitted);
   *     do not reconfigure it
   */
  public ObjectMapper objectMapper() {
    return mapper;
  }

  /**
   * Stops the operation maintenance loop, gives up this replica's leases and stops the default
   * executor (running tasks are interrupted; another replica takes their operations over at its
   * next maintenance, without waiting for the lease to run out); an executor passed to
   * {@link Builder#executor(ExecutorService)} is left alone, and so is the {@link BrokerStore}
   * (close a {@code PostgresBrokerStore} yourself, after the broker).
   */
  @Override
  public void close() {
    runner.close();
    if (ownedExecutor != null) {
      ownedExecutor.shutdownNow();
    }
  }

  /** Configures a {@link Broker}. */
  public static final class Builder {
    private final ServiceBroker serviceBroker;
    private Authenticator authenticator;
    private boolean insecure;
    private ApiVersion minimumApiVersion = ApiVersion.IBM_CLOUD;
    private int missingVersionStatus = 400;
    private boolean strictVersionGating;
    private long maxRequestBytes = 1024 * 1024;
    private BrokerStore store;
    private String replicaId = UUID.randomUUID().toString();
    private Duration lease = Duration.ofSeconds(30);
    private Duration repeatWait = Duration.ofSeconds(3);
    private final Map<String, ResumableStep> steps = new LinkedHashMap<>();
    private SecretKey credentialKey;
    private List<SecretKey> previousCredentialKeys = List.of();
    private Duration operationRetention = Duration.ofDays(3);
    private Duration operationTimeout = OperationRunner.DEFAULT_TIMEOUT;
    private Duration retryAfter = Duration.ofSeconds(2);
    private ExecutorService executor;
    private final List<Object> components = new ArrayList<>();
    private BrokerMetrics metrics = BrokerMetrics.NONE;

    private Builder(ServiceBroker serviceBroker) {
      this.serviceBroker = Objects.requireNonNull(serviceBroker, "serviceBroker == null");
    }

    /**
     * @param authenticator checks every platform call
     * @return this
     */
    public Builder authenticator(Authenticator authenticator) {
      this.authenticator = Objects.requireNonNull(authenticator, "authenticator == null");
      return this;
    }

    /**
     * Serves without authentication. For local development only: without this switch or an
     * {@link #authenticator(Authenticator)}, {@link #build()} refuses.
     *
     * @return this
     */
    public Builder insecureWithoutAuthentication() {
      this.insecure = true;
      return this;
    }

    /**
     * @param version the oldest accepted {@code X-Broker-API-Version} (default 2.12)
     * @return this
     */
    public Builder minimumApiVersion(ApiVersion version) {
      this.minimumApiVersion = Objects.requireNonNull(version, "version == null");
      return this;
    }

    /**
     * @param status 400 (default, OSB 2.16+) or 412 for a missing version header
     * @return this
     */
    public Builder missingVersionStatus(int status) {
      if (status != 400 && status != 412) {
        throw new IllegalArgumentException("status must be 400 or 412");
      }
      this.missingVersionStatus = status;
      return this;
    }

    /**
     * @param strict refuse fetch and async bindings below API 2.14 (default false)
     * @return this
     */
    public Builder strictVersionGating(boolean strict) {
      this.strictVersionGating = strict;
      return this;
    }

    /**
     * @param bytes the largest accepted request body (default 1 MiB); larger gets 413
     * @return this
     */
    public Builder maxRequestBytes(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("bytes must be > 0");
      }
      this.maxRequestBytes = bytes;
      return this;
    }

    /**
     * Where the registry of instances, bindings and operations lives (default: an
     * {@link InMemoryBrokerStore}, for a single process). Replicas of one broker share one store.
     *
     * @param brokerStore the store
     * @return this
     */
    public Builder store(BrokerStore brokerStore) {
      this.store = Objects.requireNonNull(brokerStore, "brokerStore == null");
      return this;
    }

    /**
     * This replica's id, recorded as the owner of the operations it runs (default: a random
     * UUID per process, which is what replicas need: never give two running processes one id).
     *
     * @param id the id
     * @return this
     */
    public Builder replicaId(String id) {
      Objects.requireNonNull(id, "id == null");
      if (id.isBlank() || id.length() > 200) {
        throw new IllegalArgumentException("a replica id is 1 to 200 characters");
      }
      this.replicaId = id;
      return this;
    }

    /**
     * How long an operation stays this replica's without a renewal (default 30 s). The lease is
     * renewed every third of its length; another replica takes an operation over once its lease
     * expired, so a stopped replica's operations move within about one lease.
     *
     * @param length the lease, 1 s to 10 min
     * @return this
     */
    public Builder lease(Duration length) {
      Objects.requireNonNull(length, "length == null");
      if (length.compareTo(Duration.ofSeconds(1)) < 0
          || length.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new IllegalArgumentException("the lease must be between 1 s and 10 min");
      }
      this.lease = length;
      return this;
    }

    /**
     * How long an identical repeat of a provision or bind waits for the first request's
     * synchronous provider call, running on any replica, before it answers 422
     * {@code ConcurrencyError} (default 3 s).
     *
     * @param wait the wait
     * @return this
     */
    public Builder repeatWait(Duration wait) {
      this.repeatWait = Objects.requireNonNull(wait, "wait == null");
      return this;
    }

    /**
     * Registers a resumable step under a name, for {@code AsyncWork.step(name, arguments)}.
     * Every replica must register the same steps.
     *
     * @param name the step name
     * @param step the step
     * @return this
     */
    public Builder step(String name, ResumableStep step) {
      Objects.requireNonNull(name, "name == null");
      Objects.requireNonNull(step, "step == null");
      if (steps.putIfAbsent(name, step) != null) {
        throw new IllegalArgumentException("a step named '" + name + "' is registered already");
      }
      return this;
    }

    /**
     * Stores binding credentials in the registry, encrypted with AES-GCM under this key, so an
     * identical repeated bind and a fetch of the binding answer them without calling the
     * provider. Off by default: then credentials are never stored, and
     * {@link ServiceBroker#fetchBinding} supplies them. Every replica needs the same key.
     *
     * @param key an AES key of 128, 192 or 256 bits
     * @return this
     */
    public Builder storeCredentials(SecretKey key) {
      return storeCredentials(key, List.of());
    }

    /**
     * Stores binding credentials encrypted under {@code key}, as
     * {@link #storeCredentials(SecretKey)} does, and also reads what was stored under any of
     * {@code previousKeys} (tried in order after {@code key}; AES-GCM's tag tells a wrong key
     * apart, so nothing is misread). This is how to change the key without a pause, on every
     * replica:
     * <ol>
     *   <li>deploy with the old key as {@code key} and the new one in {@code previousKeys}, so
     *       every replica can read what the new key will write;</li>
     *   <li>deploy with the new key as {@code key} and the old one in {@code previousKeys}: new
     *       credentials are written under the new key, older ones stay readable.</li>
     * </ol>
     * Stored values stay as they are until {@link Broker#reencryptCredentials()} rewrites them
     * under the current key: keep an old key listed until a run of it reports
     * {@link ReencryptionReport#complete()}.
     *
     * @param key the AES key new credentials are encrypted under (128, 192 or 256 bits)
     * @param previousKeys AES keys that only decrypt, may be empty
     * @return this
     * @throws IllegalArgumentException when a key is not an AES key of a valid length
     */
    public Builder storeCredentials(SecretKey key, List<SecretKey> previousKeys) {
      Objects.requireNonNull(key, "key == null");
      List<SecretKey> previous = List.copyOf(
          Objects.requireNonNull(previousKeys, "previousKeys == null"));
      BrokerServices.cipher(key, previous);
      this.credentialKey = key;
      this.previousCredentialKeys = previous;
      return this;
    }

    /**
     * How long an asynchronous operation may stay in progress when its plan declares no
     * {@code maximum_polling_duration} (default 7 days, Cloud Foundry's default for the
     * platform's own polling). An operation's deadline is its start plus its plan's
     * {@code maximum_polling_duration}, else this timeout; an update that changes plans gets the
     * longer of the two plans' timeouts. The timeout is recorded with the operation when it is
     * accepted, and the deadline is judged on the store's shared clock, so every replica agrees
     * on it.
     *
     * <p>An operation still in progress at its deadline ends as {@code failed} with a
     * description saying that the broker stopped waiting for it, recorded once and with the
     * effect of any failure of its type (a failed provision leaves a failed instance that can be
     * deleted, a failed deprovision restores the instance): by the maintenance loop of the
     * replica running its task or step, which also interrupts that work (whatever the work ends
     * with later is not recorded); by the replica that takes it over from a stopped replica,
     * instead of resuming it; by a {@code last_operation} poll, when the provider tracks it and
     * still answers "in progress"; and by an update, deprovision, bind or unbind that finds it
     * in the way, which is then handled as usual instead of being answered 422
     * {@code ConcurrencyError}.
     *
     * @param timeout a positive duration, to the millisecond
     * @return this
     * @throws IllegalArgumentException when it is shorter than 1 ms
     */
    public Builder operationTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout == null");
      if (timeout.compareTo(Duration.ofMillis(1)) < 0
          || timeout.compareTo(Duration.ofMillis(Long.MAX_VALUE)) > 0) {
        throw new IllegalArgumentException("the operation timeout must be > 0 (at least 1 ms)");
      }
      this.operationTimeout = timeout;
      return this;
    }

    /**
     * @param retention how long finished asynchronous operations stay readable (default 3 days)
     * @return this
     */
    public Builder operationRetention(Duration retention) {
      this.operationRetention = Objects.requireNonNull(retention, "retention == null");
      return this;
    }

    /**
     * @param retryAfter the {@code Retry-After} sent while an SDK-tracked operation runs
     * @return this
     */
    public Builder retryAfter(Duration retryAfter) {
      this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter == null");
      return this;
    }

    /**
     * @param executor runs {@link io.github.osbsdk.broker.api.AsyncTask}s (default: a bounded pool)
     * @return this
     */
    public Builder executor(ExecutorService executor) {
      this.executor = Objects.requireNonNull(executor, "executor == null");
      return this;
    }

    /**
     * Records the broker's meters ({@code osb.requests}, {@code osb.registry.answers},
     * {@code osb.operations}, {@code osb.operations.takeovers}; see the README's "Metrics and
     * health") on a Micrometer registry. Micrometer is an optional dependency: the parameter is
     * typed {@code Object} so the SDK loads without it; without this call nothing is measured.
     *
     * @param meterRegistry an {@code io.micrometer.core.instrument.MeterRegistry}
     * @return this
     * @throws IllegalArgumentException when Micrometer is not on the class path or the object is
     *     not a {@code MeterRegistry}
     */
    public Builder meterRegistry(Object meterRegistry) {
      this.metrics = BrokerMetrics.of(meterRegistry);
      return this;
    }

    /**
     * Adds a JAX-RS component (resource or provider instance) to {@link #application()}, e.g.
     * the dashboard SSO resource of broker-iam.
     *
     * @param component the instance
     * @return this
     */
    public Builder register(Object component) {
      components.add(Objects.requireNonNull(component, "component == null"));
      return this;
    }

    /**
     * Validates the catalog (listing every problem at once) and the configuration.
     *
     * @return the broker
     * @throws IllegalStateException without an authenticator and without
     *     {@link #insecureWithoutAuthentication()}
     * @throws InvalidCatalogException when the catalog has errors (warnings are logged)
     */
    public Broker build() {
      if (authenticator == null && !insecure) {
        throw new IllegalStateException("no authenticator: call authenticator(...) or, for local"
            + " development only, insecureWithoutAuthentication()");
      }
      if (authenticator == null) {
        org.slf4j.LoggerFactory.getLogger(Broker.class).warn("The broker runs WITHOUT"
            + " authentication (insecureWithoutAuthentication): for local development only");
      }
      return new Broker(this);
    }
  }
}
