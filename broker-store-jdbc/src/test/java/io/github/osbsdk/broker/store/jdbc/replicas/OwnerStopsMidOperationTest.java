package io.github.osbsdk.broker.store.jdbc.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.StepContext;
import io.github.osbsdk.broker.store.jdbc.replicas.ReplicaServer.Reply;
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
 * The replica that owns a running operation stops (its broker and server closed while the work
 * runs): another replica finishes the operation within the lease, resuming a step or failing a
 * plain task, and every replica answers {@code last_operation} the same.
 */
class OwnerStopsMidOperationTest {
  /** Lease plus a margin for one maintenance period and a loaded machine. */
  private static final Duration WITHIN = ReplicaServer.LEASE.plusSeconds(3);
  private final CountingProvider ownerProvider = new CountingProvider(true);
  private final CountingProvider otherProvider = new CountingProvider(false);
  private final CountDownLatch ownerStepStarted = new CountDownLatch(1);
  private final List<Integer> attempts = new CopyOnWriteArrayList<>();
  private ReplicaServer owner;
  private ReplicaServer b;
  private ReplicaServer c;

  @BeforeEach
  void startReplicas() {
    owner = ReplicaServer.onTestDatabase("owner-a", pool -> ReplicaServer
        .replica(ownerProvider, pool).step(CountingProvider.STEP, ctx -> {
          attempts.add(ctx.attempt());
          ownerStepStarted.countDown();
          new CountDownLatch(1).await(); // runs until the replica stops
        }));
    b = ReplicaServer.onTestDatabase("other-b", pool -> ReplicaServer
        .replica(otherProvider, pool).step(CountingProvider.STEP, this::record));
    c = ReplicaServer.onTestDatabase("other-c", pool -> ReplicaServer
        .replica(otherProvider, pool).step(CountingProvider.STEP, this::record));
  }

  private void record(StepContext ctx) {
    attempts.add(ctx.attempt());
  }

  @AfterEach
  void stopReplicas() {
    ownerProvider.release();
    owner.close();
    b.close();
    c.close();
  }

  /**
   * Provisions through the owner, stops it mid-work, and returns what B reports at the end. A
   * crash closes the owner's pool first, so the owner cannot give its leases up as a clean stop
   * does, and the others must wait for the lease to expire.
   */
  private Reply stopOwnerDuring(String id, String plan, boolean crash) throws Exception {
    Reply accepted = owner.provision(id, plan, true);
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    String operation = accepted.json().path("operation").asText();
    if (plan.equals("step")) {
      assertThat(ownerStepStarted.await(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(b.lastOperation(id, operation).json().path("state").asText())
        .isEqualTo("in progress");
    long stopped = System.nanoTime();
    if (crash) {
      owner.pool().close();
    }
    owner.close();
    Reply done = b.awaitFinished(id, operation, WITHIN.plusSeconds(5));
    Duration took = Duration.ofNanos(System.nanoTime() - stopped);
    assertThat(done.status()).as(done.toString()).isEqualTo(200);
    assertThat(took).as("time to finish after the owner stopped").isLessThan(WITHIN);
    Reply onC = c.lastOperation(id, operation);
    assertThat(onC.status()).isEqualTo(200);
    assertThat(onC.json()).isEqualTo(done.json());
    assertThat(b.lastOperation(id, null).json()).isEqualTo(done.json());
    assertThat(b.store().runningOperation(id)).isEmpty();
    return done;
  }

  @Test
  void aStepWhoseOwnerStoppedIsResumedByAnotherReplicaAndSucceedsEverywhere() throws Exception {
    String id = UUID.randomUUID().toString();
    Reply done = stopOwnerDuring(id, "step", false);
    assertThat(done.json().path("state").asText()).isEqualTo("succeeded");
    assertThat(attempts).containsExactly(1, 2);
    assertThat(ownerProvider.provisions.get() + otherProvider.provisions.get()).isEqualTo(1);
    assertThat(c.provision(id, "step", true).status()).isEqualTo(200);
  }

  @Test
  void aStepWhoseOwnerCrashedIsResumedOnceItsLeaseExpired() throws Exception {
    String id = UUID.randomUUID().toString();
    long start = System.nanoTime();
    Reply done = stopOwnerDuring(id, "step", true);
    assertThat(done.json().path("state").asText()).isEqualTo("succeeded");
    assertThat(attempts).containsExactly(1, 2);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the lease had to expire")
        .isGreaterThan(ReplicaServer.LEASE.dividedBy(2));
  }

  @Test
  void aPlainTaskWhoseOwnerStoppedFailsSayingSoAndCanBeProvisionedAgain() throws Exception {
    String id = UUID.randomUUID().toString();
    Reply done = stopOwnerDuring(id, "async", false);
    assertThat(done.json().path("state").asText()).isEqualTo("failed");
    assertThat(done.json().path("description").asText()).contains("stopped");
    Reply retry = c.provision(id, "async", true);
    assertThat(retry.status()).as(retry.toString()).isEqualTo(202);
    Reply second = b.awaitFinished(id, retry.json().path("operation").asText(),
        Duration.ofSeconds(30));
    assertThat(second.json().path("state").asText()).isEqualTo("succeeded");
    assertThat(ownerProvider.provisions.get()).isEqualTo(1);
    assertThat(otherProvider.provisions.get()).isEqualTo(1);
  }
}
