package io.github.osbsdk.broker.store.jdbc.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.StepContext;
import io.github.osbsdk.broker.store.jdbc.TestDatabase;
import io.github.osbsdk.broker.store.jdbc.replicas.ReplicaServer.Reply;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A replica with a fixed id ({@code Broker.Builder.replicaId}, say a StatefulSet's pod name)
 * crashes while it runs a resumable step and comes back under the same id, as a restarted pod
 * does. The process that owned the operation is gone, so its operation must still be resumed
 * (by the restarted process or by another replica) within about a lease.
 */
class ReplicaIdReusedAfterRestartTest {
  /** Lease plus a margin for one maintenance period and a loaded machine. */
  private static final Duration WITHIN = ReplicaServer.LEASE.plusSeconds(3);
  private static final String POD = "broker-0";
  private final CountingProvider provider = new CountingProvider(false);
  private final GatedProvider gated = new GatedProvider();
  private final CountDownLatch firstRunStarted = new CountDownLatch(1);
  private final List<Integer> resumedAttempts = new CopyOnWriteArrayList<>();
  private ReplicaServer crashed;
  private ReplicaServer restarted;
  private ReplicaServer other;
  private final String id = UUID.randomUUID().toString();

  @AfterEach
  void stopReplicas() {
    gated.openAll();
    for (ReplicaServer r : new ReplicaServer[] {crashed, restarted, other}) {
      if (r != null) {
        r.close();
      }
    }
    // what a failed run leaves in progress must not reach the replicas of later tests
    TestDatabase.sql("DELETE FROM osb_operation WHERE instance_id = '" + id + "'");
    TestDatabase.sql("DELETE FROM osb_instance WHERE id = '" + id + "'");
  }

  /**
   * Records a resumed run of this test's step; the replicas also take over what other tests on
   * the same database left in progress, and run their steps with this lambda too.
   */
  private void recordResumed(StepContext ctx) {
    if (ctx.instanceId().equals(id)) {
      resumedAttempts.add(ctx.attempt());
    }
  }

  @Test
  void aStepOfAReplicaRestartedUnderItsOwnIdIsResumedWithinALease() throws Exception {
    crashed = ReplicaServer.onTestDatabase("pod-first-life", pool -> ReplicaServer
        .replica(provider, pool).replicaId(POD).step(CountingProvider.STEP, ctx -> {
          firstRunStarted.countDown();
          new CountDownLatch(1).await(); // runs until the process dies
        }));
    other = ReplicaServer.onTestDatabase("other-replica", pool -> ReplicaServer
        .replica(provider, pool).step(CountingProvider.STEP, this::recordResumed));
    Reply accepted = crashed.provision(id, "step", true);
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    String operation = accepted.json().path("operation").asText();
    assertThat(firstRunStarted.await(30, TimeUnit.SECONDS)).isTrue();

    // a crash: the pool goes first, so the dying process gives no lease up
    crashed.pool().close();
    crashed.close();
    crashed = null;
    restarted = ReplicaServer.onTestDatabase("pod-second-life", pool -> ReplicaServer
        .replica(provider, pool).replicaId(POD)
        .step(CountingProvider.STEP, this::recordResumed));

    Reply done = other.awaitFinished(id, operation, WITHIN.plusSeconds(5));
    assertThat(done.status()).as(done.toString()).isEqualTo(200);
    assertThat(done.json().path("state").asText())
        .as("the step nobody runs any more, %s after the crash (resumed attempts: %s; the"
            + " restarted process renews the lease of work it never ran)",
            WITHIN.plusSeconds(5), resumedAttempts)
        .isEqualTo("succeeded");
    assertThat(resumedAttempts).containsExactly(2);
  }

  @Test
  void aSynchronousCallCutByACrashDoesNotHoldItsInstanceAfterARestartUnderTheSameId()
      throws Exception {
    crashed = ReplicaServer.onTestDatabase("pod-first-life",
        pool -> ReplicaServer.replica(gated, pool).replicaId(POD));
    other = ReplicaServer.onTestDatabase("other-replica",
        pool -> ReplicaServer.replica(provider, pool));
    GatedProvider.Gate gate = gated.hold("provision");
    ReplicaServer firstLife = crashed;
    // its answer never comes: the process dies while the provider runs
    CompletableFuture.runAsync(() -> firstLife.provision(id, "sync", false));
    gate.await();
    assertThat(other.store().runningOperation(id)).isPresent();

    crashed.pool().close();
    crashed.close();
    crashed = null;
    restarted = ReplicaServer.onTestDatabase("pod-second-life",
        pool -> ReplicaServer.replica(provider, pool).replicaId(POD));

    long deadline = System.nanoTime() + WITHIN.plusSeconds(5).toNanos();
    while (other.store().runningOperation(id).isPresent()
        && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(other.store().runningOperation(id))
        .as("the provision the crashed process was running, %s after the crash (the restarted"
            + " process renews the lease of a call it never made)", WITHIN.plusSeconds(5))
        .isEmpty();
    Reply retry = other.provision(id, "sync", false);
    assertThat(retry.status()).as(retry.toString()).isEqualTo(201);
  }
}
