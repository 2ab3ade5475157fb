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
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * What README step 4 says of its mounting ({@link QuickStartResteasy}, compiled into the README):
 * the guard answers a malformed escape with an OSB error body (review s39-walk found Undertow's
 * bodiless 400 there before the mounting became a servlet deployment), while what Undertow's
 * parser refuses before any handler runs keeps Undertow's bodiless 400 on this listener (the
 * sample's own listener, with {@link JsonBadRequestConduit}, answers it in JSON:
 * {@code ResteasyReferenceChecksTest}).
 */
class QuickStartResteasyErrorBodyTest {
  @Test
  void quickStartAnswersMalformedEscapeInPathWithOsbErrorBody() throws Exception {
    assertOsbBadRequest(answer("PUT /v2/service_instances/m%ZZ HTTP/1.1"));
  }

  @Test
  void quickStartAnswersMalformedEscapeInQueryWithOsbErrorBody() throws Exception {
    assertOsbBadRequest(answer("GET /v2/catalog?x=%ZZ HTTP/1.1"));
  }

  @Test
  void quickStartLeavesARawSpaceInTheTargetToUndertowsBodiless400AsTheReadmeSays()
      throws Exception {
    for (String requestLine : new String[] {"GET /v2/service_instances/a b HTTP/1.1",
        "GET /v2/catalog x HTTP/1.1"}) {
      assertThat(answer(requestLine)).as(requestLine)
          .isEqualTo(JsonBadRequestConduit.UNDERTOW_BAD_REQUEST_TEXT);
    }
  }

  private static void assertOsbBadRequest(String raw) {
    assertThat(raw).as(raw).startsWith("HTTP/1.1 400");
    assertThat(raw.toLowerCase(Locale.ROOT)).as(raw).contains("content-type: application/json");
    assertThat(raw).as(raw).contains("\"description\"");
  }

  /** Starts the quick start, sends one request line with the usual headers, returns the answer. */
  private static String answer(String requestLine) throws Exception {
    Broker broker = Broker.builder(new HelloServiceBroker(new InMemoryKeyValueStore(),
            () -> "http://localhost", Duration.ZERO))
        .authenticator(BasicAuthenticator.of("broker", "pw"))
        .build();
    QuickStartOnAFreePort quickStart = QuickStartOnAFreePort.start(broker);
    try {
      return send(quickStart.port(), requestLine + "\r\nHost: localhost\r\n"
          + "X-Broker-API-Version: 2.17\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
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
