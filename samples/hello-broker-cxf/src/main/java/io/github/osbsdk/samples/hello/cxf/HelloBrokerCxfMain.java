package io.github.osbsdk.samples.hello.cxf;

import io.github.osbsdk.samples.hello.HelloConfig;
import io.github.osbsdk.samples.hello.Instructions;

/**
 * Starts hello-kv on Apache CXF + Jetty: {@code java -jar hello-broker-cxf.jar}. Same environment
 * variables as {@link io.github.osbsdk.samples.hello.HelloBrokerMain}.
 */
public final class HelloBrokerCxfMain {
  private HelloBrokerCxfMain() {}

  /**
   * Starts the server and blocks until the JVM stops.
   *
   * @param args ignored
   * @throws InterruptedException when interrupted
   */
  public static void main(String[] args) throws InterruptedException {
    HelloConfig config = HelloConfig.fromEnvironmentInMemory(System.getenv());
    HelloCxfServer server = HelloCxfServer.start(config);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "hello-broker-shutdown"));
    System.out.println("On Apache CXF + Jetty.");
    System.out.println(Instructions.text(config, server.baseUri().toString()));
    String note = HelloConfig.inMemoryNote(System.getenv(), "hello-broker-cxf");
    if (!note.isEmpty()) {
      System.out.println(note);
    }
    Thread.currentThread().join();
  }
}
