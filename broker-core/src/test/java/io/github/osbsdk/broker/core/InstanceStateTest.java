package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.body;
import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InstanceStateTest {
  private static final String BIND = "{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\"}";
  private final TestServiceBroker sb = new TestServiceBroker();
  private final TestServer server = TestServer.start(sb);

  @AfterAll
  void stop() {
    server.close();
  }

  private String provisioned() {
    String id = id();
    assertThat(server.call("PUT", "/v2/service_instances/" + id).json(body("plan-sync", "{}"))
        .send().status()).isEqualTo(201);
    return id;
  }

  private Reply state(String id, String json) {
    return server.call("PUT", "/bluemix_v1/service_instances/" + id).json(json).send();
  }

  @Test
  void stateOfProvisionedInstanceIsEnabledAndActive() {
    String id = provisioned();
    Reply r = server.call("GET", "/bluemix_v1/service_instances/" + id).send();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("enabled").asBoolean()).isTrue();
    assertThat(r.json().get("active").asBoolean()).isTrue();
    assertThat(r.json().get("last_active").asLong()).isPositive();
  }

  @Test
  void stateOfUnknownInstanceIsNotFound() {
    assertThat(server.call("GET", "/bluemix_v1/service_instances/" + id()).send().status())
        .isEqualTo(404);
    assertThat(state(id(), "{\"enabled\":false}").status()).isEqualTo(404);
  }

  @Test
  void disabledInstanceRefusesBindsUntilEnabledAgain() {
    String id = provisioned();
    Reply disabled = state(id, "{\"enabled\":false,\"initiator_id\":\"ibm\","
        + "\"reason_code\":\"IBMCLOUD_ACCT_SUSPEND\"}");
    assertThat(disabled.status()).isEqualTo(200);
    assertThat(disabled.json().get("enabled").asBoolean()).isFalse();
    assertThat(disabled.json().get("active").asBoolean()).isFalse();
    assertThat(sb.stateChanges.get(id).enabled()).isFalse();

    String bindPath = "/v2/service_instances/" + id + "/service_bindings/" + id();
    Reply refused = server.call("PUT", bindPath).json(BIND).send();
    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.json().get("description").asText()).contains("disabled");

    Reply enabled = state(id, "{\"enabled\":true,\"reason_code\":\"IBMCLOUD_ACCT_ACTIVATE\"}");
    assertThat(enabled.status()).isEqualTo(200);
    assertThat(enabled.json().get("enabled").asBoolean()).isTrue();
    assertThat(server.call("PUT", bindPath).json(BIND).send().status()).isEqualTo(201);
  }

  /** Found by a new-user audit: a PUT without initiator_id was logged "disabled by null". */
  @Test
  void stateChangeWithoutInitiatorOrReasonIsLoggedWithoutNull() {
    String id = provisioned();
    try (StderrCapture log = new StderrCapture()) {
      assertThat(state(id, "{\"enabled\":false}").status()).isEqualTo(200);
      assertThat(state(id, "{\"enabled\":true,\"initiator_id\":\"ibm \\\"ops\\\"\"}")
          .status()).isEqualTo(200);

      assertThat(log.lines()).filteredOn(l -> l.contains("Instance \"" + id + "\""))
          .hasSize(2)
          .anySatisfy(l -> assertThat(l).endsWith("Instance \"" + id + "\" disabled"))
          .anySatisfy(l -> assertThat(l).endsWith("Instance \"" + id
              + "\" enabled by \"ibm \\\"ops\\\"\""))
          .noneMatch(l -> l.contains("null"));
    }
  }

  @Test
  void disableWhileProvisioningIsAnsweredAndKeptWhenTheProvisionSucceeds() throws Exception {
    String id = id();
    String path = "/v2/service_instances/" + id;
    sb.holdAsyncTasks();
    Reply accepted;
    try {
      accepted = server.call("PUT", path + "?accepts_incomplete=true")
          .json(body("plan-async", "{}")).send();
      assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
      Reply disabled = state(id, "{\"enabled\":false,\"reason_code\":\"IBMCLOUD_ACCT_SUSPEND\"}");
      assertThat(disabled.status()).as(disabled.toString()).isEqualTo(200);
      assertThat(disabled.json().get("enabled").asBoolean()).isFalse();
      Reply during = server.call("GET", "/bluemix_v1/service_instances/" + id).send();
      assertThat(during.status()).as(during.toString()).isEqualTo(200);
      assertThat(during.json().get("enabled").asBoolean()).isFalse();
    } finally {
      sb.releaseAsyncTasks();
    }
    String operation = accepted.json().get("operation").asText();
    long deadline = System.nanoTime() + 30_000_000_000L;
    Reply last;
    do {
      Thread.sleep(20);
      last = server.call("GET", path + "/last_operation?operation=" + operation).send();
    } while (last.json().path("state").asText().equals("in progress")
        && System.nanoTime() < deadline);
    assertThat(last.json().get("state").asText()).as(last.toString()).isEqualTo("succeeded");

    Reply after = server.call("GET", "/bluemix_v1/service_instances/" + id).send();
    assertThat(after.status()).isEqualTo(200);
    assertThat(after.json().get("enabled").asBoolean()).as(after.toString()).isFalse();
    Reply bind = server.call("PUT", path + "/service_bindings/" + id())
        .json("{\"service_id\":\"svc-1\",\"plan_id\":\"plan-async\"}").send();
    assertThat(bind.status()).as(bind.toString()).isEqualTo(422);
    assertThat(bind.json().get("description").asText()).contains("disabled");
  }

  @Test
  void stateUpdateWithBadBodyIsBadRequest() {
    String id = provisioned();
    for (String bad : new String[] {"{}", "{\"enabled\":null}", "{\"enabled\":\"no\"}",
        "{\"enabled\":true,"
        + "\"reason_code\":5}", "nope"}) {
      Reply r = state(id, bad);
      assertThat(r.status()).as(bad).isEqualTo(400);
      assertThat(r.json().get("description").asText()).isNotBlank();
    }
  }

  @Test
  void instanceStateNeedsAuthenticationButNoVersionHeader() {
    String id = provisioned();
    assertThat(server.call("GET", "/bluemix_v1/service_instances/" + id)
        .header("Authorization", null).send().status()).isEqualTo(401);
    assertThat(server.call("GET", "/bluemix_v1/service_instances/" + id)
        .header("X-Broker-API-Version", null).send().status()).isEqualTo(200);
    assertThat(server.call("GET", "/bluemix_v1/service_instances/" + id)
        .header("X-Broker-API-Version", "1.0").send().status()).isEqualTo(412);
  }

  @Test
  void deprovisionForgetsTheState() {
    String id = provisioned();
    server.call("DELETE", "/v2/service_instances/" + id + "?service_id=svc-1&plan_id=plan-sync")
        .send();
    assertThat(server.call("GET", "/bluemix_v1/service_instances/" + id).send().status())
        .isEqualTo(404);
  }
}
