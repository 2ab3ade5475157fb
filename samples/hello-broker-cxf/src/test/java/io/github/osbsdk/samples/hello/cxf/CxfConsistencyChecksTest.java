package io.github.osbsdk.samples.hello.cxf;

import io.github.osbsdk.samples.hello.HelloConfig;
import io.github.osbsdk.samples.hello.reference.ContainerConsistencyChecks;
import io.github.osbsdk.samples.hello.reference.ContainerReferenceChecks;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The cross-container consistency checks against hello-kv on Apache CXF + Jetty. */
class CxfConsistencyChecksTest extends ContainerConsistencyChecks {
  private static HelloCxfServer server;

  @BeforeAll
  static void start() {
    server = HelloCxfServer.start(HelloConfig.local(ContainerReferenceChecks.USER,
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
