package io.github.osbsdk.broker.core.internal;

import io.github.osbsdk.broker.api.ApiVersion;
import io.github.osbsdk.broker.api.ResumableStep;
import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.auth.Authenticator;
import io.github.osbsdk.broker.core.internal.metrics.BrokerMetrics;
import io.github.osbsdk.broker.core.store.BrokerStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import javax.crypto.SecretKey;
import org.slf4j.LoggerFactory;

/**
 * What a {@code Broker.Builder} was told, with the defaults and the checks of each setting (the
 * builder's Javadoc documents them). Mutable, like the builder it belongs to; {@link BrokerRuntime}
 * reads it once, when the broker is built.
 */
public final class BrokerSettings {
  private final ServiceBroker serviceBroker;
  private Authenticator authenticator;
  private boolean insecure;
  private ApiVersion minimumApiVersion = ApiVersion.IBM_CLOUD;
  private int missingVersionStatus = 400;
  private boolean strictVersionGating;
  private long maxRequestBytes = 1024 * 1024;
  private long maxAnswerBytes = AnswerJson.DEFAULT_MAX_BYTES;
  private BrokerStore store;
  private String replicaId = UUID.randomUUID().toString();
  /** Whether {@link #replicaId} was set (else it is a random UUID, this process's alone). */
  private boolean replicaIdSet;
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
  private Clock clock = Clock.systemUTC();

  /**
   * The defaults, for this provider.
   *
   * @param serviceBroker the provider's implementation
   */
  public BrokerSettings(ServiceBroker serviceBroker) {
    this.serviceBroker = Objects.requireNonNull(serviceBroker, "serviceBroker == null");
  }

  /**
   * The provider's implementation.
   *
   * @return the provider's broker
   */
  public ServiceBroker serviceBroker() {
    return serviceBroker;
  }

  /**
   * The authenticator.
   *
   * @return the authenticator, or null when none was given
   */
  public Authenticator authenticator() {
    return authenticator;
  }

  /**
   * Whether serving without authentication was asked for.
   *
   * @return whether the broker may run without an authenticator
   */
  public boolean insecure() {
    return insecure;
  }

  /**
   * The check {@code Broker.Builder.build()} makes before anything starts: the broker refuses to
   * run without an authenticator unless serving without authentication was asked for, and warns
   * (on the {@code Broker} logger) when it was.
   *
   * @throws IllegalStateException without an authenticator and without
   *     {@link #insecureWithoutAuthentication()}, or with both
   */
  public void checkAuthentication() {
    if (authenticator != null && insecure) {
      throw new IllegalStateException("both authenticator(...) and"
          + " insecureWithoutAuthentication() were called: call only one of them");
    }
    if (authenticator == null && !insecure) {
      throw new IllegalStateException("no authenticator: call authenticator(...) or, for local"
          + " development only, insecureWithoutAuthentication()");
    }
    if (authenticator == null) {
      LoggerFactory.getLogger(Broker.class).warn("The broker runs WITHOUT"
          + " authentication (insecureWithoutAuthentication): for local development only");
    }
  }

  /** Sets the authenticator. */
  public void authenticator(Authenticator authenticator) {
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator == null");
  }

  /** Allows serving without authentication. */
  public void insecureWithoutAuthentication() {
    this.insecure = true;
  }

  /** Sets the oldest accepted API version. */
  public void minimumApiVersion(ApiVersion version) {
    this.minimumApiVersion = Objects.requireNonNull(version, "version == null");
  }

  /** Sets the status of a missing version header. */
  public void missingVersionStatus(int status) {
    if (status != 400 && status != 412) {
      throw new IllegalArgumentException("status must be 400 or 412");
    }
    this.missingVersionStatus = status;
  }

  /** Sets the version gating of fetches and async bindings. */
  public void strictVersionGating(boolean strict) {
    this.strictVersionGating = strict;
  }

