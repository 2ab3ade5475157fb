package io.github.osbsdk.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.glassfish.grizzly.http.server.HttpServer;
import org.junit.jupiter.api.Test;

class QuickStartTest {
  @Test
  void quickStartBrokerServesCatalogAndProvisionsWithCrnIds() throws Exception {
    HttpServer server = QuickStart.startOnJersey(URI.create("http://127.0.0.1:0/"), "pw");
    try {
      OsbHttp osb = new OsbHttp(URI.create("http://127.0.0.1:" + port(server)), "broker", "pw");
      assertThat(osb.osb("GET", "/v2/catalog", null).statusCode()).isEqualTo(200);
      String path = "/v2/service_instances/" + OsbHttp.enc(OsbHttp.crn("qs"));
      String body = "{\"service_id\":\"8d2e4c1a-0000-4000-8000-000000000001\","
          + "\"plan_id\":\"8d2e4c1a-0000-4000-8000-000000000002\","
          + "\"context\":{\"platform\":\"ibmcloud\"}}";
      HttpResponse<String> created = osb.osb("PUT", path, body);
      assertThat(created.statusCode()).isEqualTo(201);
      assertThat(osb.osb("PUT", path, body).statusCode()).isEqualTo(200);
    } finally {
      server.shutdownNow();
    }
  }

  /** Found by an audit: followed exactly, the quick start answered %ZZ with Grizzly's HTML 500. */
  @Test
  void quickStartBrokerAnswersAMalformedEscapeWith400AndAnOsbBodyWithoutStackTrace()
      throws Exception {
    HttpServer server = QuickStart.startOnJersey(URI.create("http://127.0.0.1:0/"), "pw");
    try {
      for (String target : new String[] {"/v2/service_instances/m%ZZ",
          "/v2/service_instances/m/last_operation?operation=%G1", "/v2/catalog%4"}) {
        String response = raw(port(server), "PUT " + target + " HTTP/1.1\r\nHost: localhost\r\n"
            + "X-Broker-API-Version: 2.17\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        assertThat(response).as(target).startsWith("HTTP/1.1 400")
            .contains("application/json").doesNotContain("\"error\"")
            .contains("\"description\":").doesNotContain("Exception").doesNotContain("<html");
      }
    } finally {
      server.shutdownNow();
    }
  }

  private static int port(HttpServer server) {
    return server.getListeners().iterator().next().getPort();
  }

  private static String raw(int port, String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
