package io.github.osbsdk.samples.hello.resteasy;

import io.github.osbsdk.samples.hello.HelloBrokerMain;
import io.github.osbsdk.samples.hello.HelloBrokerMain.Launched;
import io.github.osbsdk.samples.hello.HelloConfig;
import io.github.osbsdk.samples.hello.HelloMetrics;
import io.github.osbsdk.samples.hello.Instructions;
import java.io.PrintStream;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Starts hello-kv on RESTEasy + Undertow. Same environment variables as
 * {@link io.github.osbsdk.samples.hello.HelloBrokerMain}, but state in memory and no
 * {@code /metrics} or {@code /health}: {@code BROKER_METRICS=true} is refused (exit status 2).
 */
public final class HelloBrokerResteasyMain {
  private HelloBrokerResteasyMain() {}

  /**
   * Starts the server and blocks until the JVM stops.
   *
   * @param args ignored
   * @throws InterruptedException when interrupted
   */
  public static void main(String[] args) throws InterruptedException {
    HelloResteasyServer server = start(System.getenv(), System.out, System.err, System::exit);
    if (server == null) {
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "hello-broker-shutdown"));
    Thread.currentThread().join();
  }

  /**
   * Reads the configuration from {@code env}, starts the server and prints how to use it; a
   * refused configuration or a server that cannot start is reported on {@code err} in one line
   * and ends with {@code exit} (see {@link HelloBrokerMain#startOrReport}).
   *
   * @param env the environment
   * @param out where the instructions go
   * @param err where a failure goes
   * @param exit told the exit status when the server did not start
   * @return the running server, or null
   */
  static HelloResteasyServer start(Map<String, String> env, PrintStream out, PrintStream err,
      IntConsumer exit) {
    HelloConfig[] config = new HelloConfig[1];
    Launched<HelloResteasyServer> launched =
        HelloBrokerMain.startOrReport("hello-broker-resteasy", () -> {
          config[0] = HelloConfig.fromEnvironmentInMemory(env);
          HelloMetrics.refuseIn(env, "hello-broker-resteasy");
          return HelloResteasyServer.start(config[0]);
        }, err);
    if (launched.server() == null) {
      exit.accept(launched.exitStatus());
      return null;
    }
    out.println("On RESTEasy + Undertow.");
    out.println(Instructions.text(config[0], launched.server().baseUri().toString()));
    String note = HelloConfig.inMemoryNote(env, "hello-broker-resteasy");
    if (!note.isEmpty()) {
      out.println(note);
    }
    return launched.server();
  }
}
