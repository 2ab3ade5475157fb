package io.github.osbsdk.samples.hello.resteasy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.samples.hello.HelloServiceBroker;
import io.github.osbsdk.samples.hello.InMemoryKeyValueStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuickStartResteasyTest {
  @Test
  void quickStartMountsTheBrokerOnResteasy() throws Exception {
    Broker broker = Broker.builder(new HelloServiceBroker(new InMemoryKeyValueStore(),
            () -> "http://localhost", Duration.ZERO))
        .authenticator(BasicAuthenticator.of("broker", "pw"))
        .build();
    QuickStartOnAFreePort quickStart = QuickStartOnAFreePort.start(broker);
    int port = quickStart.port();
    try {
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + port + "/v2/catalog"))
          .header("X-Broker-API-Version", "2.17")
          .header("Authorization", "Basic " + Base64.getEncoder()
              .encodeToString("broker:pw".getBytes(StandardCharsets.UTF_8)))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      // found by an audit on the Grizzly quick start: a malformed escape must not reach a 500
      // with a stack trace on the container the README shows
      try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(("PUT /v2/service_instances/m%ZZ HTTP/1.1\r\n"
            + "Host: localhost\r\nX-Broker-API-Version: 2.17\r\nContent-Length: 0\r\n"
            + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        String raw = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(raw).as(raw).doesNotStartWith("HTTP/1.1 5").doesNotContain("Exception")
            .doesNotContain("\tat ");
      }
    } finally {
      quickStart.server().stop();
    }
  }

  @Test
  void readmeShowsTheCompiledResteasyMounting() throws Exception {
    List<String> lines = Files.readAllLines(Path.of(
        "src/test/java/io/github/osbsdk/samples/hello/resteasy/QuickStartResteasy.java"));
    int start = lines.indexOf("    // tag::resteasy[]");
    int end = lines.indexOf("    // end::resteasy[]");
    List<String> region = new ArrayList<>();
    for (String l : lines.subList(start + 1, end)) {
      region.add(l.substring(4));
    }
    assertThat(Files.readString(Path.of("../../README.md")))
        .contains(String.join("\n", region) + "\n");
  }
}
