package io.github.osbsdk.samples.hello;

import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.broker.core.health.HealthReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpHandlerRegistration;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * Serves {@code GET /metrics} (Prometheus text format) and {@code GET /health} (JSON, 200 when
 * every component is up, 503 when not) on Grizzly, when {@code BROKER_METRICS=true}.
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
 *       port serves neither. The listener has {@value #WORKER_THREADS} worker threads of its
 *       own, the broker listener's hardening ({@link GrizzlyHardening}: bounded request head,
 *       JSON errors), a request timeout of {@link #REQUEST_TIMEOUT} and a bounded shutdown
 *       ({@link #SHUTDOWN_GRACE}).</li>
 * </ul>
 */
public final class MetricsEndpoints implements AutoCloseable {
  /** {@code /metrics}. */
  public static final String METRICS_PATH = "/metrics";
  /** {@code /health}. */
  public static final String HEALTH_PATH = "/health";
  /**
   * The metrics listener's worker threads: a scrape, a liveness and a readiness probe at once,
   * and one to spare. Few and of its own, so scrapes never take a thread an OSB call needs, and
   * OSB calls that fill the broker's pool never hold a scrape up.
   */
  static final int WORKER_THREADS = 4;
  /** The longest a request on the metrics listener may run: Prometheus' scrape timeout. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  /** How long {@link #close()} lets scrapes in progress on the metrics listener finish. */
  static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(2);
  private static final MetricsEndpoints NONE = new MetricsEndpoints(null, () -> null, null);

  private final HttpServer ownServer;
  private final Supplier<URI> base;
  private final HelloMetrics metrics;
  private Future<HttpServer> stopping;
  private long stopDeadline;

  private MetricsEndpoints(HttpServer ownServer, Supplier<URI> base, HelloMetrics metrics) {
    this.ownServer = ownServer;
    this.base = base;
    this.metrics = metrics;
  }

  /**
   * Serves {@code /metrics} and {@code /health} when the metrics are on: on the broker's server
   * (call before it starts and before {@code GrizzlyHardening.apply}), or with
   * {@code METRICS_PORT} on a server of their own, started now.
   *
   * @param metrics the metrics
   * @param server the broker's Grizzly server (unused with {@code METRICS_PORT})
   * @param config the broker's configuration: the basic credentials of {@code /metrics}
   * @param brokerBase the broker's base URI, known once it started
   * @return the endpoints; close them with the server
   */
  public static MetricsEndpoints mount(HelloMetrics metrics, HttpServer server,
      HelloConfig config, Supplier<URI> brokerBase) {
    return mount(metrics, server, config, brokerBase, REQUEST_TIMEOUT);
  }

  /**
   * {@link #mount(HelloMetrics, HttpServer, HelloConfig, Supplier)} with another limit per
   * request on the metrics listener ({@code METRICS_PORT}) than {@link #REQUEST_TIMEOUT}.
   *
   * @param requestTimeout how long a request on the metrics listener may run before its worker
   *     is interrupted: whole seconds, at least 1 (Grizzly counts the limit in seconds)
   * @throws IllegalArgumentException for a limit that is not a whole number of seconds from 1
   */
  static MetricsEndpoints mount(HelloMetrics metrics, HttpServer server, HelloConfig config,
      Supplier<URI> brokerBase, Duration requestTimeout) {
    if (requestTimeout.getSeconds() < 1 || requestTimeout.getNano() != 0
        || requestTimeout.getSeconds() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("requestTimeout must be whole seconds from 1: "
          + requestTimeout);
    }
    if (!metrics.enabled()) {
      return NONE;
    }
    if (metrics.port() < 0) {
      // one root handler answers the two paths and passes everything else on: handlers mapped
      // to paths of their own would make Grizzly's mapper decode every path, which breaks the
      // %2F of CRN ids
      var handlers = server.getServerConfiguration();
      Map<HttpHandler, HttpHandlerRegistration[]> all =
          new LinkedHashMap<>(handlers.getHttpHandlersWithMapping());
      HttpHandler scrape = new Endpoint(metrics, true,
          BasicAuthenticator.of(config.username(), config.password()));
      HttpHandler health = new Endpoint(metrics, false, null);
      for (Map.Entry<HttpHandler, HttpHandlerRegistration[]> e : all.entrySet()) {
        handlers.removeHttpHandler(e.getKey());
        handlers.addHttpHandler(new Dispatch(e.getKey(), scrape, health), e.getValue());
      }
      return new MetricsEndpoints(null, brokerBase, metrics);
    }
    HttpServer own = new HttpServer();
    NetworkListener listener = new NetworkListener("metrics", metrics.host(), metrics.port());
    // a request that outlasts a scrape's timeout has its worker interrupted, so a stuck meter
    // cannot hold one of the few threads for good
    listener.setTransactionTimeout((int) requestTimeout.toSeconds());
    own.addListener(listener);
    own.getServerConfiguration().addHttpHandler(new Dispatch(null,
        new Endpoint(metrics, true, null), new Endpoint(metrics, false, null)), "/");
    // both endpoints are GET only: a body is never read, and skipping more than this of one
    // closes the connection instead of draining it
    own.getServerConfiguration().setMaxPayloadRemainderToSkip(HttpLimits.MAX_HEADER_FIELDS);
    GrizzlyHardening.apply(own);
    HelloServer.workerThreads(own, WORKER_THREADS, "hello-broker-metrics");
    try {
      own.start();
    } catch (IOException e) {
      UncheckedIOException failure = new UncheckedIOException("cannot start the metrics listener"
          + " on " + metrics.host() + ":" + metrics.port(), e);
      try {
        own.shutdownNow(); // what it started before the bind failed
      } catch (RuntimeException stop) {
        failure.addSuppressed(stop);
      }
      throw failure;
    }
    int port = own.getListeners().stream().mapToInt(NetworkListener::getPort).findFirst()
        .orElseThrow();
    URI uri = URI.create("http://" + metrics.host() + ":" + port);
    return new MetricsEndpoints(own, () -> uri, metrics);
  }

  /**
   * Where {@code /metrics} and {@code /health} are served.
   *
   * @return the base URI (the broker's, or the metrics listener's), or null when off
   */
  public URI baseUri() {
    return base.get();
  }

  /**
   * A line for the start-up instructions.
   *
   * @param config the configuration
   * @return where metrics and health are, and how {@code /metrics} is protected; empty when off
   */
  public String describe(HelloConfig config) {
    if (metrics == null) {
      return "";
    }
    URI b = baseUri();
    if (ownServer != null) {
      return "Metrics: " + b + METRICS_PATH + " and " + b + HEALTH_PATH
          + " (own listener, no authentication)\n";
    }
    return "Metrics: curl " + Instructions.curlUser(config) + " " + b + METRICS_PATH
        + "   Health: " + b + HEALTH_PATH
        + (config.passwordGenerated() ? "" : "   (" + Instructions.PASSWORD_PROMPT + ")") + "\n";
  }

  /**
   * Starts stopping the metrics listener, if there is one, and returns at once: it takes no new
   * connections, and scrapes in progress get up to {@link #SHUTDOWN_GRACE} to finish. Call it
   * before the broker's own listener drains, so both wait at the same time; {@link #close()}
   * then ends what is left.
   */
  public synchronized void shutdown() {
    if (ownServer != null && stopping == null) {
      stopDeadline = System.nanoTime() + SHUTDOWN_GRACE.toNanos();
      stopping = ownServer.shutdown(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Stops the metrics listener, if there is one, within {@link #SHUTDOWN_GRACE} of
   * {@link #shutdown()} (called now when it was not): a scrape still running then is cut.
   */
  @Override
  public void close() {
    if (ownServer == null) {
      return;
    }
    shutdown();
    long wait = stopDeadline - System.nanoTime();
    try {
      if (wait > 0) {
        stopping.get(wait, TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // cut below
    }
    ownServer.shutdownNow();
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
  private static final class Endpoint extends HttpHandler {
    private final HelloMetrics metrics;
    private final boolean scrape;
    private final BasicAuthenticator auth;

    Endpoint(HelloMetrics metrics, boolean scrape, BasicAuthenticator auth) {
      this.metrics = metrics;
      this.scrape = scrape;
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
      if (scrape) {
        write(response, 200, PrometheusText.CONTENT_TYPE, metrics.scrape());
      } else {
        HealthReport report = metrics.health();
        write(response, report.httpStatus(), "application/json", report.toJson());
      }
    }

    private static void write(Response response, int status, String type, String body)
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
