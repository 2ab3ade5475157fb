package io.github.osbsdk.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.samples.hello.reference.ContainerReferenceChecks;
import io.github.osbsdk.samples.hello.reference.RawHttp;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
  void contentLengthAndChunkedTogetherGet400AndTheConnectionCloses() throws Exception {
    for (boolean lengthFirst : new boolean[] {true, false}) {
      assertThat(assertSdkAnswerOnlyThenClosed(contentLengthAndChunked(lengthFirst)).status())
          .isEqualTo(400);
    }
  }

  @Test
  void requestLineWithoutASpaceGets400WithAnOsbErrorBodyInsteadOfNoAnswer() {
    // before: no answer until the idle timeout, or with a header line after it a bodiless 404
    for (String request : List.of("GARBAGE\r\n\r\n", "GET\r\n\r\n",
        "GARBAGE\r\nHost: localhost\r\n\r\n", "GET\t/v2/catalog\tHTTP/1.1\r\n\r\n")) {
      RawHttp.Answer a = raw().sendBytes(request.getBytes(StandardCharsets.US_ASCII));
      assertThat(a.status()).as(request + a.raw()).isEqualTo(400);
      assertThat(a.body()).as(a.raw()).doesNotContain("\"error\"")
          .contains("request line is malformed");
    }
  }

  @Test
  void gzipTransferCodingGets501NotTheSdksMissingBody() {
    RawHttp.Answer a = raw().sendBytes(("POST /v2/service_instances/i1/service_bindings/b1"
        + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nTransfer-Encoding: gzip"
        + "\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII));
    assertThat(a.status()).as(a.raw()).isEqualTo(501);
    assertThat(a.body()).as(a.raw()).contains("\"description\"").doesNotContain("\"error\"");
  }

  @Test
  void headerFieldsOver8KibGet431EvenThoughTheRequestLineMayBeLonger() {
    RawHttp.Answer a = raw().send("GET /v2/catalog HTTP/1.1",
        List.of("X-Pad: " + "p".repeat(HttpLimits.MAX_HEADER_FIELDS)), null);
    assertThat(a.status()).as(a.raw()).isEqualTo(431);
  }
}
