package io.github.osbsdk.broker.iam;

import java.net.URI;
import java.util.Set;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpContainer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;

/**
 * Jersey on Grizzly, bound to 127.0.0.1 on a port the system picks as soon as it is made, so
 * that its base is known (for an SSO's callback) before the resources it serves from
 * {@link #start}; the port stays its own in between.
 */
final class TestServer implements AutoCloseable {
  final URI base;
  private final GrizzlyHttpContainer container;
  private final HttpServer server;

  TestServer() {
    container = ContainerFactory.createContainer(GrizzlyHttpContainer.class,
        new ResourceConfig());
    server = GrizzlyHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/"),
        container, false, null, true);
    base = URI.create("http://127.0.0.1:" + server.getListener("grizzly").getPort());
  }

  TestServer start(Set<Object> instances) {
    container.reload(new ResourceConfig().registerInstances(instances));
    return this;
  }

  @Override
  public void close() {
    server.shutdownNow();
  }
}
