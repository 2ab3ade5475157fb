package io.github.osbsdk.samples.hello.spring;

import io.github.osbsdk.samples.hello.HelloConfig;
import io.github.osbsdk.samples.hello.Instructions;

/**
 * Starts hello-kv on Spring Boot (Jersey on Tomcat): {@code java -jar hello-broker-spring.jar}.
 * Same environment variables as {@link io.github.osbsdk.samples.hello.HelloBrokerMain}
 * ({@code PORT}, {@code HOST}, {@code BROKER_AUTH}, {@code BROKER_USERNAME},
 * {@code BROKER_PASSWORD}, ...).
 */
public final class HelloBrokerSpringMain {
  private HelloBrokerSpringMain() {}

  /**
   * Starts the server; Spring Boot keeps the JVM running.
   *
   * @param args passed to Spring Boot
   */
  public static void main(String[] args) {
    HelloConfig config = HelloConfig.fromEnvironmentInMemory(System.getenv());
    HelloSpringServer server = HelloSpringServer.start(config, args);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "hello-broker-shutdown"));
    System.out.println("On Spring Boot (Jersey on Tomcat).");
    System.out.println(Instructions.text(config, server.baseUri().toString()));
    String note = HelloConfig.inMemoryNote(System.getenv(), "hello-broker-spring");
    if (!note.isEmpty()) {
      System.out.println(note);
    }
  }
}
