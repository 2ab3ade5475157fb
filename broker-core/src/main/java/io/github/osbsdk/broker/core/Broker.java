package io.github.osbsdk.broker.core;

import io.github.osbsdk.broker.api.ApiVersion;
import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.api.state.InstanceStateStore;
import io.github.osbsdk.broker.core.auth.Authenticator;
import jakarta.ws.rs.core.Application;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/**
 * A {@link ServiceBroker} made ready to serve: validated catalog, authentication, options.
 *
 * <p>SKELETON: signatures agreed between modules; the broker-core work fills in the behaviour.
 *
 * <pre>{@code
 * Broker broker = Broker.builder(new MyServiceBroker())
 *     .authenticator(BasicAuthenticator.of("user", "secret"))
 *     .build();
 * ResourceConfig jersey = ResourceConfig.forApplication(broker.application());
 * }</pre>
 */
public final class Broker {
  private final Builder config;

  private Broker(Builder config) {
    this.config = config;
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
    throw new UnsupportedOperationException("not implemented yet");
  }

  /**
   * @return the resource and provider instances, for containers configured by registering
   *     instances (e.g. Jersey's {@code ResourceConfig.registerInstances})
   */
  public Set<Object> singletons() {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** @return the provider's broker */
  public ServiceBroker serviceBroker() {
    return config.serviceBroker;
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
     */
    public Broker build() {
      if (authenticator == null && !insecure) {
        throw new IllegalStateException("no authenticator: call authenticator(...) or, for local"
            + " development only, insecureWithoutAuthentication()");
      }
      return new Broker(this);
    }
  }
}
