package io.github.osbsdk.samples.hello.resteasy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.samples.hello.HelloConfig;
import io.github.osbsdk.samples.hello.reference.ContainerReferenceChecks;
import io.github.osbsdk.samples.hello.reference.RawHttp;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The container reference checks against hello-kv on RESTEasy + Undertow. */
class ResteasyReferenceChecksTest extends ContainerReferenceChecks {
  private static HelloResteasyServer server;

  @BeforeAll
  static void start() {
    server = HelloResteasyServer.start(HelloConfig.local(USER, PASSWORD, Duration.ofMillis(200)));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /**
   * Undertow refuses a raw space in the request line while parsing and writes a fixed, bodiless
   * 400 itself (no hook): the status is right, the OSB body is missing. Known limitation.
   */
  @Override
  @Test
  protected void rawSpaceInTheTargetGets400WithAnOsbErrorBody() {
    RawHttp.Answer a = raw().send("GET /v2/service_instances/a b HTTP/1.1",
        List.of("X-Broker-API-Version: 2.17"), null);
    assertThat(a.status()).as(a.raw()).isEqualTo(400);
    assertThat(a.raw()).doesNotContainIgnoringCase("<html");
  }

  @Override
  protected URI baseUri() {
    return server.baseUri();
  }
}