  /** Sets the largest accepted request body. */
  public void maxRequestBytes(long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("bytes must be > 0");
    }
    this.maxRequestBytes = bytes;
  }

  /** Sets the largest answer of the provider's. */
  public void maxAnswerBytes(long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("bytes must be > 0");
    }
    this.maxAnswerBytes = bytes;
  }

  /** Sets the store. */
  public void store(BrokerStore brokerStore) {
    this.store = Objects.requireNonNull(brokerStore, "brokerStore == null");
  }

  /** Sets this replica's id. */
  public void replicaId(String id) {
    Objects.requireNonNull(id, "id == null");
    if (id.isBlank() || id.length() > 200) {
      throw new IllegalArgumentException("a replica id is 1 to 200 characters");
    }
    this.replicaId = id;
    this.replicaIdSet = true;
  }

  /** Sets the lease. */
  public void lease(Duration length) {
    Objects.requireNonNull(length, "length == null");
    if (length.compareTo(Duration.ofSeconds(1)) < 0
        || length.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new IllegalArgumentException("the lease must be between 1 s and 10 min");
    }
    this.lease = length;
  }

  /** Sets how long an identical repeat waits. */
  public void repeatWait(Duration wait) {
    Objects.requireNonNull(wait, "wait == null");
    if (wait.isNegative()) {
      throw new IllegalArgumentException("the repeat wait must not be negative");
    }
    this.repeatWait = wait;
  }

  /** Registers a resumable step. */
  public void step(String name, ResumableStep step) {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(step, "step == null");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a step needs a name that is not blank");
    }
    if (steps.putIfAbsent(name, step) != null) {
      throw new IllegalArgumentException("a step named '" + name + "' is registered already");
    }
  }

  /** Sets the keys of stored credentials, checking them. */
  public void storeCredentials(SecretKey key, List<SecretKey> previousKeys) {
    Objects.requireNonNull(key, "key == null");
    List<SecretKey> previous = List.copyOf(
        Objects.requireNonNull(previousKeys, "previousKeys == null"));
    BrokerServices.cipher(key, previous);
    this.credentialKey = key;
    this.previousCredentialKeys = previous;
  }

  /** Sets the timeout of asynchronous operations whose plan declares none. */
  public void operationTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout == null");
    if (timeout.compareTo(Duration.ofMillis(1)) < 0
        || timeout.compareTo(Duration.ofMillis(Long.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException("the operation timeout must be > 0 (at least 1 ms)");
    }
    this.operationTimeout = timeout;
  }

  /** Sets how long finished operations stay readable. */
  public void operationRetention(Duration retention) {
    Objects.requireNonNull(retention, "retention == null");
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("the operation retention must be > 0");
    }
    this.operationRetention = retention;
  }

  /** Sets the {@code Retry-After} sent while an operation runs. */
  public void retryAfter(Duration retryAfter) {
    Objects.requireNonNull(retryAfter, "retryAfter == null");
    if (retryAfter.isNegative() || retryAfter.isZero()) {
      throw new IllegalArgumentException("retryAfter must be > 0 (under 1 s no Retry-After is"
          + " sent)");
    }
    this.retryAfter = retryAfter;
  }

  /** Sets the executor of asynchronous work. */
  public void executor(ExecutorService executor) {
    this.executor = Objects.requireNonNull(executor, "executor == null");
  }

  /** Sets the meter registry. */
  public void meterRegistry(Object meterRegistry) {
    this.metrics = BrokerMetrics.of(meterRegistry);
  }

  /** Adds a JAX-RS component. */
  public void register(Object component) {
    components.add(Objects.requireNonNull(component, "component == null"));
  }

  /**
   * Sets the clock the broker reads the time from (operation starts, deadlines and leases, the
   * intervals of its rate-limited log lines). Not on the builder: for the SDK's own tests, which
   * move a clock by hand instead of waiting for a deadline to pass.
   */
  public void clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  ApiVersion minimumApiVersion() {
    return minimumApiVersion;
  }

  int missingVersionStatus() {
    return missingVersionStatus;
  }

  boolean strictVersionGating() {
    return strictVersionGating;
  }

  long maxRequestBytes() {
    return maxRequestBytes;
  }

  long maxAnswerBytes() {
    return maxAnswerBytes;
  }

  /** @return the store given, or null for the default */
  BrokerStore store() {
    return store;
  }

  /**
   * The owner a new broker records on its operations: the random UUID of the default, or the id
   * set followed by {@code #} and a random incarnation, new on each call. A process restarted
   * under its id (a pod's name) must not take the operations its previous life left in progress
   * for its own: it would renew their leases, and no replica would ever take them over.
   *
   * @return the owner id of one broker
   */
  String replicaId() {
    if (!replicaIdSet) {
      return replicaId;
    }
    String incarnation = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    return replicaId + "#" + incarnation;
  }

  Duration lease() {
    return lease;
  }

  Duration repeatWait() {
    return repeatWait;
  }

  Map<String, ResumableStep> steps() {
    return steps;
  }

  /** @return the key, or null when credentials are not stored */
  SecretKey credentialKey() {
    return credentialKey;
  }

  List<SecretKey> previousCredentialKeys() {
    return previousCredentialKeys;
  }

  Duration operationRetention() {
    return operationRetention;
  }

  Duration operationTimeout() {
    return operationTimeout;
  }

  Duration retryAfter() {
    return retryAfter;
  }

  /** @return the executor given, or null for the default */
  ExecutorService executor() {
    return executor;
  }

  List<Object> components() {
    return components;
  }

  BrokerMetrics metrics() {
    return metrics;
  }

  /** @return the clock, the system's UTC clock unless a test set one */
  Clock clock() {
    return clock;
  }
}
