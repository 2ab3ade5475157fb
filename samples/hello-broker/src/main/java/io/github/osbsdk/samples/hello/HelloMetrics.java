package io.github.osbsdk.samples.hello;

import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.auth.Authenticator;
import io.github.osbsdk.broker.core.health.BrokerHealth;
import io.github.osbsdk.broker.core.health.HealthReport;
import io.github.osbsdk.broker.iam.IamAuthenticator;
import java.util.Map;

/**
 * The sample's metrics and health settings and state, read from {@code BROKER_METRICS},
 * {@code METRICS_PORT} and {@code METRICS_HOST}: a Prometheus registry the SDK's meters go to and
 * the broker's {@link BrokerHealth}. {@link MetricsEndpoints} serves them on Grizzly.
 *
 * <p>Container-neutral and free of Micrometer types, so {@link HelloBroker} stays usable by the
 * container samples, which have no Micrometer on their class path.
 */
public final class HelloMetrics {
  private final boolean enabled;
  private final String host;
  private final int port;
  private final Object registry;
  private volatile BrokerHealth health = BrokerHealth.builder().build();

  private HelloMetrics(boolean enabled, String host, int port) {
    this.enabled = enabled;
    this.host = host;
    this.port = port;
    this.registry = enabled ? PrometheusText.newRegistry() : null;
  }

  /**
   * Reads {@code BROKER_METRICS} ({@code true} turns metrics and health on), {@code METRICS_PORT}
   * (unset: the broker's port; 0 picks a free one) and {@code METRICS_HOST} (unset or blank:
   * {@code 127.0.0.1}; only with {@code METRICS_PORT}).
   *
   * <p>{@code METRICS_PORT} and {@code METRICS_HOST} are checked whenever they are set. Set
   * while {@code BROKER_METRICS} is unset, they are refused: a deployment that names a metrics
   * port wants metrics, and would otherwise start without them and without a word. With
   * {@code BROKER_METRICS=false} they are ignored (metrics switched off on purpose).
   *
   * @param env the environment, e.g. {@code System.getenv()}
   * @return the metrics, off unless {@code BROKER_METRICS=true}
   * @throws IllegalArgumentException when {@code BROKER_METRICS} is neither {@code true} nor
   *     {@code false}, {@code METRICS_PORT} is not a port, {@code METRICS_HOST} is no host, or
   *     either is set while {@code BROKER_METRICS} is not
   */
  public static HelloMetrics fromEnvironment(Map<String, String> env) {
    boolean enabled = EnvValues.readFlag(env, "BROKER_METRICS");
    String port = env.get("METRICS_PORT");
    boolean given = port != null && !port.isBlank();
    // -1 stands for unset here: a -1 given is as wrong as any other port out of range
    long p = given ? EnvValues.read(env, "METRICS_PORT", -1, 0, 65535, "") : -1;
    // read as HOST is: blank counts as unset, and what is no host is refused naming the variable
    String host = HelloConfig.host("METRICS_HOST", env.get("METRICS_HOST"), "127.0.0.1");
    if (!enabled) {
      String named = given ? "METRICS_PORT" : isSet(env, "METRICS_HOST") ? "METRICS_HOST" : null;
      if (named != null && !isSet(env, "BROKER_METRICS")) {
        throw new IllegalArgumentException(named + " is set, but BROKER_METRICS is not: set"
            + " BROKER_METRICS=true to serve /metrics and /health, or unset " + named);
      }
      return off();
    }
    return new HelloMetrics(true, host, (int) p);
  }

  private static boolean isSet(Map<String, String> env, String name) {
    String value = env.get(name);
    return value != null && !value.isBlank();
  }

  /**
   * Refuses {@code BROKER_METRICS=true} for a sample that serves neither {@code /metrics} nor
   * {@code /health} (the RESTEasy, Spring and CXF samples), so that switching a deployment from
   * this sample to another container never loses its metrics and health probe silently. Reads
   * {@code BROKER_METRICS} as {@link #fromEnvironment} does: {@code false} or unset passes (and
   * {@code METRICS_PORT} and {@code METRICS_HOST} are ignored, as they are here then), any value
   * other than {@code true} or {@code false} is refused too.
   *
   * @param env the environment
   * @param sample the sample's name, for the message
   * @throws IllegalArgumentException when {@code BROKER_METRICS} is not {@code false} or unset
   */
  public static void refuseIn(Map<String, String> env, String sample) {
    if (EnvValues.readFlag(env, "BROKER_METRICS")) {
      throw new IllegalArgumentException("BROKER_METRICS=true, but " + sample + " serves"
          + " neither /metrics nor /health; unset it, or run samples/hello-broker (Jersey on"
          + " Grizzly), which serves both");
    }
  }

  /**
   * No metrics, no health endpoint.
   *
   * @return metrics that are off
   */
  public static HelloMetrics off() {
    return new HelloMetrics(false, null, -1);
  }

  /**
   * Whether metrics are on.
   *
   * @return true with {@code BROKER_METRICS=true}
   */
  public boolean enabled() {
    return enabled;
  }

  /**
   * The registry the SDK's meters go to.
   *
   * @return a Micrometer {@code PrometheusMeterRegistry}, or null when off
   */
  public Object registry() {
    return registry;
  }

  /**
   * The metrics listener's host ({@code METRICS_HOST}).
   *
   * @return the host, or null when off
   */
  public String host() {
    return host;
  }

  /**
   * The metrics listener's port ({@code METRICS_PORT}).
   *
   * @return the port, 0 for a free one, or -1 to serve on the broker's port
   */
  public int port() {
    return port;
  }

  /**
   * Hands the registry to the broker's builder when metrics are on.
   *
   * @param builder the broker's builder
   * @return the builder
   */
  Broker.Builder configure(Broker.Builder builder) {
    return enabled ? builder.meterRegistry(registry) : builder;
  }

  /**
   * Checks the broker's components from now on: its store and, with IAM, the signing keys.
   *
   * @param broker the built broker
   * @param authenticator its authenticator
   * @param reporter the usage reporter of the metered plan, or null
   * @return the broker
   */
  Broker watch(Broker broker, Authenticator authenticator,
      io.github.osbsdk.broker.metering.UsageReporter reporter) {
    BrokerHealth.Builder b = BrokerHealth.builder()
        .component("store", broker.storeHealthCheck());
    if (authenticator instanceof IamAuthenticator iam) {
      b.component("iam", iam.keysHealth());
    }
    if (reporter != null) {
      b.component("metering", reporter.health());
    }
    this.health = b.build();
    return broker;
  }

  /**
   * The health now.
   *
   * @return the report
   */
  public HealthReport health() {
    return health.check();
  }

  /**
   * The meters in Prometheus text format.
   *
   * @return the scrape
   * @throws IllegalStateException when metrics are off
   */
  public String scrape() {
    if (!enabled) {
      throw new IllegalStateException("metrics are off");
    }
    return PrometheusText.scrape(registry);
  }
}
