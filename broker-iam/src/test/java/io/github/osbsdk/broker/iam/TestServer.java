package io.github.osbsdk.broker.iam;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Set;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;

/** Jersey on Grizzly, bound to 127.0.0.1 on a free port. */
final class TestServer implements AutoCloseable {
  final URI base;
  private HttpServer server;

  TestServer() {
    this.base = URI.create("http://127.0.0.1:" + freePort());
  }

  TestServer start(Set<Object> instances) {
    ResourceConfig rc = new ResourceConfig().registerInstances(instances);
    server = GrizzlyHttpServerFactory.createHttpServer(base, rc, true);
    return this;
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    if (server != null) {
      server.shutdownNow();
    }
  }
}
