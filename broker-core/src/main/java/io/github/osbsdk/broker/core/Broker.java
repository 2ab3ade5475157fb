package io.github.osbsdk.broker.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.osbsdk.broker.api.ApiVersion;
import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.api.state.InstanceStateStore;
import io.github.osbsdk.broker.core.async.InMemoryOperationTracker;
import io.github.osbsdk.broker.core.async.OperationTracker;
import io.github.osbsdk.broker.core.auth.Authenticator;
import io.github.osbsdk.broker.core.catalog.InvalidCatalogException;
import io.github.osbsdk.broker.core.internal.ApiVersionFilter;
import io.github.osbsdk.broker.core.internal.AsyncOperations;
import io.github.osbsdk.broker.core.internal.AuthenticationFilter;
import io.github.osbsdk.broker.core.internal.BindingResource;
import io.github.osbsdk.broker.core.internal.Bodies;
import io.github.osbsdk.broker.core.internal.BrokerApplication;
import io.github.osbsdk.broker.core.internal.BrokerExceptionMapper;
import io.github.osbsdk.broker.core.internal.BrokerServices;
import io.github.osbsdk.broker.core.internal.CatalogResource;
import io.github.osbsdk.broker.core.internal.Catalogs;
import io.github.osbsdk.broker.core.internal.ErrorResponses;
import io.github.osbsdk.broker.core.internal.Executors;
import io.github.osbsdk.broker.core.internal.InstanceResource;
import io.github.osbsdk.broker.core.internal.InstanceStateResource;
import io.github.osbsdk.broker.core.internal.Json;
import io.github.osbsdk.broker.core.internal.JsonFields;
import io.github.osbsdk.broker.core.internal.JsonProvider;
import io.github.osbsdk.broker.core.internal.OriginatingIdentityFilter;
import io.github.osbsdk.broker.core.internal.ProviderOperations;
import io.github.osbsdk.broker.core.internal.RequestIdFilter;
import io.github.osbsdk.broker.core.state.InMemoryInstanceStateStore;
import jakarta.ws.rs.core.Application;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
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
 * <p>Asynchronous operations handed to the SDK as {@link io.github.osbsdk.broker.api.AsyncTask}s
 * run on the executor and are tracked by the {@link OperationTracker}: at most one at a time per
 * service instance. A different mutation of the instance meanwhile (including a {@code DELETE}
 * during a running create, and binds while the instance is being created) gets 422
 * {@code ConcurrencyError}; an identical repeat gets 202 with the same {@code operation}.
 *
 * <pre>{@code
 * Broker broker = Broker.builder(new MyServiceBroker())
 *     .authenticator(BasicAuthenticator.of("user", "secret"))
 *     .build();
 * ResourceConfig jersey = ResourceConfig.forApplication(broker.application());
 * }</pre>
 *
 * <p>Instance and binding ids are matched raw and decoded once by the SDK, so URL-encoded CRNs
 * ({@code %3A}, {@code %2F}) round-trip unchanged; the container must pass encoded slashes through
 * (Jersey on Grizzly does by default; Undertow needs {@code UndertowOptions.ALLOW_ENCODED_SLASH}).
 * Jersey logs a harmless warning per resource ("does not implement any provider interfaces") when
 * resources are registered as instances, which {@link #application()} requires.
 */
public final class Broker implements AutoCloseable {
  private final Builder config;
  private final Set<Object> singletons;
  private final Application application;
  private final ExecutorService ownedExecutor;
  private final OperationTracker tracker;
  private final InstanceStateStore states;
  private final ObjectMapper mapper;

  private Broker(Builder config) {
    this.config = config;
    this.mapper = Json.newMapper();
    this.tracker = config.tracker != null ? config.tracker
        : new InMemoryOperationTracker(config.operationRetention);
    this.states = config.instanceStateStore != null ? config.instanceStateStore
        : new InMemoryInstanceStateStore();
    Catalogs catalogs = new Catalogs(config.serviceBroker, mapper);
    this.ownedExecutor = config.executor == null ? Executors.boundedDaemonPool() : null;
    ExecutorService executor = config.executor != null ? config.executor : ownedExecutor;
    ErrorResponses errors = new ErrorResponses(mapper);
    BrokerServices services = new BrokerServices(config.serviceBroker, mapper,
        mapper.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS), catalogs,
        new Bodies(mapper, config.maxRequestBytes), new JsonFields(mapper), states,
        new AsyncOperations(tracker, executor, Clock.systemUTC(), config.retryAfter),
        new ProviderOperations(), errors, config.strictVersionGating);
    Set<Object> all = new LinkedHashSet<>();
    all.add(new JsonProvider(mapper, config.maxRequestBytes));
    all.add(new BrokerExceptionMapper(errors));
    all.add(new RequestIdFilter());
    all.add(new AuthenticationFilter(config.authenticator, errors));
    all.add(new ApiVersionFilter(config.minimumApiVersion, config.missingVersionStatus, errors));
    all.add(new OriginatingIdentityFilter(mapper, errors));
    all.add(new CatalogResource(catalogs));
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

  /** @return the tracker of SDK-run asynchronous operations */
  public OperationTracker operationTracker() {
    return tracker;
  }

  /** @return the IBM Cloud instance-state store */
  public InstanceStateStore instanceStateStore() {
    return states;
  }

  /**
   * @return the SDK's shared, pre-configured mapper (unknown properties ignored, nulls omitted);
   *     do not reconfigure it
   */
  public ObjectMapper objectMapper() {
    return mapper;
  }

  /**
   * Stops the default executor (running tasks are interrupted); an executor passed to
   * {@link Builder#executor(ExecutorService)} is left alone.
   */
  @Override
  public void close() {
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
    private InstanceStateStore instanceStateStore;
    private Duration operationRetention = Duration.ofHours(24);
    private Duration retryAfter = Duration.ofSeconds(2);
    private ExecutorService executor;
    private OperationTracker tracker;
    private final List<Object> components = new ArrayList<>();

    private Builder(ServiceBroker serviceBroker) {
      this.serviceBroker = Objects.requireNonNull(serviceBroker, "serviceBroker == null");
    }

    /** @param authenticator checks every platform call @return this */
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

    /** @param version the oldest accepted {@code X-Broker-API-Version} (default 2.12) @return this */
    public Builder minimumApiVersion(ApiVersion version) {
      this.minimumApiVersion = Objects.requireNonNull(version, "version == null");
      return this;
    }

    /** @param status 400 (default, OSB 2.16+) or 412 for a missing version header @return this */
    public Builder missingVersionStatus(int status) {
      if (status != 400 && status != 412) {
        throw new IllegalArgumentException("status must be 400 or 412");
      }
      this.missingVersionStatus = status;
      return this;
    }

    /** @param strict refuse fetch and async bindings below API 2.14 (default false) @return this */
    public Builder strictVersionGating(boolean strict) {
      this.strictVersionGating = strict;
      return this;
    }

    /** @param bytes the largest accepted request body (default 1 MiB); larger gets 413 @return this */
    public Builder maxRequestBytes(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("bytes must be > 0");
      }
      this.maxRequestBytes = bytes;
      return this;
    }

    /** @param store where IBM instance states live (default: in memory) @return this */
    public Builder instanceStateStore(InstanceStateStore store) {
      this.instanceStateStore = Objects.requireNonNull(store, "store == null");
      return this;
    }

    /** @param retention how long finished SDK-tracked operations are remembered @return this */
    public Builder operationRetention(Duration retention) {
      this.operationRetention = Objects.requireNonNull(retention, "retention == null");
      return this;
    }

    /** @param retryAfter the {@code Retry-After} sent while an SDK-tracked operation runs @return this */
    public Builder retryAfter(Duration retryAfter) {
      this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter == null");
      return this;
    }

    /** @param executor runs {@link io.github.osbsdk.broker.api.AsyncTask}s (default: a bounded pool) @return this */
    public Builder executor(ExecutorService executor) {
      this.executor = Objects.requireNonNull(executor, "executor == null");
      return this;
    }

    /**
     * @param tracker where SDK-run asynchronous operations are tracked (default: in memory, with
     *     {@link #operationRetention(Duration)})
     * @return this
     */
    public Builder operationTracker(OperationTracker tracker) {
      this.tracker = Objects.requireNonNull(tracker, "tracker == null");
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
