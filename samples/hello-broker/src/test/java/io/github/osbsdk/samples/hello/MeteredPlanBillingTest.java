package io.github.osbsdk.samples.hello;

import static io.github.osbsdk.samples.hello.HelloCatalog.METERED_PLAN_ID;
import static io.github.osbsdk.samples.hello.OsbHttp.bindBody;
import static io.github.osbsdk.samples.hello.OsbHttp.crn;
import static io.github.osbsdk.samples.hello.OsbHttp.enc;
import static io.github.osbsdk.samples.hello.OsbHttp.json;
import static io.github.osbsdk.samples.hello.OsbHttp.provisionBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.osbsdk.broker.testkit.metering.MeteringSimulator;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metered plan end to end, with basic auth on the platform side: every successful data call
 * is billed exactly once at the metering simulator (which checks the service-ID token against
 * the embedded IAM simulator), through 500s, a 429 with Retry-After, an answer slower than the
 * client's timeout (the resend gets 409), a dropped connection, and a broker restart on the same
 * PostgreSQL outbox.
 */
class MeteredPlanBillingTest {
  private static final Duration WINDOW = Duration.ofSeconds(1);

  @Test
  void everySuccessfulDataCallIsBilledExactlyOnceThroughFaultsAndARestart(@TempDir Path dir)
      throws Exception {
    HelloIam iam = HelloIam.forSettings(IamSettings.embedded());
    try (TestPostgres pg = TestPostgres.start(dir);
        MeteringSimulator metering = MeteringSimulator.start(iam.simulator())) {
      metering.declarePlan(METERED_PLAN_ID, HelloMetering.MEASURE);
      HelloConfig config = HelloConfig.local("platform", "s3cret", Duration.ofMillis(100))
          .withState(pg.settings(Duration.ofSeconds(30)))
          .withMetering(MeteringSettings.embedded().withUrl(metering.baseUrl(), WINDOW,
              Duration.ofSeconds(1)));
      metering.faults().failNext(1, 500).throttleNext(1, Duration.ofSeconds(1))
          .slowNext(1, Duration.ofSeconds(2)).dropNext(1);
      String id = crn("metered");
      int billable = 0;

      HelloServer first = HelloServer.start(config);
      String url;
      String auth;
      try {
        OsbHttp osb = new OsbHttp(first.baseUri(), "platform", "s3cret");
        String path = "/v2/service_instances/" + enc(id);
        assertThat(osb.osb("PUT", path, provisionBody(METERED_PLAN_ID, "{}")).statusCode())
            .isEqualTo(201);
        JsonNode c = json(osb.osb("PUT", path + "/service_bindings/k1",
            bindBody(METERED_PLAN_ID, "{}"))).path("credentials");
        auth = OsbHttp.basic(c.path("username").asText(), c.path("password").asText());
        url = "/data/" + enc(id) + "/";
        billable += calls(first.baseUri(), url, auth, 25, 2_500);
        // not billed: a missing key (404) and wrong credentials (401)
        assertThat(OsbHttp.data("GET", first.baseUri() + url + "missing", auth, null)
            .statusCode()).isEqualTo(404);
        assertThat(OsbHttp.data("GET", first.baseUri() + url + "k0",
            OsbHttp.basic("kv-nobody", "x"), null).statusCode()).isEqualTo(401);
        billable += calls(first.baseUri(), url, auth, 5, 0); // counts still open at the close
      } finally {
        first.close(); // closes the open window into a record and flushes
      }

      try (HelloServer second = HelloServer.start(config)) {
        billable += calls(second.baseUri(), url, auth, 10, 1_000);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        // the batch answered too slowly was accepted; its resend (409) may come after the
        // second server's own records, once the first server's backoff for it has passed
        while ((metering.total(id, METERED_PLAN_ID, HelloMetering.MEASURE) < billable
            || metering.duplicateCount() == 0) && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
        metering.assertTotal(id, METERED_PLAN_ID, HelloMetering.MEASURE, billable);
        assertThat(metering.batches()).as("every fault was met")
            .anyMatch(b -> b.httpStatus() == 500).anyMatch(b -> b.httpStatus() == 429);
        assertThat(metering.duplicateCount()).as("the resend after the slow answer")
            .isPositive();
        Thread.sleep(WINDOW.multipliedBy(2).toMillis()); // nothing more arrives later
        metering.assertTotal(id, METERED_PLAN_ID, HelloMetering.MEASURE, billable);
        assertThat(second.metering().reporter().depth()).isZero();
        assertThat(second.metering().reporter().rejected(10)).isEmpty();
      }
    }
  }

  /** Makes {@code n} successful data calls (PUT then GET) spread over about {@code spreadMs}. */
  private static int calls(URI base, String url, String auth, int n, long spreadMs)
      throws InterruptedException {
    for (int i = 0; i < n; i++) {
      String key = "k" + (i % 7);
      int status = i % 2 == 0 ? OsbHttp.data("PUT", base + url + key, auth, "v" + i).statusCode()
          : OsbHttp.data("GET", base + url + "k0", auth, null).statusCode();
      assertThat(status).isBetween(200, 299);
      if (spreadMs > 0) {
        Thread.sleep(spreadMs / n);
      }
    }
    return n;
  }
}
