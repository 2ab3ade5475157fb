package io.github.osbsdk.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.samples.hello.reference.ContainerReferenceChecks;
import io.github.osbsdk.samples.hello.reference.RawHttp;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The container reference checks against hello-kv on Jersey + Grizzly. */
class GrizzlyReferenceChecksTest extends ContainerReferenceChecks {
  private static HelloServer server;

  @BeforeAll
  static void start() {
    server = HelloServer.start(HelloConfig.local(USER, PASSWORD, Duration.ofMillis(200)));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Override
  protected URI baseUri() {
    return server.baseUri();
  }

  @Test
  void headerFieldsOver8KibGet431EvenThoughTheRequestLineMayBeLonger() {
    RawHttp.Answer a = raw().send("GET /v2/catalog HTTP/1.1",
        List.of("X-Pad: " + "p".repeat(HttpLimits.MAX_HEADER_FIELDS)), null);
    assertThat(a.status()).as(a.raw()).isEqualTo(431);
  }
}
