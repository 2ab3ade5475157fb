package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.store.BindingStatus;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import io.github.osbsdk.broker.core.store.StoredBinding;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * An asynchronous bind whose work delivers the binding ({@code BindTask}, {@code BindStep}):
 * recorded as a synchronous bind's answer, so the platform's fetch after the success and an
 * identical repeat answer it; work that delivers a binding is refused for a provision.
 */
class AsyncBindDeliveryTest {
  private static final SecretKeySpec KEY = new SecretKeySpec(new byte[32], "AES");
  private final DeliveringServiceBroker sb = new DeliveringServiceBroker();
  private final InMemoryBrokerStore store = new InMemoryBrokerStore();

  static Reply bind(TestServer s, String id, String bindingId, String mode) {
    return s.call("PUT", "/v2/service_instances/" + id + "/service_bindings/" + bindingId
        + "?accepts_incomplete=true").json("{\"service_id\":\"svc-d\",\"plan_id\":\"plan-d\","
        + "\"parameters\":{\"mode\":\"" + mode + "\"}}").send();
  }

  static String provision(TestServer s, String mode) {
    String id = id();
    Reply r = s.call("PUT", "/v2/service_instances/" + id + "?accepts_incomplete=true")
        .json("{\"service_id\":\"svc-d\",\"plan_id\":\"plan-d\",\"organization_guid\":\"o\","
            + "\"space_guid\":\"s\",\"parameters\":{\"mode\":\"" + mode + "\"}}").send();
    return r.status() == 201 ? id : "status " + r.status();
  }

  /** Polls the binding's operation until it is no longer in progress. */
  static JsonNode awaitBind(TestServer s, String id, String bindingId, Reply accepted) {
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    String path = "/v2/service_instances/" + id + "/service_bindings/" + bindingId
        + "/last_operation?operation=" + accepted.json().get("operation").asText();
    long deadline = System.nanoTime() + 30_000_000_000L;
    Reply r = s.call("GET", path).send();
    while (r.status() == 200 && r.json().get("state").asText().equals("in progress")
        && System.nanoTime() < deadline) {
      RegistryTest.sleep(20);
      r = s.call("GET", path).send();
    }
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  static Reply fetch(TestServer s, String id, String bindingId) {
    return s.call("GET", "/v2/service_instances/" + id + "/service_bindings/" + bindingId)
        .send();
  }

  @Test
  void bindTaskDeliversCredentialsThatTheFetchAfterItsSuccessAndARepeatAnswer() {
    try (TestServer s = new TestServer(DeliveringServiceBroker.builder(sb).store(store)
        .storeCredentials(KEY).build())) {
      String id = provision(s, "sync");
      Reply accepted = bind(s, id, "b1", "task");
      assertThat(accepted.json().has("credentials")).isFalse();
      assertThat(awaitBind(s, id, "b1", accepted).get("state").asText()).isEqualTo("succeeded");
      Reply fetched = fetch(s, id, "b1");
      assertThat(fetched.status()).isEqualTo(200);
      assertThat(fetched.json().get("credentials").get("password").asText()).isEqualTo("p-b1");
      assertThat(fetched.json().get("endpoints").get(0).get("host").asText())
          .isEqualTo("db.example");
      StoredBinding stored = store.findBinding(id, "b1").orElseThrow();
      assertThat(stored.status()).isEqualTo(BindingStatus.READY);
      assertThat(stored.credentials()).isNotNull().doesNotContain("p-b1");
      Reply again = bind(s, id, "b1", "task");
      assertThat(again.status()).as(again.toString()).isEqualTo(200);
      assertThat(again.json().get("credentials").get("password").asText()).isEqualTo("p-b1");
    }
  }

  @Test
  void withoutACredentialKeyADeliveredBindingIsFetchedAsASynchronousOneIs() {
    try (TestServer s = new TestServer(DeliveringServiceBroker.builder(sb).store(store)
        .build())) {
      String id = provision(s, "sync");
      assertThat(bind(s, id, "sync", "sync").status()).isEqualTo(201);
      Reply accepted = bind(s, id, "b1", "task");
      assertThat(awaitBind(s, id, "b1", accepted).get("state").asText()).isEqualTo("succeeded");
      Reply fetched = fetch(s, id, "b1");
      assertThat(fetched.status()).isEqualTo(200);
      // no credentials stored, none answered (fetchBinding must add them), as for a sync bind
      assertThat(fetched.json().has("credentials")).isFalse();
      assertThat(fetched.json().get("endpoints").get(0).get("host").asText())
          .isEqualTo("db.example");
      ObjectNode sync = (ObjectNode) fetch(s, id, "sync").json();
      ObjectNode async = (ObjectNode) fetched.json();
      sync.remove("parameters");
      async.remove("parameters");
      assertThat(async).isEqualTo(sync);
      assertThat(store.findBinding(id, "b1").orElseThrow().credentials()).isNull();
    }
  }

  @Test
  void bindStepDeliversCredentialsThatTheFetchAnswers() {
    try (TestServer s = new TestServer(DeliveringServiceBroker.builder(sb).store(store)
        .storeCredentials(KEY).build())) {
      String id = provision(s, "sync");
      Reply accepted = bind(s, id, "b2", "step");
      assertThat(awaitBind(s, id, "b2", accepted).get("state").asText()).isEqualTo("succeeded");
      assertThat(sb.stepRuns.get()).isEqualTo(1);
      assertThat(fetch(s, id, "b2").json().get("credentials").get("password").asText())
          .isEqualTo("p-b2");
    }
  }

  @Test
  void aDeliveredBindingThatFailsTheChecksOfASynchronousOneFailsTheBind() {
    try (TestServer s = new TestServer(DeliveringServiceBroker.builder(sb).store(store)
        .storeCredentials(KEY).build())) {
      String id = provision(s, "sync");
      for (String mode : new String[] {"syslog", "null"}) {
        JsonNode end = awaitBind(s, id, mode, bind(s, id, mode, mode));
        assertThat(end.get("state").asText()).as(mode).isEqualTo("failed");
        assertThat(end.get("description").asText()).isEqualTo("The operation failed.");
        assertThat(fetch(s, id, mode).status()).isEqualTo(404);
        StoredBinding stored = store.findBinding(id, mode).orElseThrow();
        assertThat(stored.status()).isEqualTo(BindingStatus.BIND_FAILED);
        assertThat(stored.credentials()).isNull();
      }
    }
  }

  @Test
  void aProvisionNamingABindStepOrRunningABindTaskIsRefusedBeforeItsWorkStarts() {
    try (TestServer s = new TestServer(DeliveringServiceBroker.builder(sb).store(store)
        .build())) {
      assertThat(provision(s, "bind-step")).isEqualTo("status 500");
      assertThat(provision(s, "bind-task")).isEqualTo("status 500");
      assertThat(sb.stepRuns.get()).isZero();
    }
  }
}
