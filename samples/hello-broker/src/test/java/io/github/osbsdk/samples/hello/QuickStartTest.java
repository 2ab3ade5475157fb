package io.github.osbsdk.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import org.glassfish.grizzly.http.server.HttpServer;
import org.junit.jupiter.api.Test;

class QuickStartTest {
  @Test
  void quickStartBrokerServesCatalogAndProvisionsWithCrnIds() throws Exception {
    HttpServer server = QuickStart.startOnJersey(URI.create("http://127.0.0.1:0/"), "pw");
    try {
      int port = server.getListeners().iterator().next().getPort();
      OsbHttp osb = new OsbHttp(URI.create("http://127.0.0.1:" + port), "broker", "pw");
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
}
