package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.body;
import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.broker.core.internal.metrics.MetricsFilter;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.Finish;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import io.github.osbsdk.broker.core.store.StoreProxy;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import io.github.osbsdk.broker.core.testsupport.Await;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/** broker-core's meters on a Micrometer registry (the surefire execution with Micrometer). */
class BrokerMetricsMicrometerTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final TestServiceBroker sb = new TestServiceBroker();
  private final InMemoryBrokerStore memory = new InMemoryBrokerStore();

  private TestServer start() {
    return new TestServer(Broker.builder(sb)
        .authenticator(BasicAuthenticator.of(TestServer.USER, TestServer.PASSWORD))
        .retryAfter(Duration.ofSeconds(1)).meterRegistry(registry).build());
  }

  /**
   * A broker on a store whose {@code n}th finish (counted from 1, asynchronous ends only when
   * {@code asyncOnly}) fails when {@code down} says so (unavailable) or {@code refused} says so
   * (an {@link IllegalStateException}); lease 1 s.
   */
  private TestServer start(boolean asyncOnly, IntPredicate down, IntPredicate refused) {
    AtomicInteger finishes = new AtomicInteger();
    BrokerStore store = StoreProxy.around(memory, (method, args, target) -> {
      if (method.getName().equals("finishOperation")
          && (!asyncOnly || ((Finish) args[0]).keepOperation())) {
        int n = finishes.incrementAndGet();
        if (down.test(n)) {
          throw new StoreUnavailableException("an outage", null);
        }
        if (refused.test(n)) {
          throw new IllegalStateException("a bug in the store");
        }
      }
      return target.proceed(args);
    });
    return new TestServer(Broker.builder(sb)
        .authenticator(BasicAuthenticator.of(TestServer.USER, TestServer.PASSWORD))
        .retryAfter(Duration.ofSeconds(1)).meterRegistry(registry).store(store)
        .lease(Duration.ofSeconds(1)).build());
  }

  /**
   * Waits until {@code type}'s {@code mode} operations counted an end, and the store recorded
   * the end of instance {@code id}'s operation: a second count, were there one, comes with that
   * record at the latest.
   */
  private void awaitOneEnd(String type, String mode, String id) {
    Await.until(() -> operations(type, mode, "succeeded") + operations(type, mode, "failed") > 0
        && memory.runningOperation(id).isEmpty(), "an end counted and recorded");
  }

  private long requests(String endpoint, String status) {
    Timer t = registry.find("osb.requests").tag("endpoint", endpoint).tag("status", status)
        .timer();
    return t == null ? 0 : t.count();
  }

  private double answers(String operation, String answer) {
    Counter c = registry.find("osb.registry.answers").tag("operation", operation)
        .tag("answer", answer).counter();
    return c == null ? 0 : c.count();
  }

  private long operations(String type, String mode, String state) {
    Timer t = registry.find("osb.operations").tag("type", type).tag("mode", mode)
        .tag("state", state).timer();
    return t == null ? 0 : t.count();
  }

  @Test
  void requestsAreTimedByEndpointAndStatusWithoutIds() {
    try (TestServer s = start()) {
      assertThat(s.broker.singletons()).anyMatch(o -> o instanceof MetricsFilter);
      s.call("GET", "/v2/catalog").send();
      s.call("GET", "/v2/catalog").header("Authorization", null).send();
      String id = id();
      s.call("PUT", "/v2/service_instances/" + id).json(body("plan-sync", "{}")).send();
      s.call("GET", "/v2/service_instances/" + id).send();
      s.call("PUT", "/v2/service_instances/" + id + "/service_bindings/b1")
          .json(body("plan-sync", "{}")).send();
      s.call("GET", "/v2/service_instances/" + id + "/service_bindings/b1").send();
      s.call("DELETE", "/v2/service_instances/" + id + "/service_bindings/b1"
          + "?service_id=svc-1&plan_id=plan-sync").send();
      s.call("GET", "/bluemix_v1/service_instances/" + id).send();
      s.call("GET", "/v2/nothing-here").send();

      assertThat(requests("catalog", "200")).isEqualTo(1);
      assertThat(requests("catalog", "401")).isEqualTo(1);
      assertThat(requests("provision", "201")).isEqualTo(1);
      assertThat(requests("fetch_instance", "200")).isEqualTo(1);
      assertThat(requests("bind", "201")).isEqualTo(1);
      assertThat(requests("fetch_binding", "200")).isEqualTo(1);
      assertThat(requests("unbind", "200")).isEqualTo(1);
      assertThat(requests("instance_state", "200")).isEqualTo(1);
      assertThat(requests("other", "404")).isEqualTo(1);
      assertThat(registry.find("osb.requests").timers())
          .allSatisfy(t -> assertThat(t.getId().getTags().toString()).doesNotContain(id));
      assertThat(registry.find("osb.requests").timer().totalTime(
          java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
    }
  }

  @Test
  void registryAnswersAreCountedByOperationAndAnswer() {
    try (TestServer s = start()) {
      String id = id();
      String path = "/v2/service_instances/" + id;
      String delete = path + "?service_id=svc-1&plan_id=plan-sync";
      assertThat(s.call("PUT", path).json(body("plan-sync", "{}")).send().status())
          .isEqualTo(201);
      assertThat(s.call("PUT", path).json(body("plan-sync", "{}")).send().status())
          .isEqualTo(200);
      assertThat(s.call("PUT", path).json(body("plan-sync", "{\"x\":1}")).send().status())
          .isEqualTo(409);
      assertThat(s.call("DELETE", delete).send().status()).isEqualTo(200);
      assertThat(s.call("DELETE", delete).send().status()).isEqualTo(410);

      assertThat(answers("provision", "repeat")).isEqualTo(1);
      assertThat(answers("provision", "conflict")).isEqualTo(1);
      assertThat(answers("deprovision", "gone")).isEqualTo(1);
      assertThat(registry.find("osb.registry.answers").tag("answer", "gone").counter().getId()
          .getTag("status")).isEqualTo("410");
      assertThat(operations("provision", "sync", "succeeded")).isEqualTo(1);
      assertThat(operations("deprovision", "sync", "succeeded")).isEqualTo(1);
    }
  }

  @Test
  void asynchronousOperationsAreTimedByTypeAndFinalState() throws Exception {
    try (TestServer s = start()) {
      sb.holdAsyncTasks();
      String id = id();
      String path = "/v2/service_instances/" + id;
      assertThat(s.call("PUT", path + "?accepts_incomplete=true")
          .json(body("plan-async", "{}")).send().status()).isEqualTo(202);
      assertThat(s.call("PUT", path + "?accepts_incomplete=true")
          .json(body("plan-async", "{}")).send().status()).isEqualTo(202);
      assertThat(answers("provision", "repeat_in_progress")).isEqualTo(1);
      assertThat(s.call("PATCH", path + "?accepts_incomplete=true")
          .json("{\"service_id\":\"svc-1\",\"parameters\":{\"a\":1}}").send().status())
          .isEqualTo(422);
      assertThat(answers("update", "concurrency")).isEqualTo(1);
      sb.releaseAsyncTasks();
      Await.until(() -> operations("provision", "async", "succeeded") > 0,
          "the provision counted as succeeded");
      assertThat(operations("provision", "async", "succeeded")).isEqualTo(1);
      s.call("GET", path + "/last_operation").send();
      assertThat(requests("last_operation", "200")).isEqualTo(1);
    }
  }

  @Test
  void anAsynchronousEndKeptDuringAnOutageAndThenRefusedIsCountedOnceAsTheFailureRecorded()
      throws Exception {
    // before: counted as succeeded when kept, then as failed when recorded so
    try (TestServer s = start(true, n -> n == 1, n -> n == 2)) {
      String id = id();
      Reply accepted = RegistryTest.provision(s, id, "plan-async", "{}", true);
      assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
      Reply done = RegistryTest.poll(s, id, accepted.json().get("operation").asText());
      assertThat(done.json().get("state").asText()).as(done.toString()).isEqualTo("failed");
      awaitOneEnd("provision", "async", id);

      assertThat(operations("provision", "async", "failed")).isEqualTo(1);
      assertThat(operations("provision", "async", "succeeded")).isZero();
    }
  }

  @Test
  void aSynchronousCreateKeptDuringAnOutageIsCountedOnceAsFailedWhenTheStoreRecordsIt()
      throws Exception {
    // before: never counted (the 503 was answered, and the loop wrote it without counting).
    // The platform got 503, so the provision's success is written as a failed create
    try (TestServer s = start(false, n -> n == 1, n -> false)) {
      String id = id();
      Reply unavailable = s.call("PUT", "/v2/service_instances/" + id)
          .json(body("plan-sync", "{}")).send();
      assertThat(unavailable.status()).as(unavailable.toString()).isEqualTo(503);
      awaitOneEnd("provision", "sync", id);

      assertThat(operations("provision", "sync", "failed")).isEqualTo(1);
      assertThat(operations("provision", "sync", "succeeded")).isZero();
    }
  }

  @Test
  void aSynchronousResultTheStoreRefusesIsCountedOnceAsFailedWhenItIsUndone() throws Exception {
    // before: never counted (the undo was written without counting)
    try (TestServer s = start(false, n -> false, n -> n == 1)) {
      String id = id();
      Reply refused = s.call("PUT", "/v2/service_instances/" + id)
          .json(body("plan-sync", "{}")).send();
      assertThat(refused.status()).as(refused.toString()).isEqualTo(500);
      awaitOneEnd("provision", "sync", id);

      assertThat(operations("provision", "sync", "failed")).isEqualTo(1);
      assertThat(operations("provision", "sync", "succeeded")).isZero();
    }
  }

  @Test
  void stepRetriesAreCountedByOperationTypeEachTimeAStepRunsAgain() {
    AtomicInteger runs = new AtomicInteger();
    TestServiceBroker stepping = new TestServiceBroker() {
      @Override
      public ProvisionResult provision(ProvisionRequest request) {
        return ProvisionResult.accepted(AsyncWork.step("create", Map.of()));
      }
    };
    Broker broker = Broker.builder(stepping)
        .authenticator(BasicAuthenticator.of(TestServer.USER, TestServer.PASSWORD))
        .retryAfter(Duration.ofSeconds(1)).meterRegistry(registry).lease(Duration.ofSeconds(1))
        .step("create", ctx -> {
          int run = runs.incrementAndGet();
          if (run == 1) {
            throw new StoreUnavailableException("the provider's database is down", null);
          }
          if (run == 2) { // wrapped counts as well
            throw new IllegalStateException(new StoreUnavailableException("still down", null));
          }
        }).build();
    try (TestServer s = new TestServer(broker)) {
      String id = id();
      Reply accepted = RegistryTest.provision(s, id, "plan-sync", "{}", true);
      assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
      Reply done = RegistryTest.poll(s, id, accepted.json().get("operation").asText());
      assertThat(done.json().get("state").asText()).as(done.toString()).isEqualTo("succeeded");

      assertThat(runs.get()).isEqualTo(3);
      Counter retries = registry.find("osb.operations.step.retries").tag("type", "provision")
          .counter();
      assertThat(retries).isNotNull();
      assertThat(retries.count()).as("the second and the third run").isEqualTo(2);
      assertThat(retries.getId().getTags()).extracting(t -> t.getKey()).containsExactly("type");
      assertThat(registry.find("osb.operations.step.retries").counters()).hasSize(1);
    }
  }

  @Test
  void aRegistryThatIsNoMeterRegistryIsRefusedAtOnceNamingItsClass() {
    Broker.Builder builder = Broker.builder(new TestServiceBroker());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> builder.meterRegistry(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("meterRegistry must be a io.micrometer.core.instrument.MeterRegistry, not a"
            + " java.time.Duration");
  }
}
