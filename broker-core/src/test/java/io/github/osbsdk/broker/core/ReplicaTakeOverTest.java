package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static io.github.osbsdk.broker.core.RegistryTest.builder;
import static io.github.osbsdk.broker.core.RegistryTest.poll;
import static io.github.osbsdk.broker.core.RegistryTest.provision;
import static io.github.osbsdk.broker.core.RegistryTest.sleep;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.Claim;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import io.github.osbsdk.broker.core.store.InstanceStatus;
import io.github.osbsdk.broker.api.OperationType;
import io.github.osbsdk.broker.core.store.StoreProxy;
import io.github.osbsdk.broker.core.store.StoredInstance;
import io.github.osbsdk.broker.core.store.StoredOperation;
import io.github.osbsdk.broker.core.testsupport.Await;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** How a replica takes over the operations of one that stopped, through the shared store. */
class ReplicaTakeOverTest {
  @Test
  void anOwnerThatStopsHasItsTaskFailedByAnotherReplica() {
    InMemoryBrokerStore shared = new InMemoryBrokerStore();
    TestServiceBroker a = new TestServiceBroker();
    a.holdAsyncTasks();
    Broker replicaA = builder(a).store(shared).lease(Duration.ofSeconds(1)).build();
    Broker replicaB = builder(new TestServiceBroker()).store(shared)
        .lease(Duration.ofSeconds(1)).build();
    try (TestServer sa = new TestServer(replicaA); TestServer sb = new TestServer(replicaB)) {
      String id = id();
      Reply accepted = provision(sa, id, "plan-async", "{}", true);
      String op = accepted.json().get("operation").asText();
      Reply running = sb.call("GET", "/v2/service_instances/" + id
          + "/last_operation?operation=" + op).send();
      assertThat(running.json().get("state").asText()).isEqualTo("in progress");
      // replica A renews the lease, past the end of its first one, and that end passes
      Instant firstEnd = shared.findOperation(id, null, op).orElseThrow().leaseExpiry();
      Await.until(() -> Instant.now().isAfter(firstEnd)
          && shared.findOperation(id, null, op).orElseThrow().leaseExpiry().isAfter(firstEnd),
          "replica A renewed its lease, and the first lease's end passed");
      assertThat(sb.call("GET", "/v2/service_instances/" + id + "/last_operation").send().json()
          .get("state").asText()).isEqualTo("in progress");
      replicaA.close(); // the replica stops: no more lease renewals, its task is interrupted
      Reply taken = poll(sb, id, op);
      assertThat(taken.json().get("state").asText()).isEqualTo("failed");
      assertThat(taken.json().get("description").asText()).contains("stopped");
      // the platform deprovisions the failed instance, or retries the same provision
      Reply retry = provision(sb, id, "plan-async", "{}", true);
      assertThat(retry.status()).isEqualTo(202);
      a.releaseAsyncTasks();
    }
  }

  @Test
  void aResumableStepIsRunAgainByTheReplicaThatTakesItOver() throws InterruptedException {
    InMemoryBrokerStore shared = new InMemoryBrokerStore();
    CountDownLatch hold = new CountDownLatch(1);
    CountDownLatch startedOnA = new CountDownLatch(1);
    AtomicInteger runs = new AtomicInteger();
    TestServiceBroker provider = new TestServiceBroker() {
      @Override
      public ProvisionResult provision(ProvisionRequest request) {
        return ProvisionResult.accepted(AsyncWork.step("create", Map.of("size", 3)));
      }
    };
    Broker replicaA = builder(provider).store(shared).lease(Duration.ofSeconds(1))
        .step("create", ctx -> {
          runs.incrementAndGet();
          startedOnA.countDown();
          hold.await();
        }).build();
    List<Object> resumedWith = new ArrayList<>();
    Broker replicaB = builder(provider).store(shared).lease(Duration.ofSeconds(1))
        .step("create", ctx -> {
          runs.incrementAndGet();
          resumedWith.add(ctx.arguments().get("size"));
          resumedWith.add(ctx.attempt());
        }).build();
    try (TestServer sa = new TestServer(replicaA); TestServer sb = new TestServer(replicaB)) {
      String id = id();
      Reply accepted = provision(sa, id, "plan-async", "{}", true);
      assertThat(accepted.status()).isEqualTo(202);
      String op = accepted.json().get("operation").asText();
      // a step still queued when its replica closes never starts there (left to the taker):
      // the close comes once A runs it, so that A's run is the first of the two
      assertThat(startedOnA.await(10, TimeUnit.SECONDS)).as("the step started on A").isTrue();
      replicaA.close();
      Reply done = poll(sb, id, op);
      assertThat(done.json().get("state").asText()).isEqualTo("succeeded");
      assertThat(resumedWith).containsExactly(3, 2);
      assertThat(runs.get()).isEqualTo(2);
      assertThat(provision(sb, id, "plan-async", "{}", true).status()).isEqualTo(200);
    } finally {
      hold.countDown();
    }
  }

