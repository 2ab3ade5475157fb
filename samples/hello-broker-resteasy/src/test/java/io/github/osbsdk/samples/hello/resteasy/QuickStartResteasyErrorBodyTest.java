package io.github.osbsdk.samples.hello.resteasy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.samples.hello.HelloServiceBroker;
import io.github.osbsdk.samples.hello.InMemoryKeyValueStore;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Review (s39-walk): the README's step 4 mounting ({@link QuickStartResteasy}, compiled into the
 * README) answers a malformed escape with Undertow's bodiless 400, not an OSB error body; the
 * guard the README points to needs a servlet deployment that step 4 does not show.
 */
class QuickStartResteasyErrorBodyTest {
  @Test
  void quickStartAnswersMalformedEscapeInPathWithOsbErrorBody() throws Exception {
    assertOsbBadRequest("PUT /v2/service_instances/m%ZZ HTTP/1.1");
  }

  @Test
  void quickStartAnswersMalformedEscapeInQueryWithOsbErrorBody() throws Exception {
    assertOsbBadRequest("GET /v2/catalog?x=%ZZ HTTP/1.1");
  }

  private static void assertOsbBadRequest(String requestLine) throws Exception {
    Broker broker = Broker.builder(new HelloServiceBroker(new InMemoryKeyValueStore(),
            () -> "http://localhost", Duration.ZERO))
        .authenticator(BasicAuthenticator.of("broker", "pw"))
        .build();
    QuickStartOnAFreePort quickStart = QuickStartOnAFreePort.start(broker);
    try {
      String raw = send(quickStart.port(), requestLine + "\r\nHost: localhost\r\n"
          + "X-Broker-API-Version: 2.17\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
      assertThat(raw).as(raw).startsWith("HTTP/1.1 400");
      assertThat(raw.toLowerCase(java.util.Locale.ROOT)).as(raw)
          .contains("content-type: application/json");
      assertThat(raw).as(raw).contains("\"description\"");
    } finally {
      quickStart.server().stop();
      broker.close();
    }
  }

  private static String send(int port, String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
