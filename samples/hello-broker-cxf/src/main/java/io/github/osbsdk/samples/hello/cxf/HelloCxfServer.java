package io.github.osbsdk.samples.hello.cxf;

import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.samples.hello.HelloBroker;
import io.github.osbsdk.samples.hello.HelloConfig;
import io.github.osbsdk.samples.hello.InMemoryKeyValueStore;
import io.github.osbsdk.samples.hello.servlet.ServletRequestGuard;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.cxf.jaxrs.servlet.CXFNonSpringJaxrsServlet;
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
 * Every error Jetty answers itself gets an OSB error body ({@link JettyJsonErrorHandler}), and
 * {@link ServletRequestGuard} refuses malformed escapes before CXF.
 */
public final class HelloCxfServer implements AutoCloseable {
  /** How long {@link #close()} lets requests in progress finish (Jetty's graceful stop). */
  static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);
  private final Server server;
  private final Broker broker;
  private final URI baseUri;

  private HelloCxfServer(Server server, Broker broker, URI baseUri) {
    this.server = server;
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
    http.setUriCompliance(UriCompliance.DEFAULT.with("osb-crn-ids",
        UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR));
    http.setSendServerVersion(false);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(config.host());
    connector.setPort(config.port());
    server.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.getServletHandler().setDecodeAmbiguousURIs(true);
    context.addFilter(ServletRequestGuard.class, "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new CXFNonSpringJaxrsServlet(broker.application())),
        "/*");
    context.setErrorHandler(new JettyJsonErrorHandler());
    server.setErrorHandler(new JettyJsonErrorHandler());
    // graceful stop: no new requests, those in progress get SHUTDOWN_GRACE to finish
    server.setHandler(new GracefulHandler(context));
    server.setStopTimeout(SHUTDOWN_GRACE.toMillis());
    try {
      server.start();
    } catch (Exception e) {
      broker.close();
      throw new IllegalStateException("cannot start the server on " + config.host() + ":"
          + config.port(), e);
    }
    int port = connector.getLocalPort();
    publicUrl.set(config.publicUrl(port));
    String host = config.host().equals("0.0.0.0") ? "localhost" : config.host();
    return new HelloCxfServer(server, broker, URI.create("http://" + host + ":" + port));
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
   * Stops the server gracefully: no new connections, requests in progress get up to
   * {@link #SHUTDOWN_GRACE} to finish. Then it closes the broker (its running operations are
   * left for another replica).
   */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the server", e);
    } finally {
      broker.close();
    }
  }
}