  /**
   * Two operations of a stopped replica are taken over in one pass; the first one's row cannot
   * be read (its step arguments are no JSON): it ends as failed, and the other one is still
   * resumed.
   */
  @Test
  void anOperationWhoseTakeoverFailsEndsFailedAndTheOthersAreStillTakenOver() {
    InMemoryBrokerStore shared = new InMemoryBrokerStore();
    CountDownLatch hold = new CountDownLatch(1);
    TestServiceBroker provider = new TestServiceBroker() {
      @Override
      public ProvisionResult provision(ProvisionRequest request) {
        return ProvisionResult.accepted(AsyncWork.step("create", Map.of("size", 3)));
      }
    };
    Broker replicaA = builder(provider).store(shared).lease(Duration.ofSeconds(1))
        .step("create", ctx -> hold.await()).build();
    String broken = id();
    String fine = id();
    BrokerStore storeB = StoreProxy.around(shared, (method, args, target) -> {
      Object result = target.proceed(args);
      if (!method.getName().equals("takeOverExpired")) {
        return result;
      }
      List<StoredOperation> taken = new ArrayList<>();
      for (Object o : (List<?>) result) {
        StoredOperation op = (StoredOperation) o;
        if (op.instanceId().equals(broken)) {
          taken.add(0, new StoredOperation(op.id(), op.instanceId(), op.bindingId(), op.type(),
              op.status(), op.description(), op.instanceUsable(), op.updateRepeatable(),
              op.fingerprint(), op.async(), op.owner(), op.leaseExpiry(), op.attempt(),
              op.stepName(), "{not json", op.externalOperation(), op.payload(),
              op.requestId(), op.createdAt(), op.finishedAt()));
        } else {
          taken.add(op);
        }
      }
      return taken;
    });
    List<String> resumed = new java.util.concurrent.CopyOnWriteArrayList<>();
    Broker replicaB = builder(provider).store(storeB).lease(Duration.ofSeconds(1))
        .step("create", ctx -> resumed.add(ctx.instanceId())).build();
    try (TestServer sa = new TestServer(replicaA); TestServer sb = new TestServer(replicaB)) {
      String brokenOp = provision(sa, broken, "plan-async", "{}", true).json().get("operation")
          .asText();
      String fineOp = provision(sa, fine, "plan-async", "{}", true).json().get("operation")
          .asText();
      replicaA.close();

      Reply failed = poll(sb, broken, brokenOp);
      assertThat(failed.json().get("state").asText()).as(failed.toString()).isEqualTo("failed");
      Reply done = poll(sb, fine, fineOp);
      assertThat(done.json().get("state").asText()).as(done.toString()).isEqualTo("succeeded");
      assertThat(resumed).containsExactly(fine);
    } finally {
      hold.countDown();
    }
  }

  private static final String QUERY = "?service_id=svc-1&plan_id=plan-sync";

  @Test
  void aSynchronousProvisionTakenOverWhoseUndoTheStoreRefusesIsFailedOnceTheStoreTakesIt() {
    // before: the takeover logged the refused undo and kept the claim, its lease renewed by the
    // replica that took it over, so every delete was refused (422) for ever. The provider ran
    // on the replica that stopped: the claim ends as a failed instance, which the platform's
    // delete reaches the provider for
    InMemoryBrokerStore shared = new InMemoryBrokerStore();
    String id = id();
    Instant now = Instant.now();
    StoredOperation stopped = StoredOperation.start(UUID.randomUUID().toString(), id, null,
        OperationType.PROVISION, "fp", "a-replica-that-stopped", now.minusSeconds(1), "req",
        null, now.minusSeconds(5));
    StoredInstance claimed = new StoredInstance(id, TestServiceBroker.SERVICE, "plan-sync", "fp",
        "{}", null, null, null, null, null, null, InstanceStatus.PROVISIONING, true, now, now, now);
    assertThat(shared.claimInstance(claimed, stopped)).isInstanceOf(Claim.Won.class);
    AtomicInteger refusals = new AtomicInteger(2);
    BrokerStore store = StoreProxy.around(shared, (method, args, target) -> {
      if (method.getName().equals("finishOperation") && refusals.getAndDecrement() > 0) {
        throw new IllegalStateException("a bug in the store");
      }
      return target.proceed(args);
    });
    try (TestServer s = new TestServer(builder(new TestServiceBroker()).store(store)
        .lease(Duration.ofSeconds(1)).repeatWait(Duration.ofMillis(100)).build())) {
      Reply delete = s.call("DELETE", "/v2/service_instances/" + id + QUERY).send();
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (delete.status() == 422 && System.nanoTime() < deadline) {
        sleep(50);
        delete = s.call("DELETE", "/v2/service_instances/" + id + QUERY).send();
      }
      assertThat(delete.status()).as(delete.toString()).isEqualTo(410);
      assertThat(refusals.get()).as("refusals left").isNegative();
      Reply retry = provision(s, id, "plan-sync", "{}", false);
      assertThat(retry.status()).as(retry.toString()).isEqualTo(201);
    }
  }
}
