package io.github.osbsdk.samples.hello;

import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.ReencryptionReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/**
 * hello-kv on Jersey 3.1 and an embedded Grizzly server.
 *
 * <p>IBM Cloud ids are CRNs and arrive with an encoded slash ({@code %2F}). Grizzly's
 * {@code HttpHandler#setAllowEncodedSlash(boolean)} governs whether Grizzly accepts it when it
 * decodes a path; {@link #allowEncodedSlashes(HttpServer)} sets it on Jersey's handler
 * explicitly. Jersey matches the raw request URI, and the SDK decodes ids exactly once (Jersey
 * 3.1.12 on Grizzly 4.0.2 passes {@code %2F} through either way; the setting guards other
 * versions and handlers).
 */
public final class HelloServer implements AutoCloseable {
  /**
   * Jersey warns once per resource registered as an instance that it "does not implement any
   * provider interfaces" (harmless: it is served as a resource), and about optional JAXB and
   * activation providers; keep the sample's console readable. Held strongly: JUL forgets the
   * level of a logger that is garbage-collected.
   */
  private static final List<Logger> QUIET = List.of(
      Logger.getLogger("org.glassfish.jersey.internal.inject.Providers"),
      Logger.getLogger("org.glassfish.jersey.message.internal.MessagingBinders"));

  static {
    QUIET.forEach(l -> l.setLevel(Level.SEVERE));
  }

