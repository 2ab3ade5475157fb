package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.BindingTest.BIND;
import static io.github.osbsdk.broker.core.ProvisionTest.body;
import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.instance.UpdateRequest;
import io.github.osbsdk.broker.api.instance.UpdateResult;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.store.BindingStatus;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import io.github.osbsdk.broker.core.store.StoreProxy;
import io.github.osbsdk.broker.core.store.StoredBinding;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * Binds that meet a change of their instance: an update under way, or one that lands (like IBM
 * Cloud disabling the instance) between the bind's checks and its claim. Each test runs a broker
 * of its own.
 */
class BindDuringInstanceChangeTest {
  /**
   * While an update that changes the plan runs, the platform may already name the new plan: the
   * bind gets the 422 ConcurrencyError it retries, not a 400 it would not, and once the update
   * finished the same bind succeeds.
   */
  @Test
  void bindNamingTheTargetPlanOfARunningUpdateIsAConcurrencyError() {
    CountDownLatch updateRuns = new CountDownLatch(1);
    TestServiceBroker provider = new TestServiceBroker() {
      @Override
      public UpdateResult update(UpdateRequest request) {
        return UpdateResult.accepted(AsyncWork.task(() -> {
          if (!updateRuns.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the test did not end the update");
          }
        }));
      }
    };
    try (TestServer s = new TestServer(RegistryTest.builder(provider).build())) {
      String iid = id();
      assertThat(s.call("PUT", "/v2/service_instances/" + iid).json(body("plan-sync", "{}"))
          .send().status()).isEqualTo(201);
      Reply update = s.call("PATCH", "/v2/service_instances/" + iid + "?accepts_incomplete=true")
          .json("{\"service_id\":\"svc-1\",\"plan_id\":\"plan-fixed\"}").send();
      assertThat(update.status()).as(update.toString()).isEqualTo(202);
      String path = "/v2/service_instances/" + iid + "/service_bindings/" + id();
      Reply during = s.call("PUT", path).json(String.format(BIND, "plan-fixed", "{}")).send();
      assertThat(during.status()).as(during.toString()).isEqualTo(422);
      assertThat(during.json().get("error").asText()).isEqualTo("ConcurrencyError");
      updateRuns.countDown();
      assertThat(RegistryTest.poll(s, iid, update.json().get("operation").asText())
          .json().get("state").asText()).isEqualTo("succeeded");
      assertThat(s.call("PUT", path).json(String.format(BIND, "plan-fixed", "{}")).send()
          .status()).isEqualTo(201);
    }
  }

  /**
   * A bind is checked against the instance's plan, then claimed. When an update changes the plan
   * in between (to one that is not bindable), the checks no longer hold: the provider must not
   * be asked to bind on the plan's old terms.
   */
  @Test
  void bindCheckedAgainstAPlanAnUpdateChangedMeanwhileIsRefused() {
    try (ChangeBeforeClaim broker = new ChangeBeforeClaim((s, iid) -> s.call("PATCH",
        "/v2/service_instances/" + iid)
        .json("{\"service_id\":\"svc-1\",\"plan_id\":\"plan-nobind\"}").send())) {
      String iid = broker.provisionedAndArmed();

      Reply r = broker.server.call("PUT", "/v2/service_instances/" + iid + "/service_bindings/"
          + id()).json(String.format(BIND, "plan-sync", "{}")).send();
      assertThat(r.status()).as(r.toString()).isEqualTo(422);
      assertThat(r.json().get("error").asText()).isEqualTo("ConcurrencyError");
      assertThat(broker.provider.bindCalls.get()).isZero();
      assertThat(broker.store.findInstance(iid).orElseThrow().planId()).isEqualTo("plan-nobind");
      Reply retry = broker.server.call("PUT", "/v2/service_instances/" + iid
          + "/service_bindings/" + id()).json(String.format(BIND, "plan-sync", "{}")).send();
      assertThat(retry.status()).as(retry.toString()).isEqualTo(400);
    }
  }

