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
import io.github.osbsdk.broker.testkit.Capabilities;
import io.github.osbsdk.broker.testkit.ConformanceSuite;
import io.github.osbsdk.broker.testkit.SuiteResult;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two copies of the sample on one PostgreSQL database act as one broker and one service: the
 * conformance kit passes against both URLs (replica rules included), a binding made on one works
 * on the other's data API, and an async provision whose replica stops is finished by the other
 * (the resumed step) within the lease.
 */
class ReplicasOnPostgresTest {
  private static final Duration LEASE = Duration.ofSeconds(2);
  @TempDir
  static Path dir;
  private static TestPostgres pg;
  private static HelloConfig config;
  private static HelloServer a;
  private static HelloServer b;

  @BeforeAll
  static void start() {
    pg = TestPostgres.start(dir);
    config = HelloConfig.local("platform", "s3cret", Duration.ofMillis(300))
        .withState(pg.settings(LEASE));
    a = HelloServer.start(config);
    b = HelloServer.start(config);
  }

  @AfterAll
  static void stop() {
    pg.closeAfter(a, b);
  }

  @Test
  void twoReplicasOnOneDatabasePassTheConformanceKitWithBothUrls() {
    SuiteResult result = ConformanceSuite.builder()
        .urls(List.of(a.baseUri(), b.baseUri()))
        .basicAuth("platform", "s3cret")
        .apiVersion("2.17")
        .capabilities(Capabilities.builder()
            .asyncOnlyPlans(ASYNC_PLAN_ID)
            .dashboardUrl(true)
            .update(true)
            .concurrency(true)
            .build())
        .build()
        .run();
    System.out.println(result.summary());
    assertThat(result.failures()).as(result.report()).isEmpty();
    assertThat(result.results()).as("the replica rules ran")
        .anyMatch(c -> c.ruleId() != null && c.ruleId().startsWith("replicas.") && !c.isSkipped());
  }

  @Test
  void aBindingMadeOnOneReplicaOpensTheDataApiOfTheOther() {
    OsbHttp onA = new OsbHttp(a.baseUri(), "platform", "s3cret");
    OsbHttp onB = new OsbHttp(b.baseUri(), "platform", "s3cret");
    String id = crn("replicas");
    String path = "/v2/service_instances/" + enc(id);
    assertThat(onA.osb("PUT", path, provisionBody(SYNC_PLAN_ID, "{}")).statusCode())
        .isEqualTo(201);
    JsonNode c = json(onA.osb("PUT", path + "/service_bindings/k1",
        bindBody(SYNC_PLAN_ID, "{}"))).path("credentials");
    String auth = OsbHttp.basic(c.path("username").asText(), c.path("password").asText());
    String dataPath = "/data/" + enc(id) + "/greeting";

    assertThat(OsbHttp.data("PUT", b.baseUri() + dataPath, auth, "hello").statusCode())
        .isEqualTo(204);
    HttpResponse<String> read = OsbHttp.data("GET", a.baseUri() + dataPath, auth, null);
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.body()).isEqualTo("hello");
    assertThat(json(onB.osb("GET", path + "/service_bindings/k1", null))
        .path("credentials").path("password").asText()).isEqualTo(c.path("password").asText());

    // unbound on B: the credentials stop working on A as well
    assertThat(onB.osb("DELETE", path + "/service_bindings/k1?" + ids(SYNC_PLAN_ID), null)
        .statusCode()).isEqualTo(200);
    assertThat(OsbHttp.data("GET", a.baseUri() + dataPath, auth, null).statusCode())
        .isEqualTo(401);
  }

  @Test
  void anAsyncProvisionAcceptedByAStoppedReplicaIsFinishedByTheOtherWithinTheLease()
      throws Exception {
    // a third replica with a slow async plan, stopped while it provisions
    HelloServer doomed = HelloServer.start(HelloConfig.local("platform", "s3cret",
        Duration.ofSeconds(30)).withState(pg.settings(LEASE)));
    String id = crn("takeover");
    String path = "/v2/service_instances/" + enc(id);
    HttpResponse<String> accepted;
    try {
      accepted = new OsbHttp(doomed.baseUri(), "platform", "s3cret").osb("PUT",
          path + "?accepts_incomplete=true", provisionBody(ASYNC_PLAN_ID, "{}"));
      assertThat(accepted.statusCode()).isEqualTo(202);
    } finally {
      doomed.close();
    }
    long stoppedAt = System.nanoTime();
    String operation = json(accepted).path("operation").asText(null);
    OsbHttp onB = new OsbHttp(b.baseUri(), "platform", "s3cret");
    String query = "?" + ids(ASYNC_PLAN_ID)
        + (operation == null ? "" : "&operation=" + enc(operation));
    String state = "in progress";
    long deadline = stoppedAt + LEASE.multipliedBy(3).toNanos();
    while (state.equals("in progress") && System.nanoTime() < deadline) {
      HttpResponse<String> polled = onB.osb("GET", path + "/last_operation" + query, null);
      assertThat(polled.statusCode()).isEqualTo(200);
      state = json(polled).path("state").asText();
      Thread.sleep(50);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - stoppedAt);
    assertThat(state).as("after %s", took).isEqualTo("succeeded");
    // B resumed the step (B's own 300 ms) after taking the operation over within the lease
    assertThat(took).isLessThan(LEASE.plus(Duration.ofSeconds(2)));
    assertThat(onB.osb("GET", path, null).statusCode()).isEqualTo(200);
    assertThat(b.store().namespace(id)).get().extracting(Namespace::status)
        .isEqualTo(Namespace.Status.READY);
  }
}
