package io.github.osbsdk.samples.hello.cxf;

import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.samples.hello.HelloBroker;
import io.github.osbsdk.samples.hello.HelloConfig;
import io.github.osbsdk.samples.hello.HttpLimits;
import io.github.osbsdk.samples.hello.InMemoryKeyValueStore;
import io.github.osbsdk.samples.hello.servlet.ServletRequestGuard;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.jaxrs.servlet.CXFNonSpringJaxrsServlet;
import org.apache.cxf.logging.FaultListener;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * hello-kv on Apache CXF 4.1 in an embedded Jetty 12 servlet container.
 *
 * <p>IBM Cloud ids are CRNs and arrive with {@code %2F}: Jetty 12 refuses such "ambiguous" paths
 * unless the URI compliance allows {@code AMBIGUOUS_PATH_SEPARATOR} and the servlet handler
 * decodes ambiguous URIs; CXF then matches the raw request URI and the SDK decodes each id once.
 * An id holding a {@code %} arrives as {@code %25}, which Jetty refuses as an ambiguous encoding
 * unless {@code AMBIGUOUS_PATH_ENCODING} is allowed too: the other containers serve such ids, so
 * this one does as well.
 * Every error Jetty answers itself gets an OSB error body ({@link JettyJsonErrorHandler}), and
 * {@link ServletRequestGuard} refuses malformed escapes before CXF. The servlet runs on a bus of
 * its own whose {@link QuietClientErrors} keeps CXF from logging a client's error (a 405, say)
 * with a stack trace; {@link #close()} shuts that bus down.
 */
public final class HelloCxfServer implements AutoCloseable {
  /** How long {@link #close()} lets requests in progress finish (Jetty's graceful stop). */
  static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);
  private final Server server;
  private final ServerConnector connector;
  private final GracefulHandler requests;
  private final Broker broker;
  private final Bus bus;
  private final URI baseUri;

  private HelloCxfServer(Server server, ServerConnector connector, GracefulHandler requests,
      Broker broker, Bus bus, URI baseUri) {
    this.server = server;
    this.bus = bus;
    this.connector = connector;
    this.requests = requests;
    this.broker = broker;
    this.baseUri = baseUri;
  }

  /**
   * Starts the server.
   *
   * @param config the configuration; port 0 picks a free port
   * @return the running server
   */
  public static HelloCxfServer start(HelloConfig config) {
    AtomicReference<String> publicUrl = new AtomicReference<>();
    Broker broker = HelloBroker.broker(config, new InMemoryKeyValueStore(), publicUrl::get);

    Server server = new Server();
    HttpConfiguration http = new HttpConfiguration();
    // %2F in CRNs; %25 in ids that hold a '%' (Jetty calls it an ambiguous encoding: decoded
    // once it looks like an escape, but CXF matches the raw path and the SDK decodes once)
    http.setUriCompliance(UriCompliance.DEFAULT.with("osb-ids",
        UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR,
        UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING));
    http.setSendServerVersion(false);
    // room for a long last_operation poll in the request line (Jetty's default is 8 KiB for
    // the line and the header fields together); the guard holds the header fields to 8 KiB
    http.setRequestHeaderSize(HttpLimits.MAX_REQUEST_HEAD);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(config.host());
    connector.setPort(config.port());
    server.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.getServletHandler().setDecodeAmbiguousURIs(true);
    context.addFilter(ServletRequestGuard.class, "/*", EnumSet.of(DispatcherType.REQUEST));
    CXFNonSpringJaxrsServlet servlet = new CXFNonSpringJaxrsServlet(broker.application());
    // CXF logs every client error it maps (a 405 too) at WARN with a stack trace
    Bus bus = BusFactory.newInstance().createBus();
    bus.setProperty(FaultListener.class.getName(), new QuietClientErrors());
    servlet.setBus(bus);
    context.addServlet(new ServletHolder(servlet), "/*");
    context.setErrorHandler(new JettyJsonErrorHandler());
    server.setErrorHandler(new JettyJsonErrorHandler());
    // graceful stop: no new requests, those in progress get SHUTDOWN_GRACE to finish
    GracefulHandler requests = new GracefulHandler(context);
    server.setHandler(requests);
    server.setStopTimeout(SHUTDOWN_GRACE.toMillis());
    try {
      server.start();
    } catch (Exception e) {
      bus.shutdown(true);
      broker.close();
      throw new IllegalStateException("cannot start the server on " + config.host() + ":"
          + config.port(), e);
    }
    int port = connector.getLocalPort();
    publicUrl.set(config.publicUrl(port));
    String host = config.hostIsWildcard() ? "localhost" : config.host();
    return new HelloCxfServer(server, connector, requests, broker, bus,
        URI.create("http://" + host + ":" + port));
  }

  /**
   * The base URI, e.g. {@code http://127.0.0.1:41234} (no trailing slash).
   *
   * @return the base URI, e.g. {@code http://127.0.0.1:41234} (no trailing slash)
   */
  public URI baseUri() {
    return baseUri;
  }

  /**
   * Stops the server gracefully: no new connections, new requests on open ones refused (503),
   * requests in progress (a body still arriving too, even with pauses) get up to
   * {@link #SHUTDOWN_GRACE} to finish; idle connections are closed within a second after that,
   * and what still runs after the grace is cut. Then it closes the broker (its running
   * operations are left for another replica).
   */
  @Override
  public void close() {
    try {
      // Jetty's own graceful stop gives every open connection the connector's shutdown idle
      // timeout (1 s) at once, which cuts a request whose body pauses longer; idle keep-alive
      // connections, on the other hand, must not hold the stop for the whole grace. So: stop
      // taking connections with the grace as that timeout, wait for the requests in progress,
      // then let Jetty's stop give the idle connections their second
      long idle = connector.getShutdownIdleTimeout();
      connector.setShutdownIdleTimeout(SHUTDOWN_GRACE.toMillis());
      CompletableFuture<Void> inProgress = requests.shutdown();
      connector.shutdown();
      try {
        inProgress.get(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        server.setStopTimeout(0); // the grace is over: cut what still runs
      }
      connector.setShutdownIdleTimeout(idle);
      server.stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping the server", e);
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the server", e);
    } finally {
      bus.shutdown(true); // the servlet shuts down only a bus it created itself
      broker.close();
    }
  }
}
