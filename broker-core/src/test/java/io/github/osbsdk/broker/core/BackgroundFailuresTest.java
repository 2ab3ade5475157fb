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
import io.github.osbsdk.broker.core.store.Finish;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import io.github.osbsdk.broker.core.store.InstanceStatus;
import io.github.osbsdk.broker.core.store.StoreProxy;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import io.github.osbsdk.broker.core.store.StoredOperation;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Work the SDK runs in the background (the maintenance loop, the end of an asynchronous
 * operation) or after a provider call (recording its result) meets an {@link Error} or an
 * undeclared checked exception, not only a {@link RuntimeException}: the loop keeps running and
 * the operation still ends.
 */
class BackgroundFailuresTest {
  private final InMemoryBrokerStore shared = new InMemoryBrokerStore();

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> void sneakyThrow(Throwable t) throws E {
    throw (E) t;
  }

  /**
   * Provisions on an asynchronous plan over HTTP, with the broker {@code settings} make; runs
   * {@code whenAccepted} once the provision is accepted (202) and before its task ends; then
   * checks that it ended failed: last_operation "failed", the instance PROVISION_FAILED.
   *
   * @return the last poll's answer
   */
  private Reply asyncProvisionEndsFailed(UnaryOperator<Broker.Builder> settings,
      Runnable whenAccepted) {
    TestServiceBroker provider = new TestServiceBroker();
    provider.holdAsyncTasks();
    try (TestServer s = new TestServer(settings.apply(builder(provider)).build())) {
      String id = id();
      Reply accepted = provision(s, id, "plan-async", "{}", true);
      assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
      whenAccepted.run();
      provider.releaseAsyncTasks();

      Reply done = poll(s, id, accepted.json().get("operation").asText());
      assertThat(done.json().get("state").asText()).as(done.toString()).isEqualTo("failed");
      assertThat(shared.findInstance(id).orElseThrow().status())
          .isEqualTo(InstanceStatus.PROVISION_FAILED);
      return done;
    }
  }

