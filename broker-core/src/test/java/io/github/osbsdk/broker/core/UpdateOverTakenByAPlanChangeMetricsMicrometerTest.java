package io.github.osbsdk.broker.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import io.github.osbsdk.broker.core.store.StoreProxy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Over real HTTP, with Micrometer: an update whose checks read the instance's plan, and whose
 * begin then finds that another update changed the plan meanwhile, is answered 422
 * {@code ConcurrencyError} from the registry without calling the provider: counted as that
 * registry answer, and its withdrawn operation not as a failed update.
 */
class UpdateOverTakenByAPlanChangeMetricsMicrometerTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  /** Runs once, on the next begin, before the store sees it. */
  private final AtomicReference<Runnable> beforeNextBegin = new AtomicReference<>();
  private final TestServer server = new TestServer(Broker.builder(new TestServiceBroker())
      .authenticator(BasicAuthenticator.of(TestServer.USER, TestServer.PASSWORD))
      .meterRegistry(registry)
      .store(StoreProxy.around(new InMemoryBrokerStore(), (method, args, target) -> {
        Runnable first = method.getName().equals("beginOperation")
            ? beforeNextBegin.getAndSet(null) : null;
        if (first != null) {
          first.run();
        }
        return target.proceed(args);
      })).build());
  private final String path = "/v2/service_instances/" + UUID.randomUUID();

  @AfterEach
  void stop() {
    server.close();
  }

  private long updates(String state) {
    Timer t = registry.find("osb.operations").tag("type", "update").tag("mode", "sync")
        .tag("state", state).timer();
    return t == null ? 0 : t.count();
  }

  @Test
  void anUpdateWhosePlanChangedBeforeItsBeginIsCountedAsAConcurrencyAnswerOnly() {
    Reply provisioned = server.call("PUT", path)
        .json(ProvisionTest.body("plan-sync", "{}")).send();
    assertThat(provisioned.status()).as(provisioned.toString()).isEqualTo(201);
    AtomicReference<Reply> planChange = new AtomicReference<>();
    beforeNextBegin.set(() -> planChange.set(server.call("PATCH", path)
        .json("{\"service_id\":\"svc-1\",\"plan_id\":\"plan-fixed\"}").send()));

    Reply overtaken = server.call("PATCH", path)
        .json("{\"service_id\":\"svc-1\",\"parameters\":{\"a\":1}}").send();

    assertThat(planChange.get().status()).as(planChange.get().toString()).isEqualTo(200);
    assertThat(overtaken.status()).as(overtaken.toString()).isEqualTo(422);
    assertThat(overtaken.json().get("error").asText()).isEqualTo("ConcurrencyError");
    Counter concurrency = registry.find("osb.registry.answers").tag("operation", "update")
        .tag("answer", "concurrency").counter();
    assertThat(concurrency == null ? 0 : concurrency.count()).isEqualTo(1);
    assertThat(updates("succeeded")).as("the plan change").isEqualTo(1);
    assertThat(updates("failed")).as("no update failed: the provider was not called")
        .isZero();
  }
}
