package io.github.osbsdk.samples.hello.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.osbsdk.samples.hello.HelloConfig;
import io.github.osbsdk.samples.hello.OsbErrorJson;
import io.github.osbsdk.samples.hello.reference.ContainerConsistencyChecks;
import io.github.osbsdk.samples.hello.reference.ContainerReferenceChecks;
import io.github.osbsdk.samples.hello.reference.RawHttp;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

  @ParameterizedTest
  @ValueSource(strings = {"HTTP/9.9", "HTTP/1.2"})
  void requestLineWithAnHttpVersionOtherThan10Or11Gets400NamingTheVersionsNot505(String version)
      throws Exception {
    // Tomcat answers 505; the valve makes it the 400 Grizzly, Jetty and Undertow answer: the
    // client's mistake, with no error code claiming the broker failed
    RawHttp.Answer a = new RawHttp(baseUri()).sendBytes(("GET /v2/catalog " + version
        + "\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));

    assertThat(a.status()).as(a.raw()).isEqualTo(400);
    assertThat(a.contentType()).as(a.raw()).startsWith("application/json");
    JsonNode body = new ObjectMapper().readTree(a.body());
    assertThat(body.has("error")).as(a.raw()).isFalse();
    assertThat(body.path("description").asText()).as(a.raw()).isEqualTo(
        OsbErrorJson.UNPARSABLE_REQUEST);
  }
}
