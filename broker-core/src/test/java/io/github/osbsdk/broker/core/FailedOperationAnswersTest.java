package io.github.osbsdk.broker.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.TestServer.Reply;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * After an asynchronous provision or bind failed, nothing runs: the platform gets answers that
 * say so (and that a delete is what remains), never a ConcurrencyError it would retry forever.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FailedOperationAnswersTest {
  private static final String FAILED_INSTANCE = "The service instance's provisioning failed;"
      + " it can only be deprovisioned.";
  private final TestServiceBroker sb = new TestServiceBroker();
  private final TestServer server = TestServer.start(sb);

  @AfterAll
  void stop() {
    server.close();
  }

  /** Polls last_operation until it is no longer in progress and returns that answer. */
  private Reply finished(String path, String operation) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (true) {
      Reply r = server.call("GET", path + "/last_operation?operation=" + operation).send();
      if (r.status() != 200 || !r.json().get("state").asText().equals("in progress")
          || System.nanoTime() > deadline) {
        return r;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** Provisions an instance of plan-async whose task fails, and waits for the failure. */
  private String failedInstance() {
    String path = "/v2/service_instances/" + UUID.randomUUID();
    Reply r = server.call("PUT", path + "?accepts_incomplete=true")
        .json(ProvisionTest.body("plan-async", "{\"fail\":\"async-task-fails\"}")).send();
    assertThat(r.status()).as(r.toString()).isEqualTo(202);
    assertThat(finished(path, r.json().get("operation").asText()).json().get("state").asText())
        .isEqualTo("failed");
    return path;
  }

  @Test
  void updateOfAnInstanceWhoseProvisionFailedIsRefusedWithoutConcurrencyError() {
    String path = failedInstance();
    for (String query : new String[] {"", "?accepts_incomplete=true"}) {
      Reply r = server.call("PATCH", path + query)
          .json("{\"service_id\":\"svc-1\",\"parameters\":{\"a\":1}}").send();
      assertThat(r.status()).as(r.toString()).isEqualTo(422);
      assertThat(r.json().has("error")).as(r.toString()).isFalse();
      assertThat(r.json().get("description").asText()).isEqualTo(FAILED_INSTANCE);
    }
  }

  @Test
  void fetchOfAnInstanceWhoseProvisionFailedIsNotFoundSayingSo() {
    Reply r = server.call("GET", failedInstance()).send();
    assertThat(r.status()).as(r.toString()).isEqualTo(404);
    assertThat(r.json().get("description").asText()).isEqualTo(FAILED_INSTANCE);
  }

  @Test
  void bindToAnInstanceWhoseProvisionFailedIsRefusedSayingSo() {
    Reply r = server.call("PUT", failedInstance() + "/service_bindings/" + UUID.randomUUID())
        .json("{\"service_id\":\"svc-1\",\"plan_id\":\"plan-async\"}").send();
    assertThat(r.status()).as(r.toString()).isEqualTo(422);
    assertThat(r.json().get("description").asText()).isEqualTo(FAILED_INSTANCE);
  }

  @Test
  void instanceWhoseProvisionFailedCanBeDeprovisioned() {
    String path = failedInstance();
    Reply r = server.call("DELETE", path + "?service_id=svc-1&plan_id=plan-async"
        + "&accepts_incomplete=true").send();
    assertThat(r.status()).as(r.toString()).isIn(200, 202, 410);
    assertThat(r.json().has("error")).as(r.toString()).isFalse();
  }

  @Test
  void bindingWhoseAsyncBindFailedReportsTheFailureIsNotFoundAndCanBeUnbound() {
    String instance = "/v2/service_instances/" + UUID.randomUUID();
    assertThat(server.call("PUT", instance).json(ProvisionTest.body("plan-sync", "{}")).send()
        .status()).isEqualTo(201);
    String binding = instance + "/service_bindings/" + UUID.randomUUID();
    Reply bind = server.call("PUT", binding + "?accepts_incomplete=true")
        .json("{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\","
            + "\"parameters\":{\"fail\":\"async-fails\"}}").send();
    assertThat(bind.status()).as(bind.toString()).isEqualTo(202);
    Reply last = finished(binding, bind.json().get("operation").asText());
    assertThat(last.status()).as(last.toString()).isEqualTo(200);
    assertThat(last.json().get("state").asText()).isEqualTo("failed");
    assertThat(last.json().get("description").asText()).isEqualTo("The key store is full.");

    Reply fetch = server.call("GET", binding).send();
    assertThat(fetch.status()).as(fetch.toString()).isEqualTo(404);
    assertThat(fetch.json().get("description").asText())
        .isEqualTo("The service binding's creation failed; it can only be unbound.");

    Reply unbind = server.call("DELETE", binding + "?service_id=svc-1&plan_id=plan-sync").send();
    assertThat(unbind.status()).as(unbind.toString()).isIn(200, 410);
    assertThat(unbind.json().has("error")).as(unbind.toString()).isFalse();
  }
}
