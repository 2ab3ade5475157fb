package io.github.osbsdk.samples.hello.spring;

import io.github.osbsdk.samples.hello.HelloBrokerMain;
import io.github.osbsdk.samples.hello.HelloBrokerMain.Launched;
import io.github.osbsdk.samples.hello.HelloConfig;
import io.github.osbsdk.samples.hello.HelloMetrics;
import io.github.osbsdk.samples.hello.Instructions;
import java.io.PrintStream;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Starts hello-kv on Spring Boot (Jersey on Tomcat): {@code java -jar hello-broker-spring.jar}.
 * Same environment variables as {@link io.github.osbsdk.samples.hello.HelloBrokerMain}
 * ({@code PORT}, {@code HOST}, {@code BROKER_AUTH}, {@code BROKER_USERNAME},
 * {@code BROKER_PASSWORD}, ...), but state in memory and no {@code /metrics} or {@code /health}:
 * {@code BROKER_METRICS=true} is refused (exit status 2).
 */
public final class HelloBrokerSpringMain {
  private HelloBrokerSpringMain() {}

  /**
   * Starts the server; Spring Boot keeps the JVM running. A refused configuration or a server
   * that cannot start ends the JVM with one line on standard error (no stack trace) and status
   * 2 or 1, as {@link HelloBrokerMain}.
   *
   * @param args passed to Spring Boot
   */
  public static void main(String[] args) {
    HelloSpringServer server = start(System.getenv(), System.out, System.err, System::exit,
        args);
    if (server != null) {
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "hello-broker-shutdown"));
    }
  }

  /**
   * Reads the configuration from {@code env}, starts the application and prints how to use it;
   * a refused configuration or a server that cannot start is reported on {@code err} in one
   * line and ends with {@code exit} (see {@link HelloBrokerMain#startOrReport}).
   *
   * @param env the environment
   * @param out where the instructions go
   * @param err where a failure goes
   * @param exit told the exit status when the application did not start
   * @param args passed to Spring Boot
   * @return the running application, or null
   */
  static HelloSpringServer start(Map<String, String> env, PrintStream out, PrintStream err,
      IntConsumer exit, String... args) {
    HelloConfig[] config = new HelloConfig[1];
    Launched<HelloSpringServer> launched =
        HelloBrokerMain.startOrReport("hello-broker-spring", () -> {
          config[0] = HelloConfig.fromEnvironmentInMemory(env);
          HelloMetrics.refuseIn(env, "hello-broker-spring");
          return HelloSpringServer.start(config[0], args);
        }, err);
    if (launched.server() == null) {
      exit.accept(launched.exitStatus());
      return null;
    }
    HelloSpringServer server = launched.server();
    out.println("On Spring Boot (Jersey on Tomcat).");
    out.println(Instructions.text(config[0], server.baseUri().toString()));
    String note = HelloConfig.inMemoryNote(env, "hello-broker-spring");
    if (!note.isEmpty()) {
      out.println(note);
    }
    return server;
  }
}
