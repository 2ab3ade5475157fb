package io.github.osbsdk.samples.hello;

// tag::jersey-imports[]
import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import java.io.IOException;
import java.net.URI;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpServer;
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
    for (HttpHandler h : server.getServerConfiguration().getHttpHandlersWithMapping().keySet()) {
      h.setAllowEncodedSlash(true); // IBM Cloud ids are CRNs: they arrive with %2F
    }
    server.start();
    // end::jersey[]
    return server;
  }
}
