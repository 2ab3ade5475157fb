package io.github.osbsdk.broker.store.jdbc.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionResult;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.broker.core.store.InstanceStatus;
import io.github.osbsdk.broker.core.store.StoredInstance;
import io.github.osbsdk.broker.store.jdbc.PostgresBrokerStore;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;
import io.github.osbsdk.broker.store.jdbc.replicas.ReplicaServer.Reply;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL: a provision whose provider call failed (500) leaves its instance failed, for
 * the platform's deprovision (orphan mitigation). The identical retry's claim replaces it, is
 * committed, and its answer is lost (503): once the database answers again the claim is
 * withdrawn, and the failed instance must still be there (it was deleted, so the deprovision got
 * 410 and what the provider may hold was orphaned).
 */
class FailedProvisionAnswerLostOnPostgresTest {
  private static final String PLAN = "?service_id=" + CountingProvider.SERVICE + "&plan_id=sync";

  /** {@link CountingProvider}, whose next provision fails when asked to; records deprovisions. */
  private static final class Provider implements ServiceBroker {
    final CountingProvider counting = new CountingProvider(false);
    final AtomicBoolean failNext = new AtomicBoolean();
    final List<String> deprovisions = new CopyOnWriteArrayList<>();

    @Override
    public Catalog catalog() {
      return counting.catalog();
    }

    @Override
    public ProvisionResult provision(ProvisionRequest request) {
      ProvisionResult r = counting.provision(request);
      if (failNext.getAndSet(false)) {
        throw new IllegalStateException("the backend failed");
      }
      return r;
    }

    @Override
    public DeprovisionResult deprovision(DeprovisionRequest request) {
      deprovisions.add(request.instanceId());
      return DeprovisionResult.deleted();
    }
  }

  private final Provider provider = new Provider();
  private HikariDataSource pool;
  private AnswerLostAfterCommit lost;
  private ReplicaServer a;

  @BeforeEach
  void startReplica() {
    pool = ReplicaServer.pool(TestDatabase.server().getJdbcUrl("postgres", "postgres"),
        "failed-provision-lost-answer", 4, 5_000);
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

  @Test
  void retryOfAFailedProvisionWhoseClaimAnswerWasLostKeepsTheFailedInstanceForTheDeprovision()
      throws Exception {
    String id = UUID.randomUUID().toString();
    provider.failNext.set(true);
    Reply failed = a.provision(id, "sync", false);
    assertThat(failed.status()).as(failed.toString()).isEqualTo(500);
    lost.arm("WITH i AS (UPDATE ");
    Reply first = a.provision(id, "sync", false);
    assertThat(lost.fired()).as("the commit's answer was lost").isTrue();
    assertThat(first.status()).as(first.toString()).isEqualTo(503);
    long deadline = System.nanoTime() + ReplicaServer.LEASE.multipliedBy(5).toNanos();
    while (a.broker.store().runningOperation(id).isPresent() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(a.broker.store().runningOperation(id)).as("the claim is withdrawn").isEmpty();
    assertThat(a.broker.store().findInstance(id)).as("the failed instance").get()
        .extracting(StoredInstance::status).isEqualTo(InstanceStatus.PROVISION_FAILED);
    Reply deleted = a.send("DELETE", "/v2/service_instances/" + id + PLAN, null);
    assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
    assertThat(provider.deprovisions).containsExactly(id);
  }
}
