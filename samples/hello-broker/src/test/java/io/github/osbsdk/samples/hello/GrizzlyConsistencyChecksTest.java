package io.github.osbsdk.samples.hello;

import io.github.osbsdk.samples.hello.reference.ContainerConsistencyChecks;
import io.github.osbsdk.samples.hello.reference.ContainerReferenceChecks;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The cross-container consistency checks against hello-kv on Jersey + Grizzly. */
class GrizzlyConsistencyChecksTest extends ContainerConsistencyChecks {
  private static HelloServer server;

  @BeforeAll
  static void start() {
    server = HelloServer.start(HelloConfig.local(ContainerReferenceChecks.USER,
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
