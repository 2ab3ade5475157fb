package io.github.osbsdk.samples.hello.resteasy;

import io.github.osbsdk.samples.hello.HelloConfig;
import io.github.osbsdk.samples.hello.reference.ContainerConsistencyChecks;
import io.github.osbsdk.samples.hello.reference.ContainerReferenceChecks;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The cross-container consistency checks against hello-kv on RESTEasy + Undertow. */
class ResteasyConsistencyChecksTest extends ContainerConsistencyChecks {
  private static HelloResteasyServer server;

  @BeforeAll
  static void start() {
    server = HelloResteasyServer.start(HelloConfig.local(ContainerReferenceChecks.USER,
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