  /** How long {@link #close()} lets requests in progress finish. */
  static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);
  /**
   * The longest {@link #close()} takes in all, under Kubernetes' default grace period of 30 s:
   * the requests' {@link #SHUTDOWN_GRACE}, then the broker's lease hand-back
   * ({@link #LEASE_HAND_BACK}), the metering flush ({@link #METERING_FLUSH}) and the pool's
   * close, each cut when its share is up.
   */
  static final Duration SHUTDOWN_TOTAL = Duration.ofSeconds(25);
  /**
   * How long {@link #close()} lets {@code Broker.close()} take, all in: the broker's running work
   * (up to 4 s: 3 s, then 1 s after an interrupt), then the give-up of its leases.
   */
  static final Duration LEASE_HAND_BACK = Duration.ofSeconds(6);
  /** How long {@link #close()} lets metering flush (its flush timeout, plus 1 s to stop). */
  static final Duration METERING_FLUSH = HelloMetering.FLUSH_TIMEOUT.plusSeconds(1);
  /**
   * Grizzly's worker threads: every request, database calls included, runs on one. Grizzly's
   * default (twice the cores) let a few requests waiting for a locked table hold up every other
   * request, the catalog too. With the pool's 10 connections and its 5 s connection timeout,
   * 64 threads let up to 54 requests wait for a connection (each answered 503 within 5 s when
   * none comes) while requests that need no connection still find a free thread.
   */
  public static final int WORKER_THREADS = 64;
  private final HttpServer server;
  private final Broker broker;
  private final HelloState state;
  private final HelloMetering metering;
  private final URI baseUri;
  private MetricsEndpoints metricsEndpoints;
  private CredentialReencryptionTask reencryption;

  private HelloServer(HttpServer server, Broker broker, HelloState state,
      HelloMetering metering, URI baseUri) {
    this.server = server;
    this.broker = broker;
    this.state = state;
    this.metering = metering;
    this.baseUri = baseUri;
  }

  /**
   * Starts the server.
   *
   * @param config the configuration
   * @return the running server
   */
  public static HelloServer start(HelloConfig config) {
    return start(config, HelloMetrics.off());
  }

  /**
   * Starts the server with {@code /metrics} and {@code /health} when the metrics are on.
   *
   * @param config the configuration
   * @param metrics the metrics, e.g. {@code HelloMetrics.fromEnvironment(System.getenv())}
   * @return the running server
   */
  public static HelloServer start(HelloConfig config, HelloMetrics metrics) {
    return start(config, metrics, HelloState.open(config.state()));
  }

  /**
   * {@link #start(HelloConfig, HelloMetrics)} on state opened already; closed with it. When a
   * step fails (the broker's port or the metrics listener's port taken, say), what was opened
   * before it is closed in reverse order, and the step's exception is thrown with any exception
   * of those closes suppressed on it.
   */
  static HelloServer start(HelloConfig config, HelloMetrics metrics, HelloState state) {
    Deque<AutoCloseable> opened = new ArrayDeque<>();
    opened.push(state::close);
    try {
      HelloMetering metering = HelloMetering.start(config, state.usageOutbox(),
          metrics.enabled() ? metrics.registry() : null);
      opened.push(metering::close);
      AtomicReference<String> publicUrl = new AtomicReference<>();
      AtomicReference<URI> base = new AtomicReference<>();
      Broker broker = HelloBroker.broker(config, state, metering, publicUrl::get, metrics);
      opened.push(broker::close);
      ResourceConfig app = new ResourceConfig().registerInstances(broker.singletons())
          .property(ServerProperties.WADL_FEATURE_DISABLE, true);
      HttpServer server = GrizzlyHttpServerFactory.createHttpServer(
          URI.create("http://" + config.host() + ":" + config.port() + "/"), app, false);
      MetricsEndpoints endpoints = MetricsEndpoints.mount(metrics, server, config, base::get);
      opened.push(endpoints::close);
      allowEncodedSlashes(server);
      GrizzlyHardening.apply(server);
      workerThreads(server, WORKER_THREADS);
      opened.push(server::shutdownNow);
      try {
        server.start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the server on " + config.host() + ":"
            + config.port(), e);
      }
      int port = server.getListeners().stream().mapToInt(NetworkListener::getPort).findFirst()
          .orElseThrow();
      publicUrl.set(config.publicUrl(port));
      // a wildcard address (0.0.0.0, [::]) is no address a client can call
      String host = config.hostIsWildcard() ? "localhost" : config.host();
      base.set(URI.create("http://" + host + ":" + port));
      HelloServer started = new HelloServer(server, broker, state, metering, base.get());
      started.metricsEndpoints = endpoints;
      if (config.state().reencryptCredentials()) {
        started.reencryption = CredentialReencryptionTask.start(broker);
      }
      return started;
    } catch (RuntimeException | Error e) {
      closeAll(opened, e);
      throw e;
    }
  }

  /**
   * Closes what a failed start opened, last opened first; what a close throws is suppressed on
   * the start's exception.
   *
   * @param opened what was opened, the last on top
   * @param failure the start's exception
   */
  static void closeAll(Deque<AutoCloseable> opened, Throwable failure) {
    while (!opened.isEmpty()) {
      try {
        opened.pop().close();
      } catch (Exception | Error e) {
        failure.addSuppressed(e);
      }
    }
  }

  /**
   * Sizes the worker thread pool of every listener of a server not yet started.
   *
   * @param server the server
   * @param threads how many worker threads each listener has
   */
  public static void workerThreads(HttpServer server, int threads) {
    workerThreads(server, threads, "hello-broker-worker");
  }

  /** {@link #workerThreads(HttpServer, int)} with the threads' name. */
  static void workerThreads(HttpServer server, int threads, String poolName) {
    for (NetworkListener listener : server.getListeners()) {
      listener.getTransport().setWorkerThreadPoolConfig(ThreadPoolConfig.defaultConfig()
          .setPoolName(poolName).setCorePoolSize(threads).setMaxPoolSize(threads));
    }
  }

  /**
   * The metrics and health endpoints.
   *
   * @return where {@code /metrics} and {@code /health} are served (nowhere when off)
   */
  public MetricsEndpoints metricsEndpoints() {
    return metricsEndpoints;
  }

  /**
   * Lets Grizzly pass {@code %2F} in paths to Jersey instead of answering 400.
   *
   * @param server a Grizzly server with Jersey's handler registered, not yet started
   */
  public static void allowEncodedSlashes(HttpServer server) {
    for (HttpHandler handler
        : server.getServerConfiguration().getHttpHandlersWithMapping().keySet()) {
      handler.setAllowEncodedSlash(true);
    }
  }

  /**
   * The server's base URI.
   *
   * @return the base URI, e.g. {@code http://127.0.0.1:41234} (no trailing slash)
   */
  public URI baseUri() {
    return baseUri;
  }

  /**
   * The service's own data.
   *
   * @return the store behind the broker
   */
  public KeyValueStore store() {
    return state.store();
  }

  /**
   * Returns the SDK broker.
   *
   * @return the broker
   */
  public Broker broker() {
    return broker;
  }

  /**
   * The background re-encryption of stored credentials ({@code BROKER_CREDENTIALS_REENCRYPT}).
   *
   * @return its report once done; completed with null when it is off
   */
  public CompletableFuture<ReencryptionReport> credentialReencryption() {
    return reencryption == null ? CompletableFuture.completedFuture(null) : reencryption.result();
  }

  /**
   * Returns the usage metering of the {@code metered} plan.
   *
   * @return the metering
   */
  public HelloMetering metering() {
    return metering;
  }

  /**
   * Stops the server gracefully, within {@link #SHUTDOWN_TOTAL}: it takes no new connections,
   * and the requests it is already receiving or handling get up to {@link #SHUTDOWN_GRACE} to
   * finish (a rolling deploy's SIGTERM does not cut a provision in half); what still runs then
   * is cut; the metrics listener ({@code METRICS_PORT}) stops at the same time, its scrapes
   * given {@link MetricsEndpoints#SHUTDOWN_GRACE}. Then it closes the broker, which lets its
   * running work end and gives its operations' leases up for another replica (up to
   * {@link #LEASE_HAND_BACK} in all, the wait for the work included; a lease
   * not given up then expires by itself within {@code BROKER_LEASE_S}), flushes metering (up to
   * {@link #METERING_FLUSH}) and closes the database pool (what is left). A step cut when its
   * share is up goes on in a daemon thread, which the JVM's exit ends.
   */
  @Override
  public void close() {
    long deadline = System.nanoTime() + SHUTDOWN_TOTAL.toNanos();
    if (reencryption != null) {
      reencryption.stop();
    }
    if (metricsEndpoints != null) {
      metricsEndpoints.shutdown(); // drains alongside the broker's listener
    }
    try {
      server.shutdown(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS)
          .get(SHUTDOWN_GRACE.toMillis() + 1_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // cut below
    }
    server.shutdownNow();
    if (metricsEndpoints != null) {
      Bounded.run("metrics listener", metricsEndpoints::close, MetricsEndpoints.SHUTDOWN_GRACE,
          deadline);
    }
    Bounded.run("broker", broker::close, LEASE_HAND_BACK, deadline);
    Bounded.run("metering", metering::close, METERING_FLUSH, deadline);
    Bounded.run("state", state::close, SHUTDOWN_TOTAL, deadline);
  }
}
