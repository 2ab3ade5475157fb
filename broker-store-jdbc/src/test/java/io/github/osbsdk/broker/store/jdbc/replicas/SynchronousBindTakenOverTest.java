package io.github.osbsdk.broker.store.jdbc.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.store.jdbc.TestDatabase;
import io.github.osbsdk.broker.store.jdbc.replicas.ReplicaServer.Reply;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Replica A runs a request in the provider and loses its lease meanwhile (simulated by
 * handing the operation to a replica that is gone, with an expired lease); replica B takes it
 * over and undoes the claim. A must not then answer 201 with credentials the registry has no
 * binding for (an unbind would answer 410 without telling the provider, so they would work
 * forever): it answers 500, and the platform's retry binds again.
 */
class SynchronousBindTakenOverTest {
  private final GatedProvider provider = new GatedProvider();
  private ReplicaServer a;
  private ReplicaServer b;

  @BeforeEach
  void start() {
    String url = TestDatabase.server().getJdbcUrl("postgres", "postgres");
    a = ReplicaServer.onOwnPool(url, "lost-a", 4, 5_000,
        pool -> ReplicaServer.replica(provider, pool));
    b = ReplicaServer.onOwnPool(url, "lost-b", 4, 5_000,
        pool -> ReplicaServer.replica(provider, pool));
  }

  @AfterEach
  void stop() {
    provider.openAll();
    a.close();
    b.close();
  }

  @Test
  void bindTakenOverByAnotherReplicaIsNotAnsweredWithCredentials() throws Exception {
    String id = UUID.randomUUID().toString();
    assertThat(a.provision(id, "sync", false).status()).isEqualTo(201);
    GatedProvider.Gate gate = provider.hold("bind");
    CompletableFuture<Reply> bind = CompletableFuture.supplyAsync(() -> a.bind(id, "b1"));
    gate.await();
    loseLease(id);
    provider.open("bind");
    Reply r = bind.get(20, TimeUnit.SECONDS);
    assertThat(r.status()).as(r.toString()).isEqualTo(500);
    assertThat(r.body()).doesNotContain("u-b1");
    Reply fetch = b.send("GET", "/v2/service_instances/" + id + "/service_bindings/b1", null);
    assertThat(fetch.status()).as(fetch.toString()).isEqualTo(404);
    Reply retry = b.bind(id, "b1");
    assertThat(retry.status()).as(retry.toString()).isEqualTo(201);
    assertThat(a.send("GET", "/v2/service_instances/" + id + "/service_bindings/b1", null)
        .status()).isEqualTo(200);
  }

  /** A's lease on the operation of {@code id} ends, and B takes it over (and undoes it). */
  private void loseLease(String id) throws Exception {
    try (Connection c = TestDatabase.replicaB().getConnection();
        PreparedStatement ps = c.prepareStatement("UPDATE osb_operation SET owner = 'gone',"
            + " lease_expiry = now() - interval '1 minute' WHERE instance_id = ?"
            + " AND status = 'IN_PROGRESS'")) {
      ps.setString(1, id);
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
    b.broker.maintainOperations();
  }

  @Test
  void provisionTakenOverBeforeItsAsyncAnswerWasRecordedIsNotAnswered202() throws Exception {
    String id = UUID.randomUUID().toString();
    GatedProvider.Gate gate = provider.hold("provision");
    CompletableFuture<Reply> provision =
        CompletableFuture.supplyAsync(() -> a.provision(id, "async", true));
    gate.await();
    loseLease(id);
    provider.open("provision");
    Reply r = provision.get(20, TimeUnit.SECONDS);
    // a 202 would name an operation nobody runs and last_operation does not know (404)
    assertThat(r.status()).as(r.toString()).isEqualTo(500);
    Reply retry = b.provision(id, "async", true);
    assertThat(retry.status()).as(retry.toString()).isEqualTo(202);
    Reply done = b.awaitFinished(id, retry.json().path("operation").asText(),
        java.time.Duration.ofSeconds(30));
    assertThat(done.json().path("state").asText()).as(done.toString()).isEqualTo("succeeded");
  }
}
