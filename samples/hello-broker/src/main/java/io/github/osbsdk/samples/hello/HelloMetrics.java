package io.github.osbsdk.samples.hello;

import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.auth.Authenticator;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.broker.core.health.BrokerHealth;
import io.github.osbsdk.broker.core.health.HealthCheck;
import io.github.osbsdk.broker.core.health.HealthReport;
import io.github.osbsdk.broker.iam.IamAuthenticator;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpHandlerRegistration;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * The sample's {@code GET /metrics} (Prometheus text format) and {@code GET /health} (JSON, 200
 * when every component is up, 503 when not), served when {@code BROKER_METRICS=true}.
 *
 * <p>Both live outside {@code /v2/**}, so the broker's authentication does not cover them; the
 * sample protects them itself:
 * <ul>
 *   <li>without {@code METRICS_PORT}, both are served on the broker's port; {@code /metrics}
 *       needs HTTP basic authentication with {@code BROKER_USERNAME}/{@code BROKER_PASSWORD}
 *       (in both {@code BROKER_AUTH} modes; a generated password is printed at start), and
 *       {@code /health} is open, for load balancers and probes: it shows only statuses, counts,
 *       times and error types;</li>
 *   <li>with {@code METRICS_PORT}, both move to a listener of their own on
 *       {@code METRICS_HOST} (default {@code 127.0.0.1}), without authentication: the network
 *       protects them (a Prometheus agent on the same host or pod scrapes it), and the broker's
 *       port serves neither.</li>
 * </ul>
 */
public final class HelloMetrics implements AutoCloseable {
  /** {@code /metrics}. */
  public static final String METRICS_PATH = "/metrics";
  /** {@code /health}. */
  public static final String HEALTH_PATH = "/health";
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final boolean enabled;
  private final String host;
  private final int port;
  private final PrometheusMeterRegistry registry;
  private volatile BrokerHealth health = BrokerHealth.builder().build();
  private HttpServer ownServer;
  private URI baseUri;
  private Supplier<URI> brokerBase = () -> null;

  private HelloMetrics(boolean enabled, String host, int port) {
    this.enabled = enabled;
    this.host = host;
    this.port = port;
    this.registry = enabled ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) : null;
  }

  /**
   * Reads {@code BROKER_METRICS} ({@code true} turns metrics and health on), {@code METRICS_PORT}
   * (unset: the broker's port; 0 picks a free one) and {@code METRICS_HOST} (default
   * {@code 127.0.0.1}, only with {@code METRICS_PORT}).
   *
   * @param env the environment, e.g. {@code System.getenv()}
   * @return the metrics, off unless {@code BROKER_METRICS=true}
   */
  public static HelloMetrics fromEnvironment(Map<String, String> env) {
    if (!"true".equalsIgnoreCase(env.getOrDefault("BROKER_METRICS", "false").strip())) {
      return off();
    }
    String port = env.get("METRICS_PORT");
    int p = port == null || port.isBlank() ? -1 : Integer.parseInt(port.strip());
    if (p > 65535 || p < -1) {
      throw new IllegalArgumentException("METRICS_PORT must be 0-65535: " + port);
    }
    return new HelloMetrics(true, env.getOrDefault("METRICS_HOST", "127.0.0.1"), p);
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
   * @return the Prometheus registry, or null when off
   */
  public PrometheusMeterRegistry registry() {
    return registry;
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
   * @return the broker
   */
  Broker watch(Broker broker, Authenticator authenticator) {
    BrokerHealth.Builder b = BrokerHealth.builder()
        .component("store", HealthCheck.store(broker.store()));
    if (authenticator instanceof IamAuthenticator iam) {
      b.component("iam", iam.keysHealth());
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
   * Serves {@code /metrics} and {@code /health}: on the broker's server (call before it starts
   * and before {@code GrizzlyHardening.apply}), or on a server of their own with
   * {@code METRICS_PORT}. Does nothing when off.
   *
   * @param server the broker's Grizzly server
   * @param config the broker's configuration (the basic credentials for {@code /metrics})
   * @param brokerBase the broker's base URI, known once it started
   */
  void mount(HttpServer server, HelloConfig config, Supplier<URI> brokerBase) {
    if (!enabled) {
      return;
    }
    if (port < 0) {
      // one root handler that answers the two paths and passes everything else to Jersey:
      // mapping them as handlers of their own would make Grizzly's mapper decode every path,
      // which breaks the %2F in CRN ids
      var handlers = server.getServerConfiguration();
      Map<HttpHandler, HttpHandlerRegistration[]> all =
          new LinkedHashMap<>(handlers.getHttpHandlersWithMapping());
      Endpoint metricsEndpoint = new Endpoint(true,
          BasicAuthenticator.of(config.username(), config.password()));
      for (Map.Entry<HttpHandler, HttpHandlerRegistration[]> e : all.entrySet()) {
        handlers.removeHttpHandler(e.getKey());
        handlers.addHttpHandler(new Dispatch(e.getKey(), metricsEndpoint,
            new Endpoint(false, null)), e.getValue());
      }
      this.brokerBase = brokerBase;
      return;
    }
    ownServer = new HttpServer();
    ownServer.addListener(new NetworkListener("metrics", host, port));
    ownServer.getServerConfiguration().addHttpHandler(new Dispatch(null,
        new Endpoint(true, null), new Endpoint(false, null)), "/");
    try {
      ownServer.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the metrics server on " + host + ":" + port, e);
    }
    int actual = ownServer.getListeners().stream().mapToInt(NetworkListener::getPort)
        .findFirst().orElseThrow();
    baseUri = URI.create("http://" + host + ":" + actual);
  }

  /**
   * Where {@code /metrics} and {@code /health} are served.
   *
   * @return the base URI (the broker's, or the metrics listener's), or null when off
   */
  public URI baseUri() {
    return baseUri != null ? baseUri : brokerBase.get();
  }

  /**
   * A line for the start-up instructions.
   *
   * @param config the configuration
   * @return where metrics and health are, and how {@code /metrics} is protected; empty when off
   */
  public String describe(HelloConfig config) {
    if (!enabled) {
      return "";
    }
    URI base = baseUri();
    if (ownServer != null) {
      return "Metrics: " + base + METRICS_PATH + " and " + base + HEALTH_PATH
          + " (own listener, no authentication)\n";
    }
    return "Metrics: curl -u " + config.username() + ":"
        + (config.passwordGenerated() ? config.password() : "$BROKER_PASSWORD") + " " + base
        + METRICS_PATH + "   Health: " + base + HEALTH_PATH + "\n";
  }

  /** Stops the metrics listener, if there is one. */
  @Override
  public void close() {
    if (ownServer != null) {
      ownServer.shutdownNow();
    }
  }

  /** Answers {@code /metrics} and {@code /health}; passes the rest on (or 404s it). */
  private static final class Dispatch extends HttpHandler {
    private final HttpHandler next;
    private final HttpHandler metrics;
    private final HttpHandler health;

    Dispatch(HttpHandler next, HttpHandler metrics, HttpHandler health) {
      super(next == null ? "metrics" : next.getName());
      this.next = next;
      this.metrics = metrics;
      this.health = health;
    }

    @Override
    public void service(Request request, Response response) throws Exception {
      String uri = request.getRequestURI();
      if (METRICS_PATH.equals(uri)) {
        metrics.service(request, response);
      } else if (HEALTH_PATH.equals(uri)) {
        health.service(request, response);
      } else if (next != null) {
        next.service(request, response);
      } else {
        response.sendError(404);
      }
    }
  }

  /** {@code /metrics} or {@code /health}, GET only. */
  private final class Endpoint extends HttpHandler {
    private final boolean metrics;
    private final BasicAuthenticator auth;

    Endpoint(boolean metrics, BasicAuthenticator auth) {
      this.metrics = metrics;
      this.auth = auth;
    }

    @Override
    public void service(Request request, Response response) throws IOException {
      if (!"GET".equals(request.getMethod().getMethodString())) {
        response.setHeader("Allow", "GET");
        write(response, 405, "text/plain; charset=utf-8", "GET only\n");
        return;
      }
      if (auth != null) {
        try {
          auth.authenticate(request.getHeader("Authorization"));
        } catch (ServiceBrokerException e) {
          response.setHeader("WWW-Authenticate", "Basic realm=\"metrics\"");
          write(response, 401, "text/plain; charset=utf-8", "authentication required\n");
          return;
        }
      }
      if (metrics) {
        write(response, 200, PROMETHEUS_TEXT, registry.scrape());
      } else {
        HealthReport report = health();
        write(response, report.httpStatus(), "application/json", report.toJson());
      }
    }

    private void write(Response response, int status, String type, String body)
        throws IOException {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      response.setStatus(status);
      response.setContentType(type);
      response.setHeader("Cache-Control", "no-store");
      response.setContentLength(bytes.length);
      response.getOutputStream().write(bytes);
    }
  }
}
