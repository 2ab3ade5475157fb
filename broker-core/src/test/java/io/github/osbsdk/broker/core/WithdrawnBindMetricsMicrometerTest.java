package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.BindingTest.BIND;
import static io.github.osbsdk.broker.core.ProvisionTest.body;
import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import io.github.osbsdk.broker.core.store.StoreProxy;
import io.github.osbsdk.broker.core.store.StoredBinding;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Over real HTTP, with Micrometer: a bind whose claim the SDK withdraws before calling the
 * provider (a refused rotation, a plan change or a disabled instance found after the claim) is
 * answered as refused and not counted in {@code osb.operations} as a failed bind: no bind ran.
 */
class WithdrawnBindMetricsMicrometerTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final TestServiceBroker provider = new TestServiceBroker();
  /** Runs once, on the next binding claim, before the store sees it; given the instance id. */
  private final AtomicReference<Function<String, Reply>> beforeNextClaim =
      new AtomicReference<>();
  private final TestServer server = new TestServer(RegistryTest.builder(provider)
      .meterRegistry(registry)
      .store(StoreProxy.around(new InMemoryBrokerStore(), (method, args, target) -> {
        Function<String, Reply> change = method.getName().equals("claimBinding")
            ? beforeNextClaim.getAndSet(null) : null;
        if (change != null) {
          Reply changed = change.apply(((StoredBinding) args[0]).instanceId());
          assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        }
        return target.proceed(args);
      })).build());
  private final String instance = "/v2/service_instances/" + id();

  @AfterEach
  void stop() {
    server.close();
  }

  private long binds(String state) {
    Timer t = registry.find("osb.operations").tag("type", "bind").tag("mode", "sync")
        .tag("state", state).timer();
    return t == null ? 0 : t.count();
  }

  private Reply bind(String bindingId, String json) {
    return server.call("PUT", instance + "/service_bindings/" + bindingId).json(json).send();
  }

  private void provisioned() {
    Reply r = server.call("PUT", instance).json(body("plan-sync", "{}")).send();
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
  }

  @Test
  void aRefusedRotationIsNotCountedAsAFailedBind() {
    provisioned();
    String first = id();
    assertThat(bind(first, String.format(BIND, "plan-sync", "{\"x\":1}")).status())
        .isEqualTo(201);

    Reply refused = bind(id(), "{\"predecessor_binding_id\":\"" + first
        + "\",\"parameters\":{\"x\":2}}");

    assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
    assertThat(provider.bindCalls.get()).isEqualTo(1);
    assertThat(binds("succeeded")).isEqualTo(1);
    assertThat(binds("failed")).as("no bind failed: the provider was called once").isZero();
  }

  @Test
  void aBindWhoseInstancePlanChangedAfterItsChecksIsNotCountedAsAFailedBind() {
    provisioned();
    beforeNextClaim.set(iid -> server.call("PATCH", "/v2/service_instances/" + iid)
        .json("{\"service_id\":\"svc-1\",\"plan_id\":\"plan-nobind\"}").send());

    Reply refused = bind(id(), String.format(BIND, "plan-sync", "{}"));

    assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
    assertThat(refused.json().get("error").asText()).isEqualTo("ConcurrencyError");
    assertThat(provider.bindCalls.get()).isZero();
    assertThat(binds("failed")).as("no bind failed: the provider was not called").isZero();
  }

  @Test
  void aBindWhoseInstanceWasDisabledAfterItsChecksIsNotCountedAsAFailedBind() {
    provisioned();
    beforeNextClaim.set(iid -> server.call("PUT", "/bluemix_v1/service_instances/" + iid)
        .json("{\"enabled\":false}").send());

    Reply refused = bind(id(), String.format(BIND, "plan-sync", "{}"));

    assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
    assertThat(refused.json().get("description").asText()).contains("disabled");
    assertThat(provider.bindCalls.get()).isZero();
    assertThat(binds("failed")).as("no bind failed: the provider was not called").isZero();
  }
}
