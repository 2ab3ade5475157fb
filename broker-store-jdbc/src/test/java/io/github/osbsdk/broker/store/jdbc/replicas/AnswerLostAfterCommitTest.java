package io.github.osbsdk.broker.store.jdbc.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.broker.store.jdbc.PostgresBrokerStore;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;
import io.github.osbsdk.broker.store.jdbc.replicas.ReplicaServer.Reply;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The database commits the statement that starts an operation (a claim, a begin), but the
 * replica never gets the answer (the connection is lost between the commit and its reply): the
 * platform gets 503 and retries, and the operation the replica believes it never started must
 * not stay in progress (renewed by that replica for as long as it runs), blocking every retry.
 */
class AnswerLostAfterCommitTest {
  /** Several leases: what a platform retrying for a while would see. */
  private static final Duration RETRYING_FOR = ReplicaServer.LEASE.multipliedBy(5);
  private static final String PLAN = "?service_id=" + CountingProvider.SERVICE + "&plan_id=sync";
  private final CountingProvider provider = new CountingProvider(false);
  private HikariDataSource pool;
  private AnswerLostAfterCommit lost;
  private ReplicaServer a;

  @BeforeEach
  void startReplica() {
    pool = ReplicaServer.pool(TestDatabase.server().getJdbcUrl("postgres", "postgres"),
        "lost-answer", 4, 5_000);
    lost = new AnswerLostAfterCommit(pool);
    a = ReplicaServer.start(Broker.builder(provider)
        .authenticator(BasicAuthenticator.of(ReplicaServer.USER, ReplicaServer.PASSWORD))
        .store(PostgresBrokerStore.builder(lost.dataSource()).build())
        .lease(ReplicaServer.LEASE).repeatWait(Duration.ofMillis(200))
        .retryAfter(Duration.ofSeconds(1)));
  }

  @AfterEach
  void stopReplica() {
    a.close();
    pool.close();
  }

  /** Retries as the platform does until the answer is not 503/422, or the time is up. */
  private static Reply retry(Supplier<Reply> call) throws InterruptedException {
    long deadline = System.nanoTime() + RETRYING_FOR.toNanos();
    Reply r;
    do {
      r = call.get();
      if (r.status() != 503 && r.status() != 422) {
        return r;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    return r;
  }

  private Reply lostOnce(String sqlPart, Supplier<Reply> call) {
    lost.arm(sqlPart);
    Reply first = call.get();
    assertThat(lost.fired()).as("the commit's answer was lost").isTrue();
    assertThat(first.status()).as(first.toString()).isEqualTo(503);
    return first;
  }

  @Test
  void provisionWhoseClaimCommittedButWhoseAnswerWasLostSucceedsOnRetry() throws Exception {
    String id = UUID.randomUUID().toString();
    lostOnce("INSERT INTO osb_instance", () -> a.provision(id, "sync", false));
    Reply retried = retry(() -> a.provision(id, "sync", false));
    assertThat(retried.status()).as(retried.toString()).isEqualTo(201);
    assertThat(provider.provisions.get()).isEqualTo(1);
    assertThat(a.broker.store().runningOperation(id)).isEmpty();
  }

  @Test
  void deprovisionWhoseBeginCommittedButWhoseAnswerWasLostSucceedsOnRetry() throws Exception {
    String id = UUID.randomUUID().toString();
    assertThat(a.provision(id, "sync", false).status()).isEqualTo(201);
    String path = "/v2/service_instances/" + id + PLAN;
    lostOnce("'DEPROVISIONING'", () -> a.send("DELETE", path, null));
    Reply retried = retry(() -> a.send("DELETE", path, null));
    assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
    assertThat(a.broker.store().findInstance(id)).isEmpty();
  }

  @Test
  void bindWhoseClaimCommittedButWhoseAnswerWasLostSucceedsOnRetry() throws Exception {
    String id = UUID.randomUUID().toString();
    assertThat(a.provision(id, "sync", false).status()).isEqualTo(201);
    lostOnce("INSERT INTO osb_binding", () -> a.bind(id, "b1"));
    Reply retried = retry(() -> a.bind(id, "b1"));
    assertThat(retried.status()).as(retried.toString()).isEqualTo(201);
    assertThat(provider.binds.get()).isEqualTo(1);
    assertThat(a.broker.store().runningOperation(id)).isEmpty();
  }

  @Test
  void unbindWhoseBeginCommittedButWhoseAnswerWasLostSucceedsOnRetry() throws Exception {
    String id = UUID.randomUUID().toString();
    assertThat(a.provision(id, "sync", false).status()).isEqualTo(201);
    assertThat(a.bind(id, "b1").status()).isEqualTo(201);
    String path = "/v2/service_instances/" + id + "/service_bindings/b1" + PLAN;
    lostOnce("'UNBINDING'", () -> a.send("DELETE", path, null));
    Reply retried = retry(() -> a.send("DELETE", path, null));
    assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
    assertThat(a.broker.store().findBinding(id, "b1")).isEmpty();
  }
}
