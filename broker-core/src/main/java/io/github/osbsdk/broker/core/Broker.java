package io.github.osbsdk.broker.core;

import io.github.osbsdk.broker.api.ApiVersion;
import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.core.auth.Authenticator;
import io.github.osbsdk.broker.core.catalog.InvalidCatalogException;
import io.github.osbsdk.broker.core.health.HealthCheck;
import io.github.osbsdk.broker.core.internal.BrokerRuntime;
import io.github.osbsdk.broker.core.internal.BrokerSettings;
import io.github.osbsdk.broker.core.store.BrokerStore;
import jakarta.ws.rs.core.Application;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import javax.crypto.SecretKey;

/**
 * A {@link ServiceBroker} made ready to serve: validated catalog, authentication, options.
 *
 * <p>{@link Builder#build()} validates the catalog ({@link InvalidCatalogException} lists every
 * error), compiles the plans' parameter schemas and creates the JAX-RS resources (one per OSB
 * resource, plus IBM Cloud's {@code /bluemix_v1} instance state), the filters (request id,
 * authentication, API version, originating identity; only for {@code /v2/**} and
 * {@code /bluemix_v1/**}), the exception mapper and a JSON provider on the SDK's own Jackson
 * mapper: the container needs no JSON module.
 *
 * <p>The {@linkplain io.github.osbsdk.broker.core package description} tells how replicas share
 * the registry ({@link BrokerStore}) and asynchronous work, when an operation times out, and
 * what containers must be told.
 *
 * <pre>{@code
 * Broker broker = Broker.builder(new MyServiceBroker())
 *     .authenticator(BasicAuthenticator.of("user", "secret")).build();
 * ResourceConfig jersey = ResourceConfig.forApplication(broker.application());
 * }</pre>
 */
public final class Broker implements AutoCloseable {
  private final BrokerRuntime runtime;

  private Broker(Builder config) {
    this.runtime = new BrokerRuntime(config.settings());
  }

  /**
   * Starts a broker that answers the OSB API itself and calls this provider only for the work.
   *
   * @param serviceBroker the provider's implementation
   * @return a builder
   */
  public static Builder builder(ServiceBroker serviceBroker) {
    return new Builder(serviceBroker);
  }

  /**
   * The broker's OSB endpoints as a JAX-RS application, for containers that deploy one.
   *
   * @return a JAX-RS application with every resource and provider of this broker as singletons
   */
  // jakarta.ws.rs is required statically (the container brings it, and its users name it
  // themselves); transitive would make it mandatory for every module that reads this one
  @SuppressWarnings("exports")
  public Application application() {
    return runtime.application();
  }

  /**
   * The broker's OSB endpoints as resource and provider instances, for containers that register
   * instances.
   *
   * @return the resource and provider instances, for containers configured by registering
   *     instances (e.g. Jersey's {@code ResourceConfig.registerInstances})
   */
  public Set<Object> singletons() {
    return runtime.singletons();
  }

  /**
   * The provider's implementation the broker calls for the work.
   *
   * @return the provider's broker
   */
  public ServiceBroker serviceBroker() {
    return runtime.serviceBroker();
  }

  /**
   * The health check of the store where the broker keeps its instances, bindings and operations
   * ({@link HealthCheck#store(BrokerStore)} of it), for a {@code BrokerHealth} component: the
   * in-memory default too, whose reference the caller does not hold.
   *
   * @return the store's health check
   */
  public HealthCheck storeHealthCheck() {
    return HealthCheck.store(store());
  }

  /**
   * Where the broker keeps its instances, bindings and operations: the SDK's own state SPI, which
   * a provider never calls (it reads what the registry holds in its requests). Package-private
   * for the SDK's own tests; a store the user built is the one given to
   * {@link Builder#store(BrokerStore)}.
   *
   * @return the registry's store
   */
  BrokerStore store() {
    return runtime.runner().store();
  }

