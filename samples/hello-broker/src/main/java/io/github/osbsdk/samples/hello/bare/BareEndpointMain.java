package io.github.osbsdk.samples.hello.bare;

import io.github.osbsdk.samples.hello.HelloServer;
import java.io.IOException;
import java.net.URI;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;

/**
 * Starts the benchmark baseline on the same container as the sample (Jersey + Grizzly):
 * {@code java -cp hello-broker.jar io.github.osbsdk.samples.hello.bare.BareEndpointMain}.
 * Environment: {@code PORT} (8081), {@code HOST} (127.0.0.1).
 */
public final class BareEndpointMain {
  private BareEndpointMain() {}

  /**
   * Starts the server and blocks.
   *
   * @param args ignored
   * @throws IOException when the server cannot start
   * @throws InterruptedException when interrupted
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    String host = System.getenv().getOrDefault("HOST", "127.0.0.1");
    int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8081"));
    ResourceConfig app = new ResourceConfig().registerInstances(new BareResource());
    HttpServer server = GrizzlyHttpServerFactory.createHttpServer(
        URI.create("http://" + host + ":" + port + "/"), app, false);
    HelloServer.allowEncodedSlashes(server);
    server.start();
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow, "bare-shutdown"));
    System.out.println("bare endpoint listening on http://" + host + ":" + port);
    Thread.currentThread().join();
  }
}
