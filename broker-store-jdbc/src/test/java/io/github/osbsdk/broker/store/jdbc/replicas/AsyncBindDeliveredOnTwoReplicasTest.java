package io.github.osbsdk.broker.store.jdbc.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.BindResult;
import io.github.osbsdk.broker.api.binding.BindStep;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.ImmediateInstancesProvider;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.broker.store.jdbc.Migrations;
import io.github.osbsdk.broker.store.jdbc.PostgresBrokerStore;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;
import io.github.osbsdk.broker.store.jdbc.replicas.ReplicaServer.Reply;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The binding an asynchronous bind's work delivers is in PostgreSQL with the bind's success: the
 * other replica's fetch and identical repeat answer its credentials, and a bind step resumed by
 * the replica that took the operation over delivers them too.
 */
class AsyncBindDeliveredOnTwoReplicasTest {
  private static final String STEP = "deliver-binding";
  private static final SecretKeySpec KEY = new SecretKeySpec(new byte[16], "AES");
  private final CountDownLatch ownerStepStarted = new CountDownLatch(1);
  private ReplicaServer a;
  private ReplicaServer b;

  /** Binds asynchronously: parameter "mode" is "task" (a BindTask) or "step" ({@link #STEP}). */
  static final class Provider extends ImmediateInstancesProvider {
    Provider() {
      super(Catalog.of(ServiceOffering.builder("svc-r", "replicated", "Binds asynchronously")
          .bindable(true).bindingsRetrievable(true)
          .plan(Plan.builder("plan-r", "r", "The plan").build()).build()));
    }

    @Override
    public BindResult bind(BindRequest request) {
      String id = request.bindingId();
      return "step".equals(request.parameters().get("mode"))
          ? BindResult.accepted(AsyncWork.step(STEP, Map.of("binding", id)))
          : BindResult.accepted(() -> BindResult.bound(Map.of("password", "p-" + id)));
    }
  }

  /** A schema of this test's own: other tests' credentials, under other keys, are not in it. */
  private final String schema = TestDatabase.freshSchema("deliver_");

  private ReplicaServer replica(String name, BindStep step) {
    Migrations.apply(TestDatabase.replicaA(), schema); // once per schema: a repeat does nothing
    return ReplicaServer.onOwnPool(TestDatabase.server().getJdbcUrl("postgres", "postgres"),
        name, 4, 5_000, pool -> Broker.builder(new Provider())
            .authenticator(BasicAuthenticator.of(ReplicaServer.USER, ReplicaServer.PASSWORD))
            .store(PostgresBrokerStore.builder(pool).schema(schema).build())
            .lease(ReplicaServer.LEASE).storeCredentials(KEY).bindStep(STEP, step));
  }

  @AfterEach
  void stop() {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
  }

  private static String provision(ReplicaServer r) {
    String id = UUID.randomUUID().toString();
    Reply p = r.send("PUT", "/v2/service_instances/" + id, "{\"service_id\":\"svc-r\","
        + "\"plan_id\":\"plan-r\",\"organization_guid\":\"o\",\"space_guid\":\"s\"}");
    assertThat(p.status()).as(p.toString()).isEqualTo(201);
    return id;
  }

  private static Reply bind(ReplicaServer r, String id, String bindingId, String mode) {
    return r.send("PUT", "/v2/service_instances/" + id + "/service_bindings/" + bindingId
        + "?accepts_incomplete=true", "{\"service_id\":\"svc-r\",\"plan_id\":\"plan-r\","
        + "\"parameters\":{\"mode\":\"" + mode + "\"}}");
  }

  /** Polls the binding's operation on {@code r} until it is no longer in progress. */
  private static JsonNode awaitBind(ReplicaServer r, String id, String bindingId, Reply accepted)
      throws InterruptedException {
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    String path = "/v2/service_instances/" + id + "/service_bindings/" + bindingId
        + "/last_operation?operation=" + accepted.json().path("operation").asText();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Reply poll = r.send("GET", path, null);
    while (poll.status() == 200 && "in progress".equals(poll.json().path("state").asText())
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
      poll = r.send("GET", path, null);
    }
    assertThat(poll.status()).as(poll.toString()).isEqualTo(200);
    return poll.json();
  }

  private static JsonNode fetch(ReplicaServer r, String id, String bindingId) {
    Reply f = r.send("GET", "/v2/service_instances/" + id + "/service_bindings/" + bindingId,
        null);
    assertThat(f.status()).as(f.toString()).isEqualTo(200);
    return f.json();
  }

  @Test
  void credentialsABindTaskDeliveredOnOneReplicaAreFetchedAndRepeatedOnTheOther()
      throws Exception {
    a = replica("deliver-a", ctx -> BindResult.bound(Map.of()));
    b = replica("deliver-b", ctx -> BindResult.bound(Map.of()));
    String id = provision(a);
    JsonNode end = awaitBind(b, id, "b1", bind(a, id, "b1", "task"));
    assertThat(end.path("state").asText()).isEqualTo("succeeded");
    assertThat(fetch(b, id, "b1").path("credentials").path("password").asText())
        .isEqualTo("p-b1");
    Reply again = bind(b, id, "b1", "task");
    assertThat(again.status()).as(again.toString()).isEqualTo(200);
    assertThat(again.json().path("credentials").path("password").asText()).isEqualTo("p-b1");
    assertThat(b.store().findBinding(id, "b1").orElseThrow().credentials())
        .doesNotContain("p-b1");
  }

  @Test
  void aBindStepResumedByTheReplicaThatTookItOverDeliversTheCredentials() throws Exception {
    a = replica("deliver-owner", ctx -> {
      ownerStepStarted.countDown();
      new CountDownLatch(1).await(); // runs until the replica stops
      return BindResult.bound(Map.of("password", "never"));
    });
    b = replica("deliver-taker", ctx -> BindResult.bound(Map.of("password",
        "p-" + ctx.arguments().get("binding") + "-attempt-" + ctx.attempt())));
    String id = provision(a);
    Reply accepted = bind(a, id, "b2", "step");
    assertThat(ownerStepStarted.await(10, TimeUnit.SECONDS)).isTrue();
    a.close();
    a = null;
    JsonNode end = awaitBind(b, id, "b2", accepted);
    assertThat(end.path("state").asText()).isEqualTo("succeeded");
    assertThat(fetch(b, id, "b2").path("credentials").path("password").asText())
        .isEqualTo("p-b2-attempt-2");
  }
}
