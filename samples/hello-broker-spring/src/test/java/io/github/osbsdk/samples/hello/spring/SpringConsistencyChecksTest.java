package io.github.osbsdk.samples.hello.spring;

import io.github.osbsdk.samples.hello.HelloConfig;
import io.github.osbsdk.samples.hello.reference.ContainerConsistencyChecks;
import io.github.osbsdk.samples.hello.reference.ContainerReferenceChecks;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The cross-container consistency checks against hello-kv on Spring Boot (Jersey on Tomcat). */
class SpringConsistencyChecksTest extends ContainerConsistencyChecks {
  private static HelloSpringServer server;

  @BeforeAll
  static void start() {
    server = HelloSpringServer.start(HelloConfig.local(ContainerReferenceChecks.USER,
        ContainerReferenceChecks.PASSWORD, Duration.ofMillis(200)));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Override
  protected URI baseUri() {
    return server.baseUri();
  }
}
