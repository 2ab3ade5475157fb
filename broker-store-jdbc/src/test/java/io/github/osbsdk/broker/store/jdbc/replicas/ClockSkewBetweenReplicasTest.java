package io.github.osbsdk.broker.store.jdbc.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.store.Begin;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.Claim;
import io.github.osbsdk.broker.core.store.Finish;
import io.github.osbsdk.broker.core.store.StoredBinding;
import io.github.osbsdk.broker.core.store.StoredInstance;
import io.github.osbsdk.broker.core.store.StoredOperation;
import io.github.osbsdk.broker.store.jdbc.PostgresBrokerStore;
import io.github.osbsdk.broker.store.jdbc.replicas.ReplicaServer.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Replica B's clock runs ahead of replica A's by more than a lease (NTP not yet synced, a VM
 * resumed). Before the replicas measured their clocks against the database's, leases were
 * written with the owner's clock and judged with the taker's, so B took over a step A was still
 * running and renewing, and the step ran twice at the same time (runs [a1, b2]). B's clock is
 * modelled by shifting every time its broker hands its store, and the database's time as B
 * reads it, by the skew; A is untouched.
 */
class ClockSkewBetweenReplicasTest {
  private static final Duration SKEW = ReplicaServer.LEASE.plusSeconds(1);
  private final CountingProvider provider = new CountingProvider(false);
  private final CountDownLatch stepStarted = new CountDownLatch(1);
  private final CountDownLatch stepRelease = new CountDownLatch(1);
  private final List<String> runs = new CopyOnWriteArrayList<>();
  private ReplicaServer a;
  private ReplicaServer b;

  @BeforeEach
  void startReplicas() {
    a = ReplicaServer.onTestDatabase("skew-a", pool -> ReplicaServer.replica(provider, pool)
        .step(CountingProvider.STEP, ctx -> {
          runs.add("a" + ctx.attempt());
          stepStarted.countDown();
          stepRelease.await(30, TimeUnit.SECONDS);
        }));
    b = ReplicaServer.onTestDatabase("skew-b", pool -> ReplicaServer.replica(provider, pool)
        .store(new Ahead(PostgresBrokerStore.builder(pool).build(), SKEW))
        .step(CountingProvider.STEP, ctx -> runs.add("b" + ctx.attempt())));
  }

  @AfterEach
  void stopReplicas() {
    stepRelease.countDown();
    a.close();
    b.close();
  }

  @Test
  void aReplicaWhoseClockIsAheadDoesNotTakeOverAStepItsOwnerStillRenews() throws Exception {
    String id = UUID.randomUUID().toString();
    Reply accepted = a.provision(id, "step", true);
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    assertThat(stepStarted.await(5, TimeUnit.SECONDS)).isTrue();
    long until = System.nanoTime() + ReplicaServer.LEASE.multipliedBy(4).toNanos();
    while (System.nanoTime() < until && runs.size() < 2) {
      Thread.sleep(100);
    }
    assertThat(runs).as("runs of the step while A still runs it").containsExactly("a1");
    stepRelease.countDown();
    Reply done = a.awaitFinished(id, accepted.json().path("operation").asText(),
        Duration.ofSeconds(10));
    assertThat(done.json().path("state").asText()).as(done.toString()).isEqualTo("succeeded");
  }

  /** A store used by a replica whose clock is {@code skew} ahead. */
  private record Ahead(BrokerStore store, Duration skew) implements BrokerStore {
    @Override
    public Optional<StoredInstance> findInstance(String instanceId) {
      return store.findInstance(instanceId);
    }

    @Override
    public Optional<StoredBinding> findBinding(String instanceId, String bindingId) {
      return store.findBinding(instanceId, bindingId);
    }

    @Override
    public Optional<StoredOperation> findOperation(String instanceId, String bindingId,
        String operationId) {
      return store.findOperation(instanceId, bindingId, operationId);
    }

    @Override
    public Optional<StoredOperation> runningOperation(String instanceId) {
      return store.runningOperation(instanceId);
    }

    @Override
    public Claim<StoredInstance> claimInstance(StoredInstance instance, StoredOperation op) {
      return store.claimInstance(instance, op);
    }

    @Override
    public Claim<StoredBinding> claimBinding(StoredBinding binding, StoredOperation op) {
      return store.claimBinding(binding, op);
    }

    @Override
    public Begin beginOperation(StoredOperation operation) {
      return store.beginOperation(operation);
    }

    @Override
    public boolean acceptOperation(StoredOperation accepted, String owner) {
      return store.acceptOperation(accepted, owner);
    }

    @Override
    public boolean finishOperation(Finish finish) {
      return store.finishOperation(finish);
    }

    @Override
    public int renewLeases(String owner, Instant leaseExpiry) {
      return store.renewLeases(owner, leaseExpiry.plus(skew));
    }

    @Override
    public List<StoredOperation> takeOverExpired(String owner, Instant now, Instant leaseExpiry,
        int limit) {
      return store.takeOverExpired(owner, now.plus(skew), leaseExpiry.plus(skew), limit);
    }

    @Override
    public Optional<StoredInstance> setEnabled(String instanceId, boolean enabled, Instant at) {
      return store.setEnabled(instanceId, enabled, at.plus(skew));
    }

    @Override
    public List<StoredBinding> bindingsWithCredentials(String afterInstanceId,
        String afterBindingId, int limit) {
      return store.bindingsWithCredentials(afterInstanceId, afterBindingId, limit);
    }

    @Override
    public boolean replaceCredentials(String instanceId, String bindingId, String expected,
        String replacement) {
      return store.replaceCredentials(instanceId, bindingId, expected, replacement);
    }

    @Override
    public int purgeOperations(Instant finishedBefore) {
      return store.purgeOperations(finishedBefore.plus(skew));
    }

    @Override
    public void check() {
      store.check();
    }

    /** The database's clock as this replica sees it: behind its own by the skew. */
    @Override
    public Optional<Instant> sharedTime() {
      return store.sharedTime().map(t -> t.minus(skew));
    }
  }
}
