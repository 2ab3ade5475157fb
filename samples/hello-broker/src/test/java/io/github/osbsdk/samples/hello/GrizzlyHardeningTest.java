package io.github.osbsdk.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GrizzlyHardeningTest {

  @Test
  void percentEncodingCheckAcceptsValidAndRefusesMalformedEscapes() {
    assertThat(GrizzlyHardening.validPercentEncoding("/v2/service_instances/crn%3Av1%2Fa"))
        .isTrue();
    assertThat(GrizzlyHardening.validPercentEncoding(null)).isTrue();
    assertThat(GrizzlyHardening.validPercentEncoding("/x/ab%ZZ")).isFalse();
    assertThat(GrizzlyHardening.validPercentEncoding("/x/ab%4")).isFalse();
    assertThat(GrizzlyHardening.validPercentEncoding("a=%")).isFalse();
  }

  @Test
  void malformedEscapeInPathGets400WithOsbBodyAndNoStackTrace() throws IOException {
    try (HelloServer server =
        HelloServer.start(HelloConfig.local("u", "p", java.time.Duration.ofMillis(100)))) {
      String response = rawGet(server, "/v2/service_instances/ab%ZZ");
      assertThat(response).startsWith("HTTP/1.1 400");
      assertThat(response).contains("application/json")
          .contains("\"description\":\"The request URI is not validly percent-encoded.\"")
          .doesNotContain("Exception").doesNotContain("<html");
    }
  }

  @Test
  void malformedEscapeInQueryGets400() throws IOException {
    try (HelloServer server =
        HelloServer.start(HelloConfig.local("u", "p", java.time.Duration.ofMillis(100)))) {
      String response = rawGet(server, "/v2/service_instances/i1/last_operation?operation=%G1");
      assertThat(response).startsWith("HTTP/1.1 400");
      assertThat(response).doesNotContain("Exception");
    }
  }

  private static String rawGet(HelloServer server, String path) throws IOException {
    try (Socket s = new Socket(server.baseUri().getHost(), server.baseUri().getPort())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nX-Broker-API-Version: 2.17\r\n"
          + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