  @Test
  void theMaintenanceLoopKeepsRunningAfterAnErrorOrAnUndeclaredCheckedException()
      throws Exception {
    AtomicInteger renewals = new AtomicInteger();
    BrokerStore store = StoreProxy.around(shared, (method, args, target) -> {
      if (method.getName().equals("renewLeases")) {
        int n = renewals.incrementAndGet();
        if (n == 1) {
          throw new AssertionError("a bug in the store");
        }
        if (n == 2) {
          sneakyThrow(new IOException("undeclared"));
        }
      }
      return target.proceed(args);
    });
    Broker broker = builder(new TestServiceBroker()).store(store).lease(Duration.ofSeconds(1))
        .build();
    try {
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (renewals.get() < 4 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(renewals.get()).as("renewals by the loop").isGreaterThanOrEqualTo(4);
    } finally {
      broker.close();
    }
  }

  @Test
  void anErrorWhileRecordingTheOutcomeOfAnAsynchronousOperationEndsItFailed() {
    AtomicBoolean armed = new AtomicBoolean();
    BrokerStore store = StoreProxy.around(shared, (method, args, target) -> {
      if (method.getName().equals("finishOperation") && ((Finish) args[0]).keepOperation()
          && armed.getAndSet(false)) {
        throw new NoClassDefFoundError("org/example/Driver");
      }
      return target.proceed(args);
    });
    asyncProvisionEndsFailed(broker -> broker.store(store), () -> armed.set(true));
  }

  @Test
  void anAsynchronousOperationWhoseEndTheStoreRefusesAgainAndAgainEndsOnceTheStoreTakesIt() {
    // before: after two refusals it was left in progress, its lease renewed by this replica
    AtomicInteger refusals = new AtomicInteger(4);
    BrokerStore store = StoreProxy.around(shared, (method, args, target) -> {
      if (method.getName().equals("finishOperation") && ((Finish) args[0]).keepOperation()
          && refusals.getAndDecrement() > 0) {
        throw new IllegalStateException("a bug in the store");
      }
      return target.proceed(args);
    });
    asyncProvisionEndsFailed(broker -> broker.store(store).lease(Duration.ofSeconds(1)), () -> { });
    assertThat(refusals.get()).as("refusals left").isNegative();
  }

  @Test
  void anAsynchronousEndKeptDuringAnOutageThatTheStoreThenRefusesEndsOnceTheStoreTakesIt() {
    // before: the loop dropped the end the store refused, so it stayed in progress
    AtomicInteger finishes = new AtomicInteger();
    BrokerStore store = StoreProxy.around(shared, (method, args, target) -> {
      if (method.getName().equals("finishOperation") && ((Finish) args[0]).keepOperation()) {
        int n = finishes.incrementAndGet();
        if (n == 1) {
          throw new StoreUnavailableException("an outage", null);
        }
        if (n <= 3) {
          throw new IllegalStateException("a bug in the store");
        }
      }
      return target.proceed(args);
    });
    asyncProvisionEndsFailed(broker -> broker.store(store).lease(Duration.ofSeconds(1)), () -> { });
    assertThat(finishes.get()).as("finishes written").isEqualTo(4);
  }

  @Test
  void aSynchronousResultKeptDuringAnOutageThatTheStoreThenRefusesIsUndoneSoThatARetrySucceeds() {
    // before: the loop dropped the result the store refused, so the retry found it in progress
    AtomicInteger finishes = new AtomicInteger();
    BrokerStore store = StoreProxy.around(shared, (method, args, target) -> {
      if (method.getName().equals("finishOperation")) {
        int n = finishes.incrementAndGet(); // the result, then its undo: each kept, then refused
        if (n == 1 || n == 3) {
          throw new StoreUnavailableException("an outage", null);
        }
        if (n == 2 || n == 4) {
          throw new IllegalStateException("a bug in the store");
        }
      }
      return target.proceed(args);
    });
    try (TestServer s = new TestServer(builder(new TestServiceBroker()).store(store)
        .lease(Duration.ofSeconds(1)).build())) {
      String id = id();
      Reply unavailable = provision(s, id, "plan-sync", "{}", false);
      assertThat(unavailable.status()).as(unavailable.toString()).isEqualTo(503);

      Reply retry = provisionUntil(s, id, "plan-sync", false, 201);
      assertThat(retry.status()).as(retry.toString()).isEqualTo(201);
      assertThat(finishes.get()).as("finishes written").isEqualTo(6);
      assertThat(shared.findInstance(id).orElseThrow().status())
          .isEqualTo(InstanceStatus.READY);
    }
  }

  @Test
  void anUndoTheStoreRefusesAgainAndAgainIsDoneOnceTheStoreTakesItSoThatARetrySucceeds() {
    // before: an undo refused at once was only logged, so every retry was answered 422 for as
    // long as this replica lived and renewed the operation's lease
    AtomicInteger finishes = new AtomicInteger();
    BrokerStore store = StoreProxy.around(shared, (method, args, target) -> {
      if (method.getName().equals("finishOperation")) {
        int n = finishes.incrementAndGet(); // the result, then its undo four times: refused
        if (n <= 5) {
          throw new IllegalStateException("a bug in the store");
        }
      }
      return target.proceed(args);
    });
    // a retry waits 100 ms for a call in flight, not 3 s, before it answers 422
    try (TestServer s = new TestServer(builder(new TestServiceBroker()).store(store)
        .lease(Duration.ofSeconds(1)).repeatWait(Duration.ofMillis(100)).build())) {
      String id = id();
      Reply refused = provision(s, id, "plan-sync", "{}", false);
      assertThat(refused.status()).as(refused.toString()).isEqualTo(500);

      Reply retry = provision(s, id, "plan-sync", "{}", false);
      assertThat(retry.status()).as("while the undo waits: " + retry).isEqualTo(422);
      retry = provisionUntil(s, id, "plan-sync", false, 201);
      assertThat(retry.status()).as(retry.toString()).isEqualTo(201);
      assertThat(finishes.get()).as("finishes written").isEqualTo(7);
      assertThat(shared.findInstance(id).orElseThrow().status())
          .isEqualTo(InstanceStatus.READY);
    }
  }

  @Test
  void anAsynchronousProvisionWhoseAcceptanceCannotBeReadBackStillRunsAndEnds() {
    // before: the read-back's failure answered 500 after the acceptance was recorded, so the
    // operation stayed in progress without its work, its lease renewed by this replica
    AtomicBoolean armed = new AtomicBoolean();
    BrokerStore store = StoreProxy.around(shared, (method, args, target) -> {
      if (method.getName().equals("findOperation") && armed.getAndSet(false)) {
        throw new AssertionError("a bug in the store");
      }
      Object result = target.proceed(args);
      if (method.getName().equals("acceptOperation")) {
        armed.set(true); // the read-back that follows the acceptance
      }
      return result;
    });
    try (TestServer s = new TestServer(builder(new TestServiceBroker()).store(store)
        .lease(Duration.ofSeconds(1)).build())) {
      String id = id();
      Reply accepted = provision(s, id, "plan-async", "{}", true);
      assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);

      Reply done = poll(s, id, accepted.json().get("operation").asText());
      assertThat(done.json().get("state").asText()).as(done.toString()).isEqualTo("succeeded");
      assertThat(shared.findInstance(id).orElseThrow().status())
          .isEqualTo(InstanceStatus.READY);
    }
  }

  @Test
  void anAsynchronousProvisionWhoseRecordedRequestCannotBeReadBackEndsFailedWithAReason() {
    // before: its end threw on the unreadable payload, so the instance stayed provisioning
    BrokerStore store = StoreProxy.around(shared, (method, args, target) -> {
      if (method.getName().equals("acceptOperation")) {
        StoredOperation op = (StoredOperation) args[0];
        args[0] = op.accepted(op.stepName(), op.stepArguments(), op.externalOperation(),
            "{\"damaged\": ", op.leaseExpiry());
      }
      return target.proceed(args);
    });
    Reply done = asyncProvisionEndsFailed(broker -> broker.store(store), () -> { });
    assertThat(done.json().get("description").asText()).contains("could not read back");
  }

