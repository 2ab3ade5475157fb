package io.github.osbsdk.samples.hello;

// tag::jersey-imports[]
import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.ServerConfiguration;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
// end::jersey-imports[]

/** The README's quick start, compiled (and run by {@link QuickStartTest}). */
final class QuickStart {
  private QuickStart() {}

  static HttpServer startOnJersey(URI uri, String password) throws IOException {
    // tag::jersey[]
    Broker broker = Broker.builder(new MyServiceBroker())
        .authenticator(BasicAuthenticator.of("broker", password))
        .build(); // validates the catalog, listing every problem
    ResourceConfig config = new ResourceConfig().registerInstances(broker.singletons());
    HttpServer server = GrizzlyHttpServerFactory.createHttpServer(uri, config, false);
    ServerConfiguration sc = server.getServerConfiguration();
    for (var h : Map.copyOf(sc.getHttpHandlersWithMapping()).entrySet()) {
      sc.removeHttpHandler(h.getKey()); // Jersey's: put it behind the guard (class below)
      sc.addHttpHandler(new OsbUriGuard(h.getKey()), h.getValue());
    }
    server.start();
    // end::jersey[]
    return server;
  }
}
