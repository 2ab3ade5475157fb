package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.body;
import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.TestServer.Reply;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AsyncOperationTest {
  /** A bind on plan-sync whose provider answers with asynchronous work. */
  private static final String ASYNC_BIND = "{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\","
      + "\"parameters\":{\"fail\":\"async\"}}";
  private final TestServiceBroker sb = new TestServiceBroker();
  private final TestServer server = TestServer.start(sb);

  @AfterAll
  void stop() {
    server.close();
  }

  @AfterEach
  void release() {
    sb.releaseAsyncTasks();
  }

  private Reply provisionAsync(String id, String params) {
    return server.call("PUT", "/v2/service_instances/" + id + "?accepts_incomplete=true")
        .json(body("plan-async", params)).send();
  }

  private Reply lastOperation(String path, String operation) {
    return server.call("GET", path + "/last_operation?operation=" + operation).send();
  }

  /** Polls until the state is no longer "in progress" (or the status is not 200). */
  private Reply awaitFinished(String path, String operation) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    Reply r = lastOperation(path, operation);
    while (r.status() == 200 && r.json().get("state").asText().equals("in progress")
        && System.nanoTime() < deadline) {
      sleep();
      r = lastOperation(path, operation);
    }
    return r;
  }

  private static void sleep() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Provisions an instance on plan-sync and names a binding of it (not created yet);
   * {@link #ASYNC_BIND} binds it asynchronously.
   *
   * @return the binding's path
   */
  private String bindingOfASyncInstance() {
    String ipath = "/v2/service_instances/" + id();
    assertThat(server.call("PUT", ipath).json(body("plan-sync", "{}")).send().status())
        .isEqualTo(201);
    return ipath + "/service_bindings/" + id();
  }

  @Test
  void asyncProvisionIsAcceptedPolledAndSucceeds() {
    sb.holdAsyncTasks();
    String id = id();
    String path = "/v2/service_instances/" + id;
    Reply r = provisionAsync(id, "{}");
    assertThat(r.status()).isEqualTo(202);
    String op = r.json().get("operation").asText();
    assertThat(op).isNotBlank();
    assertThat(r.json().get("dashboard_url").asText()).isEqualTo("https://dash/" + id);

    Reply poll = lastOperation(path, op);
    assertThat(poll.status()).isEqualTo(200);
    assertThat(poll.json().get("state").asText()).isEqualTo("in progress");
    assertThat(poll.header("Retry-After")).isEqualTo("1");
    assertThat(server.call("GET", path).send().status()).isEqualTo(404);

    Reply repeat = provisionAsync(id, "{}");
    assertThat(repeat.status()).isEqualTo(202);
    assertThat(repeat.json().get("operation").asText()).isEqualTo(op);
    Reply repeatWithoutAsync = server.call("PUT", path).json(body("plan-async", "{}")).send();
    assertThat(repeatWithoutAsync.status()).isEqualTo(422);

    sb.releaseAsyncTasks();
    Reply done = awaitFinished(path, op);
    assertThat(done.json().get("state").asText()).isEqualTo("succeeded");
    assertThat(done.header("Retry-After")).isNull();
    assertThat(sb.instances).containsKey(id);
    assertThat(server.call("GET", "/bluemix_v1/service_instances/" + id).send().status())
        .isEqualTo(200);
    assertThat(server.call("GET", path + "/last_operation").send().json().get("state").asText())
        .isEqualTo("succeeded");
  }

  @Test
  void differentMutationsDuringARunningCreateAreConcurrencyErrors() {
    sb.holdAsyncTasks();
    String id = id();
    String path = "/v2/service_instances/" + id;
    assertThat(provisionAsync(id, "{}").status()).isEqualTo(202);

    Reply different = provisionAsync(id, "{\"other\":true}");
    assertThat(different.status()).isEqualTo(409);
    Reply delete = server.call("DELETE", path + "?service_id=svc-1&plan_id=plan-async"
        + "&accepts_incomplete=true").send();
    assertThat(delete.status()).isEqualTo(422);
    assertThat(delete.json().get("error").asText()).isEqualTo("ConcurrencyError");
    Reply update = server.call("PATCH", path + "?accepts_incomplete=true")
        .json("{\"service_id\":\"svc-1\",\"parameters\":{}}").send();
    assertThat(update.status()).isEqualTo(422);
    Reply bind = server.call("PUT", path + "/service_bindings/" + id())
        .json("{\"service_id\":\"svc-1\",\"plan_id\":\"plan-async\"}").send();
    assertThat(bind.status()).isEqualTo(422);
    assertThat(bind.json().get("error").asText()).isEqualTo("ConcurrencyError");
  }

  @Test
  void failedTaskReportsItsDescription() {
    String id = id();
    String path = "/v2/service_instances/" + id;
    Reply r = provisionAsync(id, "{\"fail\":\"async-task-fails\"}");
    Reply done = awaitFinished(path, r.json().get("operation").asText());
    assertThat(done.json().get("state").asText()).isEqualTo("failed");
    assertThat(done.json().get("description").asText()).isEqualTo("The region is full.");
    assertThat(server.call("GET", "/bluemix_v1/service_instances/" + id).send().status())
        .isEqualTo(404);
  }

  @Test
  void crashedTaskReportsAGenericDescription() {
    String id = id();
    Reply r = provisionAsync(id, "{\"fail\":\"async-task-crashes\"}");
    Reply done = awaitFinished("/v2/service_instances/" + id, r.json().get("operation").asText());
    assertThat(done.json().get("state").asText()).isEqualTo("failed");
    assertThat(done.json().get("description").asText()).doesNotContain("secret").isNotBlank();
  }

  @Test
  void asyncDeprovisionEndsInGone() {
    String id = id();
    String path = "/v2/service_instances/" + id;
    Reply created = provisionAsync(id, "{}");
    assertThat(awaitFinished(path, created.json().get("operation").asText())
        .json().get("state").asText()).isEqualTo("succeeded");

    Reply sync = server.call("DELETE", path + "?service_id=svc-1&plan_id=plan-async").send();
    assertThat(sync.status()).isEqualTo(422);
    assertThat(sync.json().get("error").asText()).isEqualTo("AsyncRequired");

    sb.holdAsyncTasks();
    Reply r = server.call("DELETE", path + "?service_id=svc-1&plan_id=plan-async"
        + "&accepts_incomplete=true").send();
    assertThat(r.status()).isEqualTo(202);
    String op = r.json().get("operation").asText();
    assertThat(lastOperation(path, op).json().get("state").asText()).isEqualTo("in progress");
    sb.releaseAsyncTasks();
    Reply gone = awaitFinished(path, op);
    assertThat(gone.status()).isEqualTo(410);
    assertThat(sb.instances).doesNotContainKey(id);
    assertThat(server.call("GET", "/bluemix_v1/service_instances/" + id).send().status())
        .isEqualTo(404);
  }

  @Test
  void asyncUpdateMakesFetchAConcurrencyError() {
    String id = id();
    String path = "/v2/service_instances/" + id;
    awaitFinished(path, provisionAsync(id, "{}").json().get("operation").asText());
    sb.holdAsyncTasks();
    Reply r = server.call("PATCH", path + "?accepts_incomplete=true")
        .json("{\"service_id\":\"svc-1\",\"parameters\":{\"b\":1}}").send();
    assertThat(r.status()).isEqualTo(202);
    Reply fetch = server.call("GET", path).send();
    assertThat(fetch.status()).isEqualTo(422);
    assertThat(fetch.json().get("error").asText()).isEqualTo("ConcurrencyError");
    sb.releaseAsyncTasks();
    assertThat(awaitFinished(path, r.json().get("operation").asText()).json().get("state")
        .asText()).isEqualTo("succeeded");
    assertThat(sb.instances.get(id).parameters()).containsEntry("b", 1);
  }

  @Test
  void asyncBindIsPolledOnTheBindingWithoutInstanceFlags() {
    String bpath = bindingOfASyncInstance();
    sb.holdAsyncTasks();
    Reply r = server.call("PUT", bpath + "?accepts_incomplete=true").json(ASYNC_BIND).send();
    assertThat(r.status()).isEqualTo(202);
    assertThat(r.json().has("credentials")).isFalse();
    String op = r.json().get("operation").asText();
    assertThat(server.call("GET", bpath).send().status()).isEqualTo(404);
    assertThat(lastOperation(bpath, op).json().get("state").asText()).isEqualTo("in progress");
    sb.releaseAsyncTasks();
    Reply done = awaitFinished(bpath, op);
    assertThat(done.json().get("state").asText()).isEqualTo("succeeded");
    assertThat(done.json().has("instance_usable")).isFalse();
    assertThat(server.call("GET", bpath).send().status()).isEqualTo(200);
  }

  @Test
  void asyncBindAndUnbindNeedAcceptsIncompleteAndUnbindEndsInGone() {
    String bpath = bindingOfASyncInstance();
    Reply syncBind = server.call("PUT", bpath).json(ASYNC_BIND).send();
    assertThat(syncBind.status()).isEqualTo(422);
    assertThat(syncBind.json().get("error").asText()).isEqualTo("AsyncRequired");
    Reply bound = server.call("PUT", bpath + "?accepts_incomplete=true").json(ASYNC_BIND).send();
    assertThat(awaitFinished(bpath, bound.json().get("operation").asText()).json().get("state")
        .asText()).isEqualTo("succeeded");

    String query = "?service_id=svc-1&plan_id=plan-sync";
    Reply syncUnbind = server.call("DELETE", bpath + query).send();
    assertThat(syncUnbind.status()).isEqualTo(422);
    assertThat(syncUnbind.json().get("error").asText()).isEqualTo("AsyncRequired");
    sb.holdAsyncTasks();
    Reply r = server.call("DELETE", bpath + query + "&accepts_incomplete=true").send();
    assertThat(r.status()).isEqualTo(202);
    String op = r.json().get("operation").asText();
    assertThat(lastOperation(bpath, op).json().get("state").asText()).isEqualTo("in progress");
    Reply other = server.call("PUT", bpath + "?accepts_incomplete=true").json(ASYNC_BIND).send();
    assertThat(other.status()).isEqualTo(422);
    assertThat(other.json().get("error").asText()).isEqualTo("ConcurrencyError");
    sb.releaseAsyncTasks();
    assertThat(awaitFinished(bpath, op).status()).isEqualTo(410);
  }

  @Test
  void concurrencyErrorsOfABusyBindingNameTheBindingNotTheInstance() {
    String bpath = bindingOfASyncInstance();
    String query = "?service_id=svc-1&plan_id=plan-sync&accepts_incomplete=true";
    sb.holdAsyncTasks();
    Reply bound = server.call("PUT", bpath + "?accepts_incomplete=true").json(ASYNC_BIND).send();
    assertThat(bound.status()).isEqualTo(202);
    Reply unbindDuringBind = server.call("DELETE", bpath + query).send();
    sb.releaseAsyncTasks();
    assertThat(awaitFinished(bpath, bound.json().get("operation").asText()).json().get("state")
        .asText()).isEqualTo("succeeded");
    sb.holdAsyncTasks();
    Reply unbound = server.call("DELETE", bpath + query).send();
    assertThat(unbound.status()).isEqualTo(202);
    Reply bindDuringUnbind = server.call("PUT", bpath + "?accepts_incomplete=true").json(ASYNC_BIND)
        .send();
    sb.releaseAsyncTasks();
    assertThat(awaitFinished(bpath, unbound.json().get("operation").asText()).status())
        .isEqualTo(410);

    for (Reply refused : List.of(unbindDuringBind, bindDuringUnbind)) {
      assertThat(refused.status()).isEqualTo(422);
      assertThat(refused.json().get("error").asText()).isEqualTo("ConcurrencyError");
      assertThat(refused.json().get("description").asText()).contains("service binding")
          .doesNotContain("service instance");
    }
  }

  @Test
  void updateOfAsyncOnlyPlanWithoutAcceptsIncompleteIsAsyncRequired() {
    String id = id();
    String path = "/v2/service_instances/" + id;
    awaitFinished(path, provisionAsync(id, "{}").json().get("operation").asText());
    Reply r = server.call("PATCH", path).json("{\"service_id\":\"svc-1\"}").send();
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.json().get("error").asText()).isEqualTo("AsyncRequired");
  }

  @Test
  void emptyOperationServiceOrPlanQueryParameterIsBadRequest() {
    // spec: operation, service_id and plan_id on these GETs are optional, "If present, MUST be
    // a non-empty string"; a malformed request gets 400, not the 404 of an unknown operation
    sb.holdAsyncTasks();
    String id = id();
    String path = "/v2/service_instances/" + id;
    String op = provisionAsync(id, "{}").json().get("operation").asText();
    for (String query : new String[] {"?operation=", "?operation=" + op + "&service_id=",
        "?operation=" + op + "&plan_id="}) {
      Reply r = server.call("GET", path + "/last_operation" + query).send();
      assertThat(r.status()).as(query).isEqualTo(400);
      assertThat(r.json().get("description").asText()).as(query).contains("must not be empty");
    }
    assertThat(lastOperation(path, op).status()).isEqualTo(200);
    sb.releaseAsyncTasks();
    awaitFinished(path, op);
    assertThat(server.call("GET", path + "?service_id=").send().status()).isEqualTo(400);
    assertThat(server.call("GET", path + "?plan_id=").send().status()).isEqualTo(400);
    String bpath = bindingOfASyncInstance();
    assertThat(server.call("PUT", bpath).json("{\"service_id\":\"svc-1\","
        + "\"plan_id\":\"plan-sync\"}").send().status()).isEqualTo(201);
    assertThat(server.call("GET", bpath + "?plan_id=").send().status()).isEqualTo(400);
    assertThat(server.call("GET", bpath + "/last_operation?operation=").send().status())
        .isEqualTo(400);
    assertThat(server.call("GET", bpath).send().status()).isEqualTo(200);
  }

  @Test
  void lastOperationNamingAnOperationNeverIssuedIsNotFoundNotAnotherOperationsState() {
    // the spec defines 200, 400 and 410 (a finished asynchronous delete) for last_operation and
    // nothing for an operation the broker never issued (or no longer keeps): answering with the
    // instance's latest operation would tell the platform another operation's state (a
    // provision's "succeeded" for a lost update, say); 404, as for an unknown id, keeps it
    // polling until its maximum polling duration
    String id = id();
    String path = "/v2/service_instances/" + id;
    Reply accepted = provisionAsync(id, "{}");
    assertThat(accepted.status()).isEqualTo(202);
    String op = accepted.json().get("operation").asText();
    assertThat(awaitFinished(path, op).json().get("state").asText()).isEqualTo("succeeded");
    String other = id();
    String othersOp = provisionAsync(other, "{}").json().get("operation").asText();

    for (String operation : new String[] {"never-issued", othersOp}) {
      Reply r = lastOperation(path, operation);
      assertThat(r.status()).as(operation + ": " + r).isEqualTo(404);
      assertThat(r.json().has("state")).as(operation).isFalse();
    }
    String bpath = bindingOfASyncInstance();
    assertThat(server.call("PUT", bpath).json("{\"service_id\":\"svc-1\","
        + "\"plan_id\":\"plan-sync\"}").send().status()).isEqualTo(201);
    assertThat(lastOperation(bpath, op).status()).isEqualTo(404);
    assertThat(lastOperation(path, op).json().get("state").asText()).isEqualTo("succeeded");
  }

  @Test
  void lastOperationWithInvalidIdIsBadRequest() {
    assertThat(server.call("GET", "/v2/service_instances/a%FF/last_operation").send().status())
        .isEqualTo(400);
  }
}
