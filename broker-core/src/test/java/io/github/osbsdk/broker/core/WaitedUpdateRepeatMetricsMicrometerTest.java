package io.github.osbsdk.broker.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.BindResult;
import io.github.osbsdk.broker.api.binding.UnbindRequest;
import io.github.osbsdk.broker.api.binding.UnbindResult;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionResult;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.api.instance.UpdateRequest;
import io.github.osbsdk.broker.api.instance.UpdateResult;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import io.github.osbsdk.broker.core.store.StoreProxy;
import io.github.osbsdk.broker.core.testsupport.HeldCall;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Over real HTTP, with Micrometer: an update's repeat that waited for the same synchronous update
 * and is answered 200 from the registry is counted as what it is, a registry repeat; the
 * operation it began while it waited is withdrawn, not counted as a failed update (the provider
 * was called once, and that update succeeded).
 */
class WaitedUpdateRepeatMetricsMicrometerTest {
  private static final String SERVICE = "svc-waited-repeat";

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  /** Begins the store answered. */
  private final AtomicInteger begins = new AtomicInteger();
  private final AtomicInteger updates = new AtomicInteger();
  private final HeldCall held = new HeldCall();
  private final ExecutorService first = Executors.newSingleThreadExecutor();
  private final ExecutorService repeat = Executors.newSingleThreadExecutor();
  private final TestServer server = new TestServer(Broker.builder(new Provider())
      .authenticator(BasicAuthenticator.of(TestServer.USER, TestServer.PASSWORD))
      .repeatWait(Duration.ofSeconds(30)).meterRegistry(registry)
      .store(StoreProxy.around(new InMemoryBrokerStore(), (method, args, target) -> {
        Object answer = target.proceed(args);
        if (method.getName().equals("beginOperation")) {
          // counted once the store answered: a repeat's begin counted found the first running
          begins.incrementAndGet();
        }
        return answer;
      })).build());
  private final String path = "/v2/service_instances/" + UUID.randomUUID();

  /** Answers at once; the update {@link #held} holds waits for its release. */
  private final class Provider implements ServiceBroker {
    @Override
    public Catalog catalog() {
      return Catalog.of(ServiceOffering.builder(SERVICE, "waited-repeat", "Waited repeats")
          .bindable(true).planUpdateable(true)
          .plan(Plan.builder("plan-a", "a", "The first plan").build())
          .plan(Plan.builder("plan-b", "b", "The second plan").build()).build());
    }

    @Override
    public ProvisionResult provision(ProvisionRequest request) {
      return ProvisionResult.created();
    }

    @Override
    public UpdateResult update(UpdateRequest request) {
      updates.incrementAndGet();
      held.pass();
      return UpdateResult.updated();
    }

    @Override
    public DeprovisionResult deprovision(DeprovisionRequest request) {
      return DeprovisionResult.deleted();
    }

    @Override
    public BindResult bind(BindRequest request) {
      return BindResult.bound(Map.of("user", "u"));
    }

    @Override
    public UnbindResult unbind(UnbindRequest request) {
      return UnbindResult.unbound();
    }
  }

  @AfterEach
  void stop() {
    held.release();
    first.shutdownNow();
    repeat.shutdownNow();
    server.close();
  }

  private Reply update(String body, boolean async) {
    return server.call("PATCH", path + (async ? "?accepts_incomplete=true" : ""))
        .json("{\"service_id\":\"" + SERVICE + "\"," + body + "}").send();
  }

  /**
   * Sends the update with the provider holding it, then its repeat, which finds it running and
   * waits (it began once, and is not answered), then releases the first.
   *
   * @return both answers
   */
  private Reply[] heldThenRepeated(String body, boolean asyncRepeat) throws Exception {
    Reply provisioned = server.call("PUT", path).json("{\"service_id\":\"" + SERVICE
        + "\",\"plan_id\":\"plan-a\",\"organization_guid\":\"o\",\"space_guid\":\"s\"}").send();
    assertThat(provisioned.status()).as(provisioned.toString()).isEqualTo(201);
    held.holdNext();
    Future<Reply> one = first.submit(() -> update(body, false));
    assertThat(held.awaitHeld()).as("the first update is held").isTrue();
    int before = begins.get();
    Future<Reply> two = repeat.submit(() -> update(body, asyncRepeat));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (begins.get() == before && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(begins.get()).as("the repeat began and found the first running")
        .isGreaterThan(before);
    held.release();
    return new Reply[] {one.get(10, TimeUnit.SECONDS), two.get(10, TimeUnit.SECONDS)};
  }

  private long updates(String state) {
    Timer t = registry.find("osb.operations").tag("type", "update").tag("mode", "sync")
        .tag("state", state).timer();
    return t == null ? 0 : t.count();
  }

  private double updateRepeats() {
    Counter c = registry.find("osb.registry.answers").tag("operation", "update")
        .tag("answer", "repeat").counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void aWaitedRepeatOfASucceededUpdateIsCountedAsARepeatAndNotAsAFailedUpdate()
      throws Exception {
    Reply[] answers = heldThenRepeated("\"parameters\":{\"size\":2}", false);

    assertThat(answers[0].status()).as(answers[0].toString()).isEqualTo(200);
    assertThat(answers[1].status()).as(answers[1].toString()).isEqualTo(200);
    assertThat(updates).as("the repeat is answered from the registry").hasValue(1);
    assertThat(updateRepeats()).isEqualTo(1);
    assertThat(updates("succeeded")).isEqualTo(1);
    assertThat(updates("failed")).as("no update failed").isZero();
  }

  @Test
  void aWaitedAsyncRepeatOfASucceededPlanChangeIsCountedAsARepeatOnly() throws Exception {
    Reply[] answers = heldThenRepeated("\"plan_id\":\"plan-b\"", true);

    assertThat(answers[0].status()).as(answers[0].toString()).isEqualTo(200);
    assertThat(answers[1].status()).as(answers[1].toString()).isEqualTo(200);
    assertThat(updateRepeats()).isEqualTo(1);
    assertThat(updates("succeeded")).isEqualTo(1);
    assertThat(updates("failed")).as("no update failed").isZero();
    Timer async = registry.find("osb.operations").tag("type", "update").tag("mode", "async")
        .timer();
    assertThat(async == null ? 0 : async.count()).isZero();
  }
}
