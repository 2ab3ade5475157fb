package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.body;
import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.TestServer.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What a provision answers when the provider fails or breaks the SPI's contract: a generic
 * internal error without details, error bodies as the spec says, and a failed instance left for
 * the platform's delete (orphan mitigation) whenever the provider may have created it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProvisionProviderErrorsTest {
  private final TestServiceBroker sb = new TestServiceBroker();
  private final TestServer server = TestServer.start(sb);

  @AfterAll
  void stop() {
    server.close();
  }

  private Reply provision(String id, String json) {
    return server.call("PUT", "/v2/service_instances/" + id).json(json).send();
  }

  @Test
  void providerRuntimeExceptionIsGenericInternalErrorWithoutDetails() {
    Reply r = server.call("PUT", "/v2/service_instances/" + id())
        .header("X-Broker-API-Request-Identity", "rid-500")
        .json(body("plan-sync", "{\"fail\":\"runtime\"}")).send();
    assertThat(r.status()).isEqualTo(500);
    assertThat(r.json().get("description").asText()).contains("rid-500")
        .doesNotContain("secret").doesNotContain("Exception");
    assertThat(r.body()).doesNotContain("at io.github").doesNotContain("IllegalState");
  }

  @Test
  void providerCheckedExceptionIsGenericInternalErrorAndLeavesAFailedInstanceToDelete() {
    String id = id();
    Reply r = server.call("PUT", "/v2/service_instances/" + id)
        .header("X-Broker-API-Request-Identity", "rid-checked")
        .json(body("plan-sync", "{\"fail\":\"checked\"}")).send();
    assertThat(r.status()).as(r.toString()).isEqualTo(500);
    assertThat(r.json().get("description").asText()).contains("rid-checked");
    assertThat(r.body()).doesNotContain("secret").doesNotContain("IOException")
        .doesNotContain("at io.github");
    // kept failed, as the SPI promises for a provision that throws: the platform's delete
    // reaches the provider (which answers gone: it created nothing), then a new request may come
    assertThat(deprovision(id).status()).isEqualTo(410);
    Reply retry = provision(id, body("plan-sync", "{\"a\":1}"));
    assertThat(retry.status()).as(retry.toString()).isEqualTo(201);
  }

  @Test
  void providerTrackedWorkStartedWithoutAcceptsIncompleteIsInternalError() {
    Reply r = provision(id(), body("plan-sync", "{\"fail\":\"bug-async\"}"));
    assertThat(r.status()).isEqualTo(500);
  }

  @Test
  void anAsyncTaskAnsweredWithoutAcceptsIncompleteIsAsyncRequiredAndNeverRuns()
      throws InterruptedException {
    String id = id();
    String body = body("plan-sync", "{\"fail\":\"bug-async-task\"}");
    Reply r = provision(id, body);
    assertThat(r.status()).as(r.toString()).isEqualTo(422);
    assertThat(r.json().get("error").asText()).isEqualTo("AsyncRequired");
    assertThat(server.call("GET", "/v2/service_instances/" + id).send().status())
        .isEqualTo(404);

    Reply retry = server.call("PUT", "/v2/service_instances/" + id + "?accepts_incomplete=true")
        .json(body).send();
    assertThat(retry.status()).as(retry.toString()).isEqualTo(202);
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (sb.bugTaskRuns.get() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(sb.bugTaskRuns.get()).as("runs: only the accepted retry's").isEqualTo(1);
  }

  @Test
  void providerReturningNullIsGenericInternalError() {
    Reply r = provision(id(), body("plan-sync", "{\"fail\":\"bug-null\"}"));
    assertThat(r.status()).isEqualTo(500);
    assertThat(r.body()).contains("description").doesNotContain("Exception");
  }

  @Test
  void providerOperationLongerThanTenThousandCharactersIsInternalError() {
    Reply r = server.call("PUT", "/v2/service_instances/" + id() + "?accepts_incomplete=true")
        .json(body("plan-sync", "{\"fail\":\"long-operation\"}")).send();
    assertThat(r.status()).isEqualTo(500);
  }

  @Test
  void provisionErrorsNeverCarryInstanceUsableOrUpdateRepeatable() {
    Reply r = provision(id(), body("plan-sync", "{\"fail\":\"flags\"}"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("description").asText()).isEqualTo("bad");
    assertThat(r.json().has("instance_usable")).isFalse();
    assertThat(r.json().has("update_repeatable")).isFalse();
  }

  @Test
  void emptyErrorCodeAndDescriptionAreLeftOutOfTheErrorBody() {
    // spec (Service Broker Errors): error and description, "If present, MUST be a non-empty
    // string"
    Reply r = provision(id(), body("plan-sync", "{\"fail\":\"empty-error\"}"));
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.json().isObject()).isTrue();
    assertThat(r.json().has("error")).as(r.toString()).isFalse();
    assertThat(r.json().has("description")).as(r.toString()).isFalse();
  }

  @Test
  void metadataJacksonCannotWriteIsAProviderBugThatLeavesAFailedInstance() {
    for (boolean async : new boolean[] {false, true}) {
      String id = id();
      String path = "/v2/service_instances/" + id + (async ? "?accepts_incomplete=true" : "");
      for (int i = 0; i < 2; i++) {
        Reply r = server.call("PUT", path)
            .json(body("plan-sync", "{\"fail\":\"cyclic-metadata\"}")).send();
        assertThat(r.status()).as(async + " " + r).isEqualTo(500);
        assertThat(r.json().get("description").asText()).contains("internal error");
      }
      assertThat(server.call("GET", "/v2/service_instances/" + id).send().status())
          .isEqualTo(404);
      assertThat(deprovision(id).status()).isEqualTo(410);
      assertThat(provision(id, body("plan-sync", "{}")).status()).isEqualTo(201);
    }
  }

  private Reply deprovision(String id) {
    return server.call("DELETE", "/v2/service_instances/" + id
        + "?service_id=svc-1&plan_id=plan-sync").send();
  }
}