  /**
   * The owner this broker records on the operations it runs: the id given to
   * {@link Builder#replicaId(String)} followed by {@code #} and a random incarnation of this
   * broker, or the default random UUID.
   *
   * @return this replica's owner id
   */
  public String replicaId() {
    return runtime.runner().replicaId();
  }

  /**
   * Renews this replica's leases, takes over operations of replicas that stopped and purges old
   * operations now, instead of waiting for the background loop (which does the same every third
   * of the lease). For tests and operational tools.
   */
  public void maintainOperations() {
    runtime.runner().maintainNow();
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
    return runtime.reencryptCredentials();
  }

  /**
   * Stops gracefully: takes no operation over and starts no work any more; lets the work running
   * in this process (on the default executor, the one passed to
   * {@link Builder#executor(ExecutorService)}, or a request's thread) end for up to 3 s, its
   * leases still renewed; then interrupts the tasks and steps still running (their operations are
   * left to the replica that takes them over, not recorded as failed, whether they stop or throw)
   * and waits up to 1 s more for them: up to 4 s in all for the running work. It then stops the
   * maintenance loop (waiting up to 1 s for a round still running) and the default executor,
   * writes once more the outcomes a store outage held back, and gives up the leases of the
   * operations no longer running here, which another replica takes over at its next maintenance.
   * Work still running then (a synchronous provider call, work that ignores the interrupt) and an
   * outcome the store still refuses keep their leases, no longer renewed: they are taken over once
   * these expire, never while the work may still run here. An executor passed to the builder is
   * not shut down, and the {@link BrokerStore} is left open (close a {@code PostgresBrokerStore}
   * yourself, after the broker).
   *
   * <p>An interrupt of the calling thread, set before the call or arriving during it, cuts none of
   * this short; the thread's interrupt flag is set again when the close returns.
   *
   * <p>Called from the broker's own work (a resumable step, an asynchronous task or a provider
   * call of a request that closes the broker), the close does not wait for that work, which
   * cannot end before the close returns: it waits for the rest only, and the calling work keeps
   * its lease.
   *
   * <p>Stop serving requests before closing the broker: a request served after the close may
   * start an operation that nobody runs until its lease expires.
   */
  @Override
  public void close() {
    runtime.close();
  }

  /**
   * Configures a {@link Broker}: authentication and API versions here, where the registry lives
   * and how asynchronous operations run in {@link OperationOptions}.
   */
  public static final class Builder extends OperationOptions {
    private Builder(ServiceBroker serviceBroker) {
      super(new BrokerSettings(serviceBroker));
    }

    /**
     * Sets who may call the OSB endpoints: a call the authenticator refuses gets 401 and never
     * reaches the provider.
     *
     * @param authenticator checks every platform call
     * @return this
     */
    public Builder authenticator(Authenticator authenticator) {
      settings().authenticator(authenticator);
      return this;
    }

    /**
     * Serves without authentication. For local development only: {@link #build()} refuses
     * without this switch or an {@link #authenticator(Authenticator)}, and with both.
     *
     * @return this
     */
    public Builder insecureWithoutAuthentication() {
      settings().insecureWithoutAuthentication();
      return this;
    }

    /**
     * Sets the oldest {@code X-Broker-API-Version} the broker answers; an older one gets 412.
     *
     * @param version the oldest accepted {@code X-Broker-API-Version} (default 2.12)
     * @return this
     */
    public Builder minimumApiVersion(ApiVersion version) {
      settings().minimumApiVersion(version);
      return this;
    }

    /**
     * Sets the status of a request without {@code X-Broker-API-Version}.
     *
     * @param status 400 (default, OSB 2.16+) or 412 for a missing version header
     * @return this
     */
    public Builder missingVersionStatus(int status) {
      settings().missingVersionStatus(status);
      return this;
    }

