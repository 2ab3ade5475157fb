package io.github.osbsdk.samples.hello.resteasy;

import io.github.osbsdk.samples.hello.HelloConfig;
import io.github.osbsdk.samples.hello.Instructions;

/**
 * Starts hello-kv on RESTEasy + Undertow. Same environment variables as
 * {@link io.github.osbsdk.samples.hello.HelloBrokerMain}.
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
    HelloConfig config = HelloConfig.fromEnvironmentInMemory(System.getenv());
    HelloResteasyServer server = HelloResteasyServer.start(config);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "hello-broker-shutdown"));
    System.out.println("On RESTEasy + Undertow.");
    System.out.println(Instructions.text(config, server.baseUri().toString()));
    String note = HelloConfig.inMemoryNote(System.getenv(), "hello-broker-resteasy");
    if (!note.isEmpty()) {
      System.out.println(note);
    }
    Thread.currentThread().join();
  }
}
