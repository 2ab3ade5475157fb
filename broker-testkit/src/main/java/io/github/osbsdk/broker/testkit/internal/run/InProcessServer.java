package io.github.osbsdk.broker.testkit.internal.run;

import io.github.osbsdk.broker.core.Broker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;

/**
 * A {@link Broker} mounted on embedded Jersey + Grizzly at {@code 127.0.0.1} on a random port.
 * Jersey and Grizzly are optional dependencies of the kit: call {@link InProcessSupport#require()}
 * before touching this class.
 */
public final class InProcessServer implements AutoCloseable {
  /**
   * Jersey warns once per resource registered as an instance that it "will be ignored" as a
   * provider (harmless: it is served as a resource). Held strongly: JUL forgets the level of a
   * logger that is garbage-collected.
   */
  private static final Logger JERSEY_PROVIDERS =
      Logger.getLogger("org.glassfish.jersey.internal.inject.Providers");

  static {
    if (JERSEY_PROVIDERS.getLevel() == null) {
      JERSEY_PROVIDERS.setLevel(Level.SEVERE);
    }
  }

  private final HttpServer server;
  private final URI baseUrl;

  private InProcessServer(HttpServer server, URI baseUrl) {
    this.server = server;
    this.baseUrl = baseUrl;
  }

  /**
   * @param broker the broker
   * @return the running server
   */
  public static InProcessServer start(Broker broker) {
    Objects.requireNonNull(broker, "broker == null");
    ResourceConfig config = new ResourceConfig().registerInstances(broker.singletons());
    HttpServer server = GrizzlyHttpServerFactory.createHttpServer(
        URI.create("http://127.0.0.1:0/"), config, false);
    // IBM Cloud ids are CRNs and arrive with %2F: let Grizzly pass encoded slashes through
    for (HttpHandler handler : server.getServerConfiguration().getHttpHandlersWithMapping()
        .keySet()) {
      handler.setAllowEncodedSlash(true);
    }
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the in-process broker", e);
    }
    NetworkListener listener = server.getListeners().iterator().next();
    return new InProcessServer(server, URI.create("http://127.0.0.1:" + listener.getPort()));
  }

  /** @return {@code http://127.0.0.1:PORT} */
  public URI baseUrl() {
    return baseUrl;
  }

  /** Stops the server. */
  @Override
  public void close() {
    server.shutdownNow();
  }
}