    /**
     * Refuses, below API version 2.14, the fetch and asynchronous-binding requests that version
     * introduced.
     *
     * @param strict refuse fetch and async bindings below API 2.14 (default false)
     * @return this
     */
    public Builder strictVersionGating(boolean strict) {
      settings().strictVersionGating(strict);
      return this;
    }

    /**
     * Sets the largest request body the broker reads; a larger one gets 413 with an OSB error body.
     *
     * @param bytes the largest accepted request body (default 1 MiB); larger gets 413
     * @return this
     */
    public Builder maxRequestBytes(long bytes) {
      settings().maxRequestBytes(bytes);
      return this;
    }

    /**
     * Sets the most JSON a provider's answer may add: the binding a bind delivers (its
     * credentials, URLs, volume mounts, endpoints and metadata together), a provision's, update's
     * or asynchronous bind's metadata, and what a fetch answers beyond what the registry recorded
     * (fetches serve recorded parameters and details however large). A larger answer is a
     * provider bug: logged at ERROR without its values, answered 500 with an OSB error body, and
     * nothing of it is recorded; a provision or bind is kept as a failed create, so that the
     * platform's delete reaches {@link ServiceBroker#deprovision} or
     * {@link ServiceBroker#unbind}.
     *
     * @param bytes the most bytes of JSON an answer may add (default 1 MiB)
     * @return this
     * @throws IllegalArgumentException when it is not positive
     */
    public Builder maxAnswerBytes(long bytes) {
      settings().maxAnswerBytes(bytes);
      return this;
    }

    /**
     * Stores binding credentials in the registry, encrypted with AES-GCM under this key, so an
     * identical repeated bind and a fetch of the binding answer them without calling the
     * provider. Off by default: then credentials are never stored, and
     * {@link ServiceBroker#fetchBinding} supplies them. Every replica needs the same key:
     * {@link #build()} refuses one that (like any previous key) cannot open the credentials
     * the store holds; when the store does not answer then, binds and fetches check first.
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
     * Stored values stay until {@link Broker#reencryptCredentials()} rewrites them under the
     * current key: list an old key until a run reports {@link ReencryptionReport#complete()}.
     *
     * @param key the AES key new credentials are encrypted under (128, 192 or 256 bits)
     * @param previousKeys AES keys that only decrypt, may be empty
     * @return this
     * @throws IllegalArgumentException when a key is not an AES key of a valid length
     */
    public Builder storeCredentials(SecretKey key, List<SecretKey> previousKeys) {
      settings().storeCredentials(key, previousKeys);
      return this;
    }

    /**
     * Records the broker's meters ({@code osb.requests}, {@code osb.registry.answers},
     * {@code osb.operations}, {@code osb.operations.takeovers}; see the README's "Metrics and
     * health") on a Micrometer registry; without this call nothing is measured. Typed
     * {@code Object} so that the SDK loads without Micrometer, an optional dependency.
     *
     * @param meterRegistry any {@code io.micrometer.core.instrument.MeterRegistry} of
     *     micrometer-core 1.x ({@code SimpleMeterRegistry}, {@code PrometheusMeterRegistry}, a
     *     composite, Spring Boot's bean)
     * @return this
     * @throws NullPointerException when it is null
     * @throws IllegalArgumentException at this call, before {@link #build()}: when
     *     micrometer-core is not on the class path, or when the object is not a
     *     {@code MeterRegistry} (the message names its class)
     */
    public Builder meterRegistry(Object meterRegistry) {
      settings().meterRegistry(meterRegistry);
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
      settings().register(component);
      return this;
    }

    /**
     * Validates the catalog (listing every problem at once) and the configuration.
     *
     * @return the broker
     * @throws IllegalStateException with neither or both of an authenticator and
     *     {@link #insecureWithoutAuthentication()}; {@link CredentialKeyMismatchException} when no
     *     credential key opens the credentials the store holds
     * @throws InvalidCatalogException when the catalog has errors (warnings are logged)
     */
    public Broker build() {
      settings().checkAuthentication();
      return new Broker(this);
    }
  }
}