  /**
   * A bind is checked against the instance as read before its claim. When IBM Cloud disables the
   * instance in between, the bind must still be refused: credentials must not be handed out for
   * a suspended account.
   */
  @Test
  void bindToAnInstanceDisabledBeforeItsClaimIsRefused() {
    try (ChangeBeforeClaim broker = new ChangeBeforeClaim((s, iid) -> s.call("PUT",
        "/bluemix_v1/service_instances/" + iid).json("{\"enabled\":false}").send())) {
      String iid = broker.provisionedAndArmed();

      String bid = id();
      Reply r = broker.server.call("PUT", "/v2/service_instances/" + iid + "/service_bindings/"
          + bid).json(String.format(BIND, "plan-sync", "{}")).send();
      assertThat(r.status()).as(r.toString()).isEqualTo(422);
      assertThat(r.json().get("description").asText()).contains("disabled");
      assertThat(broker.provider.bindCalls.get()).isZero();
      assertThat(broker.store.findBinding(iid, bid)).isEmpty();
    }
  }

  /**
   * A bind whose provider call failed (500) is kept as failed, for the platform's unbind to
   * reach the provider. Its retry, refused because the instance changed before its claim, must
   * leave it so: deleting it would orphan what the provider may have made.
   */
  @Test
  void retryOfAFailedBindRefusedAfterItsClaimKeepsTheFailedBinding() {
    List<BiFunction<TestServer, String, Reply>> changes = List.of(
        (s, iid) -> s.call("PUT", "/bluemix_v1/service_instances/" + iid)
            .json("{\"enabled\":false}").send(),
        (s, iid) -> s.call("PATCH", "/v2/service_instances/" + iid)
            .json("{\"service_id\":\"svc-1\",\"plan_id\":\"plan-nobind\"}").send());
    for (BiFunction<TestServer, String, Reply> change : changes) {
      try (ChangeBeforeClaim broker = new ChangeBeforeClaim(change)) {
        String iid = broker.provisioned();
        String bid = id();
        String path = "/v2/service_instances/" + iid + "/service_bindings/" + bid;
        String bind = String.format(BIND, "plan-sync", "{\"fail\":\"runtime\"}");
        Reply failed = broker.server.call("PUT", path).json(bind).send();
        assertThat(failed.status()).as(failed.toString()).isEqualTo(500);
        broker.armed.set(true);
        Reply retry = broker.server.call("PUT", path).json(bind).send();
        assertThat(retry.status()).as(retry.toString()).isEqualTo(422);
        assertThat(broker.provider.bindCalls.get()).isEqualTo(1);
        assertThat(broker.store.findBinding(iid, bid)).get().extracting(StoredBinding::status)
            .isEqualTo(BindingStatus.BIND_FAILED);
      }
    }
  }

  /**
   * A broker of its own whose store, at the first claim of a binding once armed, first lets a
   * change of the binding's instance in, sent over HTTP to this broker and answered 200.
   */
  private static final class ChangeBeforeClaim implements AutoCloseable {
    final TestServiceBroker provider = new TestServiceBroker();
    final BrokerStore store;
    TestServer server;
    final AtomicBoolean armed = new AtomicBoolean();

    /** @param change sends the change to the server, given the instance id */
    ChangeBeforeClaim(BiFunction<TestServer, String, Reply> change) {
      store = StoreProxy.around(new InMemoryBrokerStore(), (method, args, target) -> {
        if (method.getName().equals("claimBinding") && armed.getAndSet(false)) {
          StoredBinding claim = (StoredBinding) args[0];
          Reply changed = change.apply(server, claim.instanceId());
          assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        }
        return target.proceed(args);
      });
      server = new TestServer(RegistryTest.builder(provider).store(store).build());
    }

    /** Provisions an instance on plan-sync, then arms the change for the next bind's claim. */
    String provisionedAndArmed() {
      String iid = provisioned();
      armed.set(true);
      return iid;
    }

    /** Provisions an instance on plan-sync. */
    String provisioned() {
      String iid = id();
      assertThat(server.call("PUT", "/v2/service_instances/" + iid)
          .json(body("plan-sync", "{}")).send().status()).isEqualTo(201);
      return iid;
    }

    @Override
    public void close() {
      server.close();
    }
  }
}
