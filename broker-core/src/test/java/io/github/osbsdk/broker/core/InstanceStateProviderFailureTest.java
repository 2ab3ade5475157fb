package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.body;
import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.state.InstanceState;
import io.github.osbsdk.broker.api.state.InstanceStateRequest;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Found by an audit: a provider whose {@code instanceStateChanged} threw got the platform a 500
 * while the new state was already stored, so the platform believed the state unchanged and a GET
 * showed it changed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InstanceStateProviderFailureTest {
  private final TestServiceBroker sb = new TestServiceBroker() {
    @Override
    public void instanceStateChanged(InstanceStateRequest request) {
      if ("REFUSE".equals(request.update().reasonCode())) {
        throw new ServiceBrokerException(409, "StateRefused", "The provider refused it.");
      }
      if ("BREAK".equals(request.update().reasonCode())) {
        throw new IllegalStateException("provider secret detail");
      }
      super.instanceStateChanged(request);
    }
  };
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

  private Reply put(String id, String json) {
    return server.call("PUT", "/bluemix_v1/service_instances/" + id).json(json).send();
  }

  private Reply get(String id) {
    return server.call("GET", "/bluemix_v1/service_instances/" + id).send();
  }

  @Test
  void providerRefusalIsAnsweredWithItsStatusAndBodyAndTheStateStaysUnchanged() {
    String id = provisioned();
    Reply before = get(id);

    Reply refused = put(id, "{\"enabled\":false,\"reason_code\":\"REFUSE\"}");

    assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
    assertThat(refused.json().get("error").asText()).isEqualTo("StateRefused");
    assertThat(refused.json().get("description").asText()).isEqualTo("The provider refused it.");
    Reply after = get(id);
    assertThat(after.json().get("enabled").asBoolean()).isTrue();
    assertThat(after.json()).isEqualTo(before.json());
  }

  @Test
  void providerExceptionIsAGeneric500LoggedAndTheStateStaysUnchanged() {
    String id = provisioned();
    Reply before = get(id);
    Reply failed;
    try (StderrCapture log = new StderrCapture()) {
      failed = put(id, "{\"enabled\":false,\"reason_code\":\"BREAK\"}");
      assertThat(log.lines()).anyMatch(l -> l.contains("provider secret detail"));
    }

    assertThat(failed.status()).as(failed.toString()).isEqualTo(500);
    assertThat(failed.json().get("description").asText()).doesNotContain("secret");
    assertThat(get(id).json()).isEqualTo(before.json());
  }

  @Test
  void providerThatSucceedsAfterAFailureGetsTheStateStoredAndTold() {
    String id = provisioned();
    assertThat(put(id, "{\"enabled\":false,\"reason_code\":\"REFUSE\"}").status())
        .isEqualTo(409);

    Reply disabled = put(id, "{\"enabled\":false,\"reason_code\":\"IBMCLOUD_ACCT_SUSPEND\"}");

    assertThat(disabled.status()).as(disabled.toString()).isEqualTo(200);
    assertThat(get(id).json()).isEqualTo(disabled.json());
    assertThat(get(id).json().get("enabled").asBoolean()).isFalse();
    assertThat(sb.stateChanges.get(id))
        .isEqualTo(TestServer.JSON.convertValue(disabled.json(), InstanceState.class));
  }
}
