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
 * An instance (binding) deleted asynchronously and then created again under the same id with a
 * synchronous request exists: {@code last_operation} without an operation id no longer answers
 * 410 for the delete, which tells the platform to forget the resource (OSB: 410 is "appropriate
 * only for asynchronous delete operations"), but 404, as for any instance whose operations were
 * all synchronous. A poll naming the delete still gets its 410 (a late poll).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LastOperationAfterRecreateTest {
  private static final String QUERY = "?service_id=svc-1&plan_id=plan-sync";
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

  /** Polls the operation until it is no longer in progress and returns that answer. */
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

  private void created(String path, String body) {
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
    created(path, body);
    String delete = deletedAsynchronously(path);
    created(path, body);

    Reply latest = server.call("GET", path + "/last_operation" + QUERY).send();
    assertThat(latest.status()).as(latest.toString()).isEqualTo(404);
    assertThat(latest.json().get("description").asText())
        .isEqualTo("No operation is known for this service instance.");
    assertThat(server.call("GET", path).send().status()).isEqualTo(200);
    Reply late = server.call("GET", path + "/last_operation?operation=" + delete).send();
    assertThat(late.status()).as("a late poll of the delete: " + late).isEqualTo(410);
  }

  @Test
  void lastOperationOfABindingBoundAgainAfterAnAsyncUnbindIsNotGone() {
    String instance = "/v2/service_instances/" + UUID.randomUUID();
    created(instance, ProvisionTest.body("plan-sync", "{}"));
    String path = instance + "/service_bindings/" + UUID.randomUUID();
    created(path, BIND);
    String unbind = deletedAsynchronously(path);
    created(path, BIND);

    Reply latest = server.call("GET", path + "/last_operation").send();
    assertThat(latest.status()).as(latest.toString()).isEqualTo(404);
    assertThat(latest.json().get("description").asText())
        .isEqualTo("No operation is known for this service binding.");
    assertThat(server.call("GET", path).send().status()).isEqualTo(200);
    Reply late = server.call("GET", path + "/last_operation?operation=" + unbind).send();
    assertThat(late.status()).as("a late poll of the unbind: " + late).isEqualTo(410);
  }
}
