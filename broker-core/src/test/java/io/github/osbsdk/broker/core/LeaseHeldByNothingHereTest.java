package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static io.github.osbsdk.broker.core.RegistryTest.builder;
import static io.github.osbsdk.broker.core.RegistryTest.provision;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.OperationType;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.Claim;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import io.github.osbsdk.broker.core.store.InstanceStatus;
import io.github.osbsdk.broker.core.store.OperationStatus;
import io.github.osbsdk.broker.core.store.StoreProxy;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import io.github.osbsdk.broker.core.store.StoredInstance;
import io.github.osbsdk.broker.core.store.StoredOperation;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Operations a replica holds a lease on while nothing in it works on them: a takeover, or a
 * provider-tracked acceptance, that the store committed but whose answer was lost. The lease is
 * long (the loop's own rounds come 200 s apart), so the test's rounds are the only ones.
 */
class LeaseHeldByNothingHereTest {
  private static final Duration LONG_LEASE = Duration.ofMinutes(10);

  @Test
  void anAsynchronousOperationThisReplicaHoldsButDoesNotRunEndsFailedWithinAFewRounds() {
    InMemoryBrokerStore store = new InMemoryBrokerStore();
    Broker broker = builder(new TestServiceBroker()).store(store).lease(LONG_LEASE).build();
    try {
      String id = id();
      // as after a takeover whose answer was lost: this replica's, attempt 2, nothing runs it
      StoredOperation op = heldBy(store, id, broker.replicaId());
      for (int round = 0; round < 3; round++) {
        broker.maintainOperations();
      }
      StoredOperation now = store.findOperation(id, null, op.id()).orElseThrow();
      assertThat(now.status()).as("%s", now).isEqualTo(OperationStatus.FAILED);
      assertThat(now.description()).contains("stopped");
    } finally {
      broker.close();
    }
  }

  @Test
  void aSynchronousCallRunningHereKeepsItsOperationThroughManyRounds() throws Exception {
    CountDownLatch called = new CountDownLatch(1);
    CountDownLatch proceed = new CountDownLatch(1);
    TestServiceBroker provider = new TestServiceBroker() {
      @Override
      public ProvisionResult provision(ProvisionRequest request) {
        called.countDown();
        try {
          proceed.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return super.provision(request);
      }
    };
    InMemoryBrokerStore store = new InMemoryBrokerStore();
    Broker broker = builder(provider).store(store).lease(LONG_LEASE).build();
    try (TestServer s = new TestServer(broker)) {
      String id = id();
      CompletableFuture<Reply> first =
          CompletableFuture.supplyAsync(() -> provision(s, id, "plan-sync", "{}", false));
      assertThat(called.await(10, TimeUnit.SECONDS)).isTrue();
      StoredOperation running = store.runningOperation(id).orElseThrow();
      for (int round = 0; round < 5; round++) {
        broker.maintainOperations();
      }
      StoredOperation after = store.runningOperation(id).orElseThrow();
      assertThat(after.attempt()).as("%s", after).isEqualTo(running.attempt());
      proceed.countDown();
      Reply reply = first.get(30, TimeUnit.SECONDS);
      assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    } finally {
      proceed.countDown();
    }
  }

  @Test
  void aProviderTrackedAcceptanceWhoseAnswerWasLostIsUndoneSoTheDeleteGoesThrough() {
    InMemoryBrokerStore memory = new InMemoryBrokerStore();
    AtomicBoolean loseNextAcceptance = new AtomicBoolean(true);
    BrokerStore store = StoreProxy.around(memory, (method, args, target) -> {
      Object result = target.proceed(args);
      if (method.getName().equals("acceptOperation") && loseNextAcceptance.getAndSet(false)) {
        throw new StoreUnavailableException("the answer was lost after the commit", null);
      }
      return result;
    });
    Broker broker = builder(new TestServiceBroker()).store(store).lease(LONG_LEASE).build();
    try (TestServer s = new TestServer(broker)) {
      String id = id();
      Reply first = provision(s, id, "plan-provider", "{}", true);
      assertThat(first.status()).as(first.toString()).isEqualTo(503);
      String path = "/v2/service_instances/" + id
          + "?accepts_incomplete=true&service_id=svc-1&plan_id=plan-provider";
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      Reply delete = s.call("DELETE", path).send();
      while (delete.status() == 422 && System.nanoTime() < deadline) {
        RegistryTest.sleep(50); // the undo is done soon after the store is back (250 ms)
        delete = s.call("DELETE", path).send();
      }
      assertThat(delete.status()).as(delete.toString()).isIn(200, 202, 410);
    }
  }

  /** An asynchronous task's operation owned by {@code owner} in attempt 2, its lease long. */
  private static StoredOperation heldBy(InMemoryBrokerStore store, String id, String owner) {
    Instant now = Instant.now();
    StoredOperation op = StoredOperation.start(UUID.randomUUID().toString(), id, null,
        OperationType.PROVISION, "fp", "a-replica-that-stopped", now.minusSeconds(1), "req",
        null, now.minusSeconds(5));
    StoredInstance claimed = new StoredInstance(id, TestServiceBroker.SERVICE, "plan-async",
        "fp", "{}", null, null, null, null, null, null, InstanceStatus.PROVISIONING, true, now,
        now, now);
    assertThat(store.claimInstance(claimed, op)).isInstanceOf(Claim.Won.class);
    StoredOperation accepted = op.accepted(null, null, null, null, now.minusSeconds(1));
    assertThat(store.acceptOperation(accepted, "a-replica-that-stopped")).isTrue();
    // the takeover: committed, its answer lost
    assertThat(store.takeOverExpired(owner, now, now.plus(LONG_LEASE), 10)).hasSize(1);
    return accepted;
  }
}