  @Test
  void anErrorWhileRecordingASynchronousProvisionUndoesItSoThatARetrySucceeds() {
    AtomicBoolean armed = new AtomicBoolean(true);
    BrokerStore store = StoreProxy.around(shared, (method, args, target) -> {
      if (method.getName().equals("finishOperation") && armed.getAndSet(false)) {
        throw new AssertionError("a bug in the store");
      }
      return target.proceed(args);
    });
    try (TestServer s = new TestServer(builder(new TestServiceBroker()).store(store).build())) {
      String id = id();
      Reply failed = provision(s, id, "plan-sync", "{}", false);
      assertThat(failed.status()).as(failed.toString()).isEqualTo(500);

      Reply retry = provision(s, id, "plan-sync", "{}", false);
      assertThat(retry.status()).as(retry.toString()).isEqualTo(201);
    }
  }

  /**
   * Retries an asynchronous provision over HTTP until it is accepted (202), at most 30 s, and
   * checks that its operation then succeeds and the instance is READY.
   */
  private void retryIsAcceptedAndSucceeds(TestServer s, String id) {
    Reply retry = provisionUntil(s, id, "plan-async", true, 202);
    assertThat(retry.status()).as(retry.toString()).isEqualTo(202);
    Reply done = poll(s, id, retry.json().get("operation").asText());
    assertThat(done.json().get("state").asText()).as(done.toString()).isEqualTo("succeeded");
    assertThat(shared.findInstance(id).orElseThrow().status()).isEqualTo(InstanceStatus.READY);
  }

  @Test
  void theUndoOfAnUnregisteredStepTheStoreRefusesIsDoneOnceTheStoreTakesItSoThatARetrySucceeds() {
    // the provider names a resumable step the broker does not know, once: its claim is undone
    AtomicBoolean wrongStep = new AtomicBoolean(true);
    TestServiceBroker provider = new TestServiceBroker() {
      @Override
      public ProvisionResult provision(ProvisionRequest request) {
        return wrongStep.getAndSet(false)
            ? ProvisionResult.accepted(AsyncWork.step("not-registered", Map.of()))
            : super.provision(request);
      }
    };
    AtomicInteger refusals = new AtomicInteger(2);
    BrokerStore store = StoreProxy.around(shared, (method, args, target) -> {
      if (method.getName().equals("finishOperation") && refusals.getAndDecrement() > 0) {
        throw new IllegalStateException("a bug in the store"); // the undo, twice
      }
      return target.proceed(args);
    });
    try (TestServer s = new TestServer(builder(provider).store(store)
        .lease(Duration.ofSeconds(1)).repeatWait(Duration.ofMillis(100)).build())) {
      String id = id();
      Reply wrong = provision(s, id, "plan-async", "{}", true);
      assertThat(wrong.status()).as(wrong.toString()).isEqualTo(500);

      retryIsAcceptedAndSucceeds(s, id);
      assertThat(refusals.get()).as("refusals left").isNegative();
    }
  }

  @Test
  void anUndoAfterAnOutageThatTheStoreThenRefusesIsDoneOnceTheStoreTakesItSoThatARetrySucceeds() {
    // the acceptance meets an outage (503): the claim is undone once the store is back, and the
    // store refuses that undo twice
    AtomicBoolean outage = new AtomicBoolean(true);
    AtomicInteger refusals = new AtomicInteger(2);
    BrokerStore store = StoreProxy.around(shared, (method, args, target) -> {
      if (method.getName().equals("acceptOperation") && outage.getAndSet(false)) {
        throw new StoreUnavailableException("an outage", null);
      }
      if (method.getName().equals("finishOperation") && refusals.getAndDecrement() > 0) {
        throw new IllegalStateException("a bug in the store");
      }
      return target.proceed(args);
    });
    try (TestServer s = new TestServer(builder(new TestServiceBroker()).store(store)
        .lease(Duration.ofSeconds(1)).repeatWait(Duration.ofMillis(100)).build())) {
      String id = id();
      Reply unavailable = provision(s, id, "plan-async", "{}", true);
      assertThat(unavailable.status()).as(unavailable.toString()).isEqualTo(503);

      retryIsAcceptedAndSucceeds(s, id);
      assertThat(refusals.get()).as("refusals left").isNegative();
    }
  }

  /**
   * Sends the same provision every 50 ms until it is answered {@code status}, for at most 30 s,
   * and returns the last answer (the caller asserts its status).
   */
  static Reply provisionUntil(TestServer s, String id, String plan, boolean async, int status) {
    Reply r = provision(s, id, plan, "{}", async);
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (r.status() != status && System.nanoTime() < deadline) {
      sleep(50);
      r = provision(s, id, plan, "{}", async);
    }
    return r;
  }
}
