package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.body;
import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.binding.UnbindRequest;
import io.github.osbsdk.broker.api.binding.UnbindResult;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionResult;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.store.Finish;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import io.github.osbsdk.broker.core.store.StoreProxy;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import io.github.osbsdk.broker.core.store.StoredOperation;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Over real HTTP, with Micrometer: an operation the SDK begins and then withdraws before calling
 * the provider is not counted in {@code osb.operations} as failed: a delete begun again because
 * the status it recorded to restore changed meanwhile, and an operation whose start the store
 * committed but answered as unavailable (withdrawn once the store answers again).
 */
class WithdrawnDeleteMetricsMicrometerTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  /** Set: the next delete waits in the provider until released, then is refused (422). */
  private final AtomicBoolean holdNextDelete = new AtomicBoolean();
  private final CountDownLatch inProvider = new CountDownLatch(1);
  private final CountDownLatch refuse = new CountDownLatch(1);
  private final AtomicInteger deleteCalls = new AtomicInteger();
  private final TestServiceBroker provider = new TestServiceBroker() {
    @Override
    public DeprovisionResult deprovision(DeprovisionRequest request) {
      deleteCall();
      return DeprovisionResult.deleted();
    }

    @Override
    public UnbindResult unbind(UnbindRequest request) {
      deleteCall();
      return UnbindResult.unbound();
    }
  };
  /** Set: the next begin waits until the first delete has been answered. */
  private final AtomicReference<Future<Reply>> holdNextBeginFor = new AtomicReference<>();
  /** Set: the next call of that store method commits, then fails as unavailable. */
  private final AtomicReference<String> loseNextAnswerOf = new AtomicReference<>();
  /** The operation whose start's answer was lost. */
  private final AtomicReference<String> lost = new AtomicReference<>();
  /** The thread that wrote the lost operation's withdrawal. */
  private final AtomicReference<Thread> withdrawer = new AtomicReference<>();
  /** Counted down by that thread's next store call: the withdrawal is done, counted or not. */
  private final CountDownLatch afterWithdrawal = new CountDownLatch(1);
  private final TestServer server = new TestServer(RegistryTest.builder(provider)
      .meterRegistry(registry).lease(Duration.ofSeconds(1))
      .store(StoreProxy.around(new InMemoryBrokerStore(), (method, args, target) -> {
        if (Thread.currentThread() == withdrawer.get()) {
          afterWithdrawal.countDown();
        }
        String name = method.getName();
        Future<Reply> first = name.equals("beginOperation")
            ? holdNextBeginFor.getAndSet(null) : null;
        if (first != null) {
          refuse.countDown();
          first.get(30, TimeUnit.SECONDS); // the first delete has been answered
        }
        if (name.equals(loseNextAnswerOf.get()) && loseNextAnswerOf.getAndSet(null) != null) {
          for (Object arg : args) {
            if (arg instanceof StoredOperation op) {
              lost.set(op.id());
            }
          }
          target.proceed(args);
          throw new StoreUnavailableException("the answer was lost", null);
        }
        Object answer = target.proceed(args);
        if (name.equals("finishOperation") && Boolean.TRUE.equals(answer)
            && ((Finish) args[0]).operationId().equals(lost.get())) {
          withdrawer.set(Thread.currentThread());
        }
        return answer;
      })).build());
  private final ExecutorService pool = Executors.newSingleThreadExecutor();
  private final String instance = "/v2/service_instances/" + id();

  @AfterEach
  void stop() {
    refuse.countDown();
    pool.shutdownNow();
    server.close();
  }

  /** A delete call held ({@link #holdNextDelete}) waits until released and is refused. */
  private void deleteCall() {
    deleteCalls.incrementAndGet();
    if (holdNextDelete.getAndSet(false)) {
      inProvider.countDown();
      try {
        refuse.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw ServiceBrokerException.unprocessable("Not now.");
    }
  }

  private long operations(String type, String state) {
    return registry.find("osb.operations").tag("type", type).tag("state", state).timers()
        .stream().mapToLong(Timer::count).sum();
  }

  private void provisioned() {
    Reply r = server.call("PUT", instance).json(body("plan-sync", "{}")).send();
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
  }

  @Test
  void aDeprovisionBegunAgainAsItsRowChangedMeanwhileIsCountedOnce() throws Exception {
    deleteBegunAgainIsCountedOnce(instance, "deprovision");
  }

  @Test
  void anUnbindBegunAgainAsItsRowChangedMeanwhileIsCountedOnce() throws Exception {
    String binding = instance + "/service_bindings/" + id();
    provisioned();
    Reply bound = server.call("PUT", binding).json(String.format(BindingTest.BIND, "plan-sync",
        "{}")).send();
    assertThat(bound.status()).as(bound.toString()).isEqualTo(201);
    deleteBegunAgainIsCountedOnce(binding, "unbind");
  }

  /**
   * A first delete waits in the provider; a second one reads the row meanwhile (DEPROVISIONING
   * or UNBINDING) and begins once the first was refused, finding the row restored: it is begun
   * again, recording that status, and succeeds. One delete failed, one succeeded.
   */
  private void deleteBegunAgainIsCountedOnce(String path, String type) throws Exception {
    if (type.equals("deprovision")) {
      provisioned();
    }
    String delete = path + "?service_id=svc-1&plan_id=plan-sync&accepts_incomplete=true";
    holdNextDelete.set(true);
    Future<Reply> first = pool.submit(() -> server.call("DELETE", delete).send());
    assertThat(inProvider.await(30, TimeUnit.SECONDS)).as("the first delete is held").isTrue();
    holdNextBeginFor.set(first);

    Reply second = server.call("DELETE", delete).send();

    assertThat(first.get(30, TimeUnit.SECONDS).status()).isEqualTo(422);
    assertThat(second.status()).as(second.toString()).isEqualTo(200);
    assertThat(deleteCalls).hasValue(2);
    assertThat(operations(type, "failed")).as("the first delete only").isEqualTo(1);
    assertThat(operations(type, "succeeded")).isEqualTo(1);
  }

  @Test
  void aProvisionWhoseClaimAnswerWasLostIsNotCountedOnceWithdrawn() throws Exception {
    loseNextAnswerOf.set("claimInstance");
    Reply lostAnswer = server.call("PUT", instance).json(body("plan-sync", "{}")).send();
    assertThat(lostAnswer.status()).as(lostAnswer.toString()).isEqualTo(503);

    assertThat(afterWithdrawal.await(30, TimeUnit.SECONDS)).as("withdrawn").isTrue();

    assertThat(provider.provisionCalls.get()).isZero();
    assertThat(operations("provision", "failed")).as("no provision ran").isZero();
  }

  @Test
  void aDeprovisionWhoseBeginAnswerWasLostIsNotCountedOnceWithdrawn() throws Exception {
    provisioned();
    loseNextAnswerOf.set("beginOperation");
    Reply lostAnswer = server.call("DELETE", instance + "?service_id=svc-1&plan_id=plan-sync")
        .send();
    assertThat(lostAnswer.status()).as(lostAnswer.toString()).isEqualTo(503);

    assertThat(afterWithdrawal.await(30, TimeUnit.SECONDS)).as("withdrawn").isTrue();

    assertThat(deleteCalls).hasValue(0);
    assertThat(operations("deprovision", "failed")).as("no deprovision ran").isZero();
    Reply deleted = server.call("DELETE", instance + "?service_id=svc-1&plan_id=plan-sync")
        .send();
    assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
  }
}
