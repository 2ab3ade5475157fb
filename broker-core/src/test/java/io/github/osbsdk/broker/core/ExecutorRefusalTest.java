package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static io.github.osbsdk.broker.core.RegistryTest.builder;
import static io.github.osbsdk.broker.core.RegistryTest.poll;
import static io.github.osbsdk.broker.core.RegistryTest.provision;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionResult;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import io.github.osbsdk.broker.core.store.StoreProxy;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import io.github.osbsdk.broker.core.testsupport.Await;
import io.github.osbsdk.broker.core.testsupport.RefusingExecutor;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The executor refuses asynchronous work (full, or shut down) or the maintenance loop has
 * stopped: the operation never stays in progress for ever, and the refusal never escapes as an
 * unexpected 500.
 */
class ExecutorRefusalTest {
  private final InMemoryBrokerStore shared = new InMemoryBrokerStore();
  /** Set: every call to the store fails as unavailable. */
  private final AtomicBoolean storeDown = new AtomicBoolean();
  private final BrokerStore store = StoreProxy.around(shared, (method, args, target) -> {
    if (storeDown.get()) {
      throw new StoreUnavailableException("down for the test", null);
    }
    return target.proceed(args);
  });

  private static Reply deprovision(TestServer s, String id) {
    return s.call("DELETE", "/v2/service_instances/" + id + "?service_id="
        + TestServiceBroker.SERVICE + "&plan_id=plan-sync&accepts_incomplete=true").send();
  }

  /**
   * The executor refuses a deprovision's work and the store goes down just then, so the claim
   * cannot be undone at once: it is undone once the store is back, and the platform's retry runs.
   */
  @Test
  void aRefusedDeleteWhoseUndoMeetsTheStoreDownIsUndoneOnceTheStoreIsBack() throws Exception {
    refusedDeleteRunsOnItsRetryOnceUndone(store,
        new RefusingExecutor(1).refuseNext(() -> storeDown.set(true)), () -> storeDown.set(false),
        "the undo, retried with the store back, ended the refused delete's claim");
  }

  /**
   * The executor refuses a deprovision's work and the store refuses the undo of its claim twice
   * (not for lack of availability): the platform gets 503, and the undo is done again until the
   * store takes it, so the platform's retry runs.
   */
  @Test
  void aRefusedDeleteWhoseUndoTheStoreRefusesIsUndoneOnceTheStoreTakesIt() throws Exception {
    // before: the undo's refusal escaped as a 500 and the deprovision stayed in progress
    AtomicInteger undoRefusals = new AtomicInteger();
    BrokerStore refusing = StoreProxy.around(shared, (method, args, target) -> {
      if (method.getName().equals("finishOperation") && undoRefusals.getAndDecrement() > 0) {
        throw new IllegalStateException("a bug in the store");
      }
      return target.proceed(args);
    });
    // the undo is tried again after about 170 ms, then 330 ms; the third try is taken
    refusedDeleteRunsOnItsRetryOnceUndone(refusing,
        new RefusingExecutor(1).refuseNext(() -> undoRefusals.set(2)), () -> { },
        "the undo, tried again, ended the refused delete's claim");
    assertThat(undoRefusals.get()).as("refusals left").isNegative();
  }

  /**
   * Provisions an instance on a broker with {@code brokerStore} and {@code executor} and deletes
   * it asynchronously: the executor refuses the delete's work, so the platform gets 503. Then
   * {@code afterRefusal} runs; once the refused delete's claim has been undone ({@code undone}
   * says how), the platform's retry is accepted and ends with the instance gone.
   */
  private void refusedDeleteRunsOnItsRetryOnceUndone(BrokerStore brokerStore,
      ExecutorService executor, Runnable afterRefusal, String undone) {
    TestServiceBroker provider = new TestServiceBroker() {
      @Override
      public DeprovisionResult deprovision(DeprovisionRequest request) {
        return DeprovisionResult.accepted(AsyncWork.task(() -> { }));
      }
    };
    try (TestServer s = new TestServer(builder(provider).store(brokerStore).executor(executor)
        .lease(Duration.ofSeconds(1)).build())) {
      String id = id();
      assertThat(provision(s, id, "plan-sync", "{}", false).status()).isEqualTo(201);
      Reply refused = deprovision(s, id);
      assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
      afterRefusal.run();
      Await.until(() -> shared.runningOperation(id).isEmpty(), undone);

      Reply retry = deprovision(s, id);
      assertThat(retry.status()).as(retry.toString()).isEqualTo(202);
      Reply done = poll(s, id, retry.json().get("operation").asText());
      assertThat(done.status()).as(done.toString()).isEqualTo(410);
    } finally {
      executor.shutdownNow();
    }
  }

  /**
   * A step taken over by a replica whose executor was shut down cannot run there: it ends as
   * failed instead of being tried again for ever.
   */
  @Test
  void aStepTakenOverByAReplicaWhoseExecutorIsShutDownEndsFailed() {
    CountDownLatch hold = new CountDownLatch(1);
    TestServiceBroker provider = new TestServiceBroker() {
      @Override
      public ProvisionResult provision(ProvisionRequest request) {
        return ProvisionResult.accepted(AsyncWork.step("create", Map.of()));
      }
    };
    Broker replicaA = builder(provider).store(shared).lease(Duration.ofSeconds(1))
        .step("create", ctx -> hold.await()).build();
    ExecutorService stopped = Executors.newSingleThreadExecutor();
    stopped.shutdown();
    Broker replicaB = builder(provider).store(shared).lease(Duration.ofSeconds(1))
        .executor(stopped).step("create", ctx -> { }).build();
    try (TestServer sa = new TestServer(replicaA); TestServer sb = new TestServer(replicaB)) {
      String id = id();
      String op = provision(sa, id, "plan-async", "{}", true).json().get("operation").asText();
      replicaA.close();

      Reply failed = poll(sb, id, op);
      assertThat(failed.json().get("state").asText()).as(failed.toString()).isEqualTo("failed");
    } finally {
      hold.countDown();
    }
  }

  /**
   * A provider-tracked operation polled after the broker closed, while the store cannot record
   * its end: the poll answers the provider's state instead of an unexpected 500, and a later poll
   * records it.
   */
  @Test
  void aPollThatCannotRecordItsEndAfterTheBrokerClosedAnswersTheProvidersState() {
    TestServiceBroker provider = new TestServiceBroker();
    Broker broker = builder(provider).store(StoreProxy.around(shared,
        (method, args, target) -> {
          if (storeDown.get() && method.getName().equals("findInstance")) {
            throw new StoreUnavailableException("down for the test", null);
          }
          return target.proceed(args);
        })).build();
    try (TestServer s = new TestServer(broker)) {
      String id = id();
      Reply accepted = provision(s, id, "plan-provider", "{}", true);
      assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
      String op = accepted.json().get("operation").asText();
      broker.close();
      provider.providerOps.put(id, "succeeded");
      storeDown.set(true);

      Reply answered = s.call("GET", "/v2/service_instances/" + id
          + "/last_operation?operation=" + op).send();
      assertThat(answered.status()).as(answered.toString()).isEqualTo(200);
      assertThat(answered.json().get("state").asText()).isEqualTo("succeeded");

      storeDown.set(false);
      assertThat(s.call("GET", "/v2/service_instances/" + id + "/last_operation?operation="
          + op).send().json().get("state").asText()).isEqualTo("succeeded");
      assertThat(shared.findOperation(id, null, op).orElseThrow().inProgress()).isFalse();
    }
  }
}
