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
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Deprovisioning an instance of the metered plan ends its metering: its last record ends at the
 * deprovision, inside the instance's life (IBM, here the simulator told the life, refuses a
 * record ending after it), not at the end of its hour window.
 */
class MeteredPlanDeprovisionTest {
  @Test
  void theLastRecordOfADeprovisionedInstanceEndsAtTheDeprovisionAndIsAccepted() throws Exception {
    try (MeteringSimulator metering = MeteringSimulator.start()) {
      metering.declarePlan(METERED_PLAN_ID, HelloMetering.MEASURE);
      HelloConfig config = HelloConfig.local("platform", "s3cret", Duration.ofMillis(100))
          .withMetering(MeteringSettings.embedded().withUrl(metering.baseUrl(),
              Duration.ofHours(1), Duration.ofSeconds(5)));
      String id = crn("metered-ended");
      Instant deprovisioned;
      try (HelloServer server = HelloServer.start(config)) {
        OsbHttp osb = new OsbHttp(server.baseUri(), "platform", "s3cret");
        String path = "/v2/service_instances/" + enc(id);
        assertThat(osb.osb("PUT", path, provisionBody(METERED_PLAN_ID, "{}")).statusCode())
            .isEqualTo(201);
        JsonNode c = json(osb.osb("PUT", path + "/service_bindings/k1",
            bindBody(METERED_PLAN_ID, "{}"))).path("credentials");
        String auth = OsbHttp.basic(c.path("username").asText(), c.path("password").asText());
        for (int i = 0; i < 3; i++) {
          assertThat(OsbHttp.data("PUT", server.baseUri() + "/data/" + enc(id) + "/k", auth,
              "v" + i).statusCode()).isBetween(200, 299);
        }
        assertThat(osb.osb("DELETE", path + "/service_bindings/k1?"
            + OsbHttp.ids(METERED_PLAN_ID), null).statusCode()).isEqualTo(200);
        assertThat(osb.osb("DELETE", path + "?" + OsbHttp.ids(METERED_PLAN_ID), null)
            .statusCode()).isEqualTo(200);
        deprovisioned = Instant.now();
        // only the end is checked: the record of the first window still starts at the
        // window's start (clamping it to the provision is not done yet)
        metering.instanceLife(id, Instant.EPOCH, deprovisioned);
        Thread.sleep(5); // the server's close comes after the deprovision, on any clock
      } // the close flushes: before, the open window became a record ending at the close
      assertThat(metering.batches()).flatExtracting(b -> b.recordStatuses())
          .containsOnly(201);
      assertThat(metering.acceptedRecords()).singleElement()
          .satisfies(r -> assertThat(r.end()).isLessThanOrEqualTo(deprovisioned.toEpochMilli()));
      metering.assertTotal(id, METERED_PLAN_ID, HelloMetering.MEASURE, 3);
    }
  }
}
