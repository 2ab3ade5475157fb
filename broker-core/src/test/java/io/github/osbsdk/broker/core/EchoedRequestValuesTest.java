package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.body;
import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.TestServer.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Error answers name the value they refuse, but never repeat a long one whole: a refused
 * {@code plan_id} of 200,000 characters must not come back as a 200,000-character description.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EchoedRequestValuesTest {
  private static final String LONG = "p".repeat(200_000);
  /** Far above a cut value and the message around it, far below the value itself. */
  private static final int MAX_ANSWER = 2_000;
  private final TestServiceBroker sb = new TestServiceBroker();
  private final TestServer server = TestServer.start(sb);

  @AfterAll
  void stop() {
    server.close();
  }

  private Reply provision(String json) {
    return server.call("PUT", "/v2/service_instances/" + id()).json(json).send();
  }

  private static void assertRefusedBriefly(Reply r, int status) {
    assertThat(r.status()).as(r.toString().substring(0, Math.min(300, r.toString().length())))
        .isEqualTo(status);
    assertThat(r.body().length()).isLessThan(MAX_ANSWER);
    assertThat(r.json().get("description").asText()).contains("ppp");
  }

  @Test
  void unknownPlanIdIsNamedCutInTheAnswer() {
    assertRefusedBriefly(provision(body(LONG, "{}")), 400);
  }

  @Test
  void unknownServiceIdIsNamedCutInTheAnswer() {
    assertRefusedBriefly(provision("{\"service_id\":\"" + LONG + "\",\"plan_id\":\"plan-sync\","
        + "\"context\":{\"platform\":\"cloudfoundry\"}}"), 400);
  }

  @Test
  void maintenanceInfoVersionIsNamedCutInTheAnswer() {
    assertRefusedBriefly(provision("{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\","
        + "\"context\":{\"platform\":\"cloudfoundry\"},\"maintenance_info\":{\"version\":\""
        + LONG + "\"}}"), 422);
  }
}
