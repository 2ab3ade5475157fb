package io.github.osbsdk.samples.hello.bare;

import io.github.osbsdk.samples.hello.HelloBrokerMain;
import io.github.osbsdk.samples.hello.HelloBrokerMain.Launched;
import io.github.osbsdk.samples.hello.HelloConfig;
import io.github.osbsdk.samples.hello.HelloServer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;

/**
 * Starts the benchmark baseline on the same container as the sample (Jersey + Grizzly):
 * {@code java -cp hello-broker.jar io.github.osbsdk.samples.hello.bare.BareEndpointMain}.
 * Environment: {@code PORT} (8081; 0 picks a free one), {@code HOST} (127.0.0.1), read as the
 * sample reads them: a malformed value stops the start with one line naming the variable and
 * exit status {@value HelloBrokerMain#BAD_CONFIGURATION}, never a stack trace.
 */
public final class BareEndpointMain {
  private static final String NAME = "bare-endpoint";

  private BareEndpointMain() {}

  /**
   * Starts the server and blocks; a refused setting or a server that cannot start ends the JVM
   * with one line on standard error (see {@link HelloBrokerMain#startOrReport}).
   *
   * @param args ignored
   * @throws InterruptedException when interrupted
   */
  public static void main(String[] args) throws InterruptedException {
    Launched<HttpServer> launched = start(System.getenv(), System.out, System.err);
    if (launched.server() == null) {
      System.exit(launched.exitStatus());
      return;
    }
    Runtime.getRuntime().addShutdownHook(
        new Thread(launched.server()::shutdownNow, "bare-shutdown"));
    Thread.currentThread().join();
  }

  /**
   * Reads {@code HOST} and {@code PORT} from {@code env}, starts the server and prints where it
   * listens; a refused setting or a server that cannot start is reported on {@code err} in one
   * line.
   *
   * @param env the environment
   * @param out where the address goes
   * @param err where a failure goes
   * @return the running server, or the exit status
   */
  static Launched<HttpServer> start(Map<String, String> env, PrintStream out, PrintStream err) {
    return HelloBrokerMain.startOrReport(NAME, () -> {
      String host = HelloConfig.host(env, "127.0.0.1");
      int port = HelloConfig.port(env, 8081);
      ResourceConfig app = new ResourceConfig().registerInstances(new BareResource());
      HttpServer server = GrizzlyHttpServerFactory.createHttpServer(
          URI.create("http://" + host + ":" + port + "/"), app, false);
      HelloServer.allowEncodedSlashes(server);
      // the sample's worker pool, so the benchmark compares the same container set-up
      HelloServer.workerThreads(server, HelloServer.WORKER_THREADS);
      try {
        server.start();
      } catch (IOException e) {
        server.shutdownNow();
        throw new UncheckedIOException("cannot listen on " + host + ":" + port, e);
      }
      out.println("bare endpoint listening on http://" + host + ":" + port(server));
      return server;
    }, err);
  }

  /**
   * The port a started server listens on (the one it got when {@code PORT} was 0).
   *
   * @param server the started server
   * @return its port
   */
  static int port(HttpServer server) {
    return server.getListeners().stream().mapToInt(NetworkListener::getPort).findFirst()
        .orElseThrow();
  }
}
