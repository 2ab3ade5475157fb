package io.github.osbsdk.broker.store.jdbc.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.broker.store.jdbc.PostgresBrokerStore;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;
import io.github.osbsdk.broker.store.jdbc.replicas.ReplicaServer.Reply;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One finish of replica A cannot be written (another transaction holds a lock on its instance
 * row past A's statement timeout, so the finish is kept and retried by A's maintenance): A must
 * still renew the leases of the other operations it runs, or replica B takes a step A is running
 * over and runs it a second time at the same time.
 */
class LeaseRenewalBehindALockTest {
  private static final Duration A_LEASE = ReplicaServer.LEASE.multipliedBy(2);
  private final CountingProvider providerA = new CountingProvider(true);
  private final CountingProvider providerB = new CountingProvider(false);
  private final CountDownLatch stepStarted = new CountDownLatch(1);
  private final CountDownLatch stepRelease = new CountDownLatch(1);
  private final List<String> runs = new CopyOnWriteArrayList<>();
  private ReplicaServer a;
  private ReplicaServer b;

  @BeforeEach
  void startReplicas() {
    String url = TestDatabase.server().getJdbcUrl("postgres", "postgres");
    a = ReplicaServer.onOwnPool(url, "renew-a", 4, 5_000, pool -> Broker.builder(providerA)
        .authenticator(BasicAuthenticator.of(ReplicaServer.USER, ReplicaServer.PASSWORD))
        .store(PostgresBrokerStore.builder(pool).statementTimeout(Duration.ofSeconds(1)).build())
        // twice the usual lease: a round (renewal, then the finish waiting out its 1 s statement
        // timeout) must fit in it with room for a loaded CI machine; B still takes a lapsed
        // lease over well within the 8 s the test watches
        .lease(A_LEASE).retryAfter(Duration.ofSeconds(1))
        .step(CountingProvider.STEP, ctx -> {
          runs.add("a" + ctx.attempt());
          stepStarted.countDown();
          stepRelease.await(30, TimeUnit.SECONDS);
        }));
    b = ReplicaServer.onTestDatabase("renew-b", pool -> ReplicaServer.replica(providerB, pool)
        .step(CountingProvider.STEP, ctx -> runs.add("b" + ctx.attempt())));
  }

  @AfterEach
  void stopReplicas() {
    stepRelease.countDown();
    providerA.release();
    a.close();
    b.close();
  }

  @Test
  void aFinishWaitingOnALockDoesNotStopTheOwnerRenewingItsOtherLeases() throws Exception {
    String running = UUID.randomUUID().toString();
    String blocked = UUID.randomUUID().toString();
    Reply step = a.provision(running, "step", true);
    assertThat(step.status()).as(step.toString()).isEqualTo(202);
    assertThat(stepStarted.await(30, TimeUnit.SECONDS)).isTrue();
    Reply task = a.provision(blocked, "async", true);
    assertThat(task.status()).as(task.toString()).isEqualTo(202);
    try (Connection locker = TestDatabase.replicaB().getConnection()) {
      locker.setAutoCommit(false);
      try (PreparedStatement ps = locker.prepareStatement(
          "SELECT 1 FROM osb_instance WHERE id = ? FOR UPDATE")) {
        ps.setString(1, blocked);
        ps.executeQuery().close();
      }
      providerA.release(); // the task ends; its finish waits on the lock, times out, is kept
      long until = System.nanoTime() + ReplicaServer.LEASE.multipliedBy(4).toNanos();
      while (System.nanoTime() < until && runs.size() < 2) {
        Thread.sleep(100);
      }
      assertThat(runs).as("runs of the step while A still runs it").containsExactly("a1");
      locker.rollback();
    }
    stepRelease.countDown();
    Reply done = b.awaitFinished(running, step.json().path("operation").asText(),
        Duration.ofSeconds(30));
    assertThat(done.json().path("state").asText()).as(done.toString()).isEqualTo("succeeded");
    Reply other = b.awaitFinished(blocked, task.json().path("operation").asText(),
        Duration.ofSeconds(30));
    assertThat(other.json().path("state").asText()).as(other.toString()).isEqualTo("succeeded");
    assertThat(runs).containsExactly("a1");
  }
}
