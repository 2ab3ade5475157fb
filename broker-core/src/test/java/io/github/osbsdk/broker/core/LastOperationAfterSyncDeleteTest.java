package io.github.osbsdk.broker.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.binding.UnbindRequest;
import io.github.osbsdk.broker.api.binding.UnbindResult;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionResult;
import io.github.osbsdk.broker.core.TestServer.Reply;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Once a synchronous delete removed an instance (binding), {@code last_operation} without an
 * operation id answers as for an unknown one (404), not the state of an earlier operation (the
 * failed create it mitigated); after an asynchronous delete it answers 410, as before. A poll
 * naming an earlier operation still gets that operation's answer while it is kept (late polls).
 * An instance (binding) deleted asynchronously and then created again under the same id with a
 * synchronous request exists: a poll without an operation id answers 404 again, not the delete's
 * 410, which would tell the platform to forget it (OSB: 410 is only for asynchronous deletes).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LastOperationAfterSyncDeleteTest {
  private static final String QUERY = "?service_id=svc-1&plan_id=plan-sync";
  private static final String UNKNOWN_INSTANCE = "No operation is known for this service"
      + " instance.";
  private static final String UNKNOWN_BINDING = "No operation is known for this service binding.";
  private static final String BIND = "{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\"}";

  /** Deletes synchronously, or asynchronously (at once) when the request accepts it. */
  private final TestServiceBroker sb = new TestServiceBroker() {
    @Override
    public DeprovisionResult deprovision(DeprovisionRequest request) {
      return request.acceptsIncomplete() ? DeprovisionResult.accepted(AsyncWork.task(() -> { }))
          : DeprovisionResult.deleted();
    }

    @Override
    public UnbindResult unbind(UnbindRequest request) {
      return request.acceptsIncomplete() ? UnbindResult.accepted(AsyncWork.task(() -> { }))
          : UnbindResult.unbound();
    }
  };
  private final TestServer server = TestServer.start(sb);

  @AfterAll
  void stop() {
    server.close();
  }

  /** Polls last_operation until it is no longer in progress and returns that answer. */
  private Reply finished(String path, String operation) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    Reply r;
    do {
      r = server.call("GET", path + "/last_operation?operation=" + operation).send();
      if (r.status() != 200 || !r.json().get("state").asText().equals("in progress")) {
        return r;
      }
      RegistryTest.sleep(20);
    } while (System.nanoTime() < deadline);
    return r;
  }

  /** Starts an asynchronous create at {@code path} and returns its finished operation's id. */
  private String created(String path, String body, String state) {
    Reply accepted = server.call("PUT", path + "?accepts_incomplete=true").json(body).send();
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    String op = accepted.json().get("operation").asText();
    Reply done = finished(path, op);
    assertThat(done.json().get("state").asText()).as(done.toString()).isEqualTo(state);
    return op;
  }

  private String failedInstance(String path) {
    return created(path, ProvisionTest.body("plan-async", "{\"fail\":\"async-task-fails\"}"),
        "failed");
  }

  private String failedBinding(String binding) {
    String instance = binding.substring(0, binding.indexOf("/service_bindings/"));
    assertThat(server.call("PUT", instance).json(ProvisionTest.body("plan-sync", "{}")).send()
        .status()).isEqualTo(201);
    return created(binding, "{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\","
        + "\"parameters\":{\"fail\":\"async-fails\"}}", "failed");
  }

  private void assertUnknown(Reply r, String description) {
    assertThat(r.status()).as(r.toString()).isEqualTo(404);
    assertThat(r.json().get("description").asText()).isEqualTo(description);
    assertThat(r.json().has("state")).isFalse();
  }

  @Test
  void lastOperationOfAnInstanceDeletedSynchronouslyAfterItsProvisionFailedIsUnknown() {
    String path = "/v2/service_instances/" + UUID.randomUUID();
    String provision = failedInstance(path);
    Reply deleted = server.call("DELETE", path + QUERY).send();
    assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);

    assertUnknown(server.call("GET", path + "/last_operation").send(), UNKNOWN_INSTANCE);
    assertUnknown(server.call("GET", path + "/last_operation" + QUERY).send(),
        UNKNOWN_INSTANCE);
    Reply late = server.call("GET", path + "/last_operation?operation=" + provision).send();
    assertThat(late.status()).as("a late poll of the provision: " + late).isEqualTo(200);
    assertThat(late.json().get("state").asText()).isEqualTo("failed");
  }

  @Test
  void lastOperationOfAnInstanceDeletedSynchronouslyAfterItsProvisionSucceededIsUnknown() {
    String path = "/v2/service_instances/" + UUID.randomUUID();
    created(path, ProvisionTest.body("plan-async", "{}"), "succeeded");
    Reply deleted = server.call("DELETE", path + QUERY).send();
    assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);

    assertUnknown(server.call("GET", path + "/last_operation").send(), UNKNOWN_INSTANCE);
  }

  @Test
  void lastOperationOfAnInstanceDeletedAsynchronouslyAfterItsProvisionFailedIsGone() {
    String path = "/v2/service_instances/" + UUID.randomUUID();
    failedInstance(path);
    Reply accepted = server.call("DELETE", path + QUERY + "&accepts_incomplete=true").send();
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    assertThat(finished(path, accepted.json().get("operation").asText()).status())
        .isEqualTo(410);

    Reply latest = server.call("GET", path + "/last_operation").send();
    assertThat(latest.status()).as(latest.toString()).isEqualTo(410);
  }

  @Test
  void lastOperationOfABindingUnboundSynchronouslyAfterItsBindFailedIsUnknown() {
    String binding = "/v2/service_instances/" + UUID.randomUUID() + "/service_bindings/"
        + UUID.randomUUID();
    String bind = failedBinding(binding);
    Reply unbound = server.call("DELETE", binding + QUERY).send();
    assertThat(unbound.status()).as(unbound.toString()).isEqualTo(200);

    assertUnknown(server.call("GET", binding + "/last_operation").send(), UNKNOWN_BINDING);
    Reply late = server.call("GET", binding + "/last_operation?operation=" + bind).send();
    assertThat(late.status()).as("a late poll of the bind: " + late).isEqualTo(200);
    assertThat(late.json().get("state").asText()).isEqualTo("failed");
  }

  @Test
  void lastOperationOfABindingUnboundAsynchronouslyAfterItsBindFailedIsGone() {
    String binding = "/v2/service_instances/" + UUID.randomUUID() + "/service_bindings/"
        + UUID.randomUUID();
    failedBinding(binding);
    Reply accepted = server.call("DELETE", binding + QUERY + "&accepts_incomplete=true").send();
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    assertThat(finished(binding, accepted.json().get("operation").asText()).status())
        .isEqualTo(410);

    Reply latest = server.call("GET", binding + "/last_operation").send();
    assertThat(latest.status()).as(latest.toString()).isEqualTo(410);
  }

  @Test
  void lastOperationOfAnUnknownInstanceIsNotFound() {
    assertUnknown(server.call("GET", "/v2/service_instances/" + UUID.randomUUID()
        + "/last_operation").send(), UNKNOWN_INSTANCE);
  }

  private void createdSynchronously(String path, String body) {
    Reply r = server.call("PUT", path).json(body).send();
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
  }

  /** Deletes the target asynchronously, waits for the 410 and returns the delete's id. */
  private String deletedAsynchronously(String path) {
    Reply accepted = server.call("DELETE", path + QUERY + "&accepts_incomplete=true").send();
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    String op = accepted.json().get("operation").asText();
    assertThat(finished(path, op).status()).isEqualTo(410);
    assertThat(server.call("GET", path + "/last_operation").send().status()).isEqualTo(410);
    return op;
  }

  @Test
  void lastOperationOfAnInstanceProvisionedAgainAfterAnAsyncDeleteIsNotGone() {
    String path = "/v2/service_instances/" + UUID.randomUUID();
    String body = ProvisionTest.body("plan-sync", "{}");
    createdSynchronously(path, body);
    String delete = deletedAsynchronously(path);
    createdSynchronously(path, body);

    assertUnknown(server.call("GET", path + "/last_operation" + QUERY).send(), UNKNOWN_INSTANCE);
    assertThat(server.call("GET", path).send().status()).isEqualTo(200);
    Reply late = server.call("GET", path + "/last_operation?operation=" + delete).send();
    assertThat(late.status()).as("a late poll of the delete: " + late).isEqualTo(410);
  }

  @Test
  void lastOperationOfABindingBoundAgainAfterAnAsyncUnbindIsNotGone() {
    String instance = "/v2/service_instances/" + UUID.randomUUID();
    createdSynchronously(instance, ProvisionTest.body("plan-sync", "{}"));
    String path = instance + "/service_bindings/" + UUID.randomUUID();
    createdSynchronously(path, BIND);
    String unbind = deletedAsynchronously(path);
    createdSynchronously(path, BIND);

    assertUnknown(server.call("GET", path + "/last_operation").send(), UNKNOWN_BINDING);
    assertThat(server.call("GET", path).send().status()).isEqualTo(200);
    Reply late = server.call("GET", path + "/last_operation?operation=" + unbind).send();
    assertThat(late.status()).as("a late poll of the unbind: " + late).isEqualTo(410);
  }
}
