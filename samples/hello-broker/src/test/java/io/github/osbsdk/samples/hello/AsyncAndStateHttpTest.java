package io.github.osbsdk.samples.hello;

import static io.github.osbsdk.samples.hello.HelloCatalog.ASYNC_PLAN_ID;
import static io.github.osbsdk.samples.hello.HelloCatalog.SYNC_PLAN_ID;
import static io.github.osbsdk.samples.hello.OsbHttp.bindBody;
import static io.github.osbsdk.samples.hello.OsbHttp.crn;
import static io.github.osbsdk.samples.hello.OsbHttp.enc;
import static io.github.osbsdk.samples.hello.OsbHttp.ids;
import static io.github.osbsdk.samples.hello.OsbHttp.json;
import static io.github.osbsdk.samples.hello.OsbHttp.provisionBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The async plan with polling, IBM Cloud's bluemix_v1 instance state, and concurrency. */
class AsyncAndStateHttpTest {
  private static HelloServer server;
  private static OsbHttp osb;

  @BeforeAll
  static void start() {
    server = HelloServer.start(HelloConfig.local("platform", "s3cret", Duration.ofMillis(300)));
    osb = new OsbHttp(server.baseUri(), "platform", "s3cret");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void asyncPlanNeedsAcceptsIncompleteThenProvisionsInTheBackground() throws Exception {
    String id = crn("async");
    String path = "/v2/service_instances/" + enc(id);
    HttpResponse<String> refused = osb.osb("PUT", path, provisionBody(ASYNC_PLAN_ID, "{}"));
    assertThat(refused.statusCode()).isEqualTo(422);
    assertThat(json(refused).path("error").asText()).isEqualTo("AsyncRequired");

    HttpResponse<String> accepted = osb.osb("PUT", path + "?accepts_incomplete=true",
        provisionBody(ASYNC_PLAN_ID, "{}"));
    assertThat(accepted.statusCode()).isEqualTo(202);
    assertThat(json(accepted).path("dashboard_url").asText()).endsWith("/dashboard/" + enc(id));
    String operation = json(accepted).path("operation").asText(null);
    assertThat(osb.osb("GET", path, null).statusCode()).isEqualTo(404);

    String query = "?" + ids(ASYNC_PLAN_ID)
        + (operation == null ? "" : "&operation=" + enc(operation));
    String state = "in progress";
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (state.equals("in progress") && System.nanoTime() < deadline) {
      HttpResponse<String> polled = osb.osb("GET", path + "/last_operation" + query, null);
      assertThat(polled.statusCode()).isEqualTo(200);
      state = json(polled).path("state").asText();
      Thread.sleep(50);
    }
    assertThat(state).isEqualTo("succeeded");
    assertThat(osb.osb("GET", path, null).statusCode()).isEqualTo(200);
    assertThat(osb.osb("PUT", path + "?accepts_incomplete=true",
        provisionBody(ASYNC_PLAN_ID, "{}")).statusCode()).isEqualTo(200);
  }

  @Test
  void disabledInstanceRefusesBindsAndDataUntilEnabledAgain() {
    String id = crn("state");
    String path = "/v2/service_instances/" + enc(id);
    String state = "/bluemix_v1/service_instances/" + enc(id);
    assertThat(osb.osb("PUT", path, provisionBody(SYNC_PLAN_ID, "{}")).statusCode())
        .isEqualTo(201);
    JsonNode c = json(osb.osb("PUT", path + "/service_bindings/b1",
        bindBody(SYNC_PLAN_ID, "{}"))).path("credentials");
    String auth = OsbHttp.basic(c.path("username").asText(), c.path("password").asText());
    String url = c.path("url").asText() + "/k";
    assertThat(OsbHttp.data("PUT", url, auth, "v").statusCode()).isEqualTo(204);

    HttpResponse<String> disabled = osb.osb("PUT", state,
        "{\"enabled\":false,\"initiator_id\":\"IBMid-1\","
            + "\"reason_code\":\"IBMCLOUD_ACCT_SUSPEND\"}");
    assertThat(disabled.statusCode()).isEqualTo(200);
    assertThat(json(disabled).path("enabled").asBoolean()).isFalse();
    assertThat(json(osb.osb("GET", state, null)).path("enabled").asBoolean()).isFalse();
    assertThat(osb.osb("PUT", path + "/service_bindings/b2", bindBody(SYNC_PLAN_ID, "{}"))
        .statusCode()).isEqualTo(422);
    assertThat(OsbHttp.data("GET", url, auth, null).statusCode()).isEqualTo(403);

    assertThat(osb.osb("PUT", state,
        "{\"enabled\":true,\"reason_code\":\"IBMCLOUD_ACCT_ACTIVATE\"}").statusCode())
        .isEqualTo(200);
    assertThat(OsbHttp.data("GET", url, auth, null).body()).isEqualTo("v");
    assertThat(osb.osb("PUT", path + "/service_bindings/b2", bindBody(SYNC_PLAN_ID, "{}"))
        .statusCode()).isEqualTo(201);
  }

  @Test
  void concurrentIdenticalProvisionsCreateExactlyOneInstance() throws Exception {
    String path = "/v2/service_instances/" + enc(crn("race"));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Integer>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        calls.add(() -> osb.osb("PUT", path, provisionBody(SYNC_PLAN_ID, "{}")).statusCode());
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> f : pool.invokeAll(calls)) {
        statuses.add(f.get());
      }
      assertThat(statuses).containsOnly(200, 201);
      assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }
}
