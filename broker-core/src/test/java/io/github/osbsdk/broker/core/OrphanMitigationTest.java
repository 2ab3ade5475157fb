package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.body;
import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.BindResult;
import io.github.osbsdk.broker.api.binding.UnbindRequest;
import io.github.osbsdk.broker.api.binding.UnbindResult;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionResult;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.store.BindingStatus;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.Finish;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import io.github.osbsdk.broker.core.store.InstanceStatus;
import io.github.osbsdk.broker.core.store.OperationStatus;
import io.github.osbsdk.broker.core.store.StoreProxy;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import io.github.osbsdk.broker.core.store.StoredBinding;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.crypto.spec.SecretKeySpec;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A synchronous provision or bind whose outcome is unknown (the provider threw anything but a
 * 4xx refusal) keeps its registry row as a failed create, so that the platform's orphan
 * mitigation (OSB: a delete after a 5xx or a timeout) reaches the provider; a 4xx refusal leaves
 * nothing behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrphanMitigationTest {
  private static final String BIND = "{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\","
      + "\"parameters\":%s}";
  private static final String QUERY = "?service_id=svc-1&plan_id=plan-sync";

  /**
   * A provider whose next create fails once: after writing its resource (as a database write
   * that commits after the client's timeout fired), or before (a refusal).
   */
  static final class FailingOnce extends TestServiceBroker {
    final AtomicReference<RuntimeException> afterWrite = new AtomicReference<>();
    final AtomicReference<RuntimeException> beforeWrite = new AtomicReference<>();
    final AtomicInteger deprovisionCalls = new AtomicInteger();
    final AtomicInteger unbindCalls = new AtomicInteger();

    private void failBefore() {
      RuntimeException e = beforeWrite.getAndSet(null);
      if (e != null) {
        throw e;
      }
    }

    private <T> T failAfter(T result) {
      RuntimeException e = afterWrite.getAndSet(null);
      if (e != null) {
        throw e;
      }
      return result;
    }

    @Override
    public ProvisionResult provision(ProvisionRequest request) {
      failBefore();
      return failAfter(super.provision(request));
    }

    @Override
    public BindResult bind(BindRequest request) {
      failBefore();
      return failAfter(super.bind(request));
    }

    @Override
    public DeprovisionResult deprovision(DeprovisionRequest request) {
      deprovisionCalls.incrementAndGet();
      return super.deprovision(request);
    }

    @Override
    public UnbindResult unbind(UnbindRequest request) {
      unbindCalls.incrementAndGet();
      return super.unbind(request);
    }
  }

  private final FailingOnce sb = new FailingOnce();
  private final InMemoryBrokerStore store = new InMemoryBrokerStore();
  private final TestServer server = new TestServer(RegistryTest.builder(sb).store(store).build());

  @AfterAll
  void stop() {
    server.close();
  }

  private String provisioned() {
    String iid = id();
    assertThat(provision(iid, "{}").status()).isEqualTo(201);
    return iid;
  }

  private Reply provision(String iid, String params) {
    return server.call("PUT", "/v2/service_instances/" + iid).json(body("plan-sync", params))
        .send();
  }

  private Reply bind(String iid, String bid, String params) {
    return server.call("PUT", "/v2/service_instances/" + iid + "/service_bindings/" + bid)
        .json(String.format(BIND, params)).send();
  }

  private Reply unbind(String iid, String bid) {
    return server.call("DELETE", "/v2/service_instances/" + iid + "/service_bindings/" + bid
        + QUERY).send();
  }

  private Reply deprovision(String iid) {
    return server.call("DELETE", "/v2/service_instances/" + iid + QUERY).send();
  }

  @Test
  void aBindWhoseProviderThrowsKeepsAFailedBindingWhoseUnbindReachesTheProvider() {
    String iid = provisioned();
    String bid = id();
    sb.afterWrite.set(new IllegalStateException("socket timeout, the insert committed anyway"));
    Reply failed = bind(iid, bid, "{}");
    assertThat(failed.status()).as(failed.toString()).isEqualTo(500);
    assertThat(store.findBinding(iid, bid)).get().extracting(b -> b.status())
        .isEqualTo(BindingStatus.BIND_FAILED);
    assertThat(store.runningOperation(iid)).isEmpty();
    assertThat(sb.bindings).containsKey(iid + "/" + bid);
    // fetched as after a failed asynchronous bind
    assertThat(server.call("GET", "/v2/service_instances/" + iid + "/service_bindings/" + bid)
        .send().status()).isEqualTo(404);

    int unbinds = sb.unbindCalls.get();
    Reply mitigation = unbind(iid, bid);
    assertThat(mitigation.status()).as(mitigation.toString()).isEqualTo(200);
    assertThat(sb.unbindCalls.get()).isEqualTo(unbinds + 1);
    assertThat(sb.bindings).doesNotContainKey(iid + "/" + bid);
    assertThat(store.findBinding(iid, bid)).isEmpty();
    assertThat(unbind(iid, bid).status()).isEqualTo(410);
  }

  @Test
  void anIdenticalBindAfterAFailedOneCallsTheProviderAgainAndADifferentOneConflicts() {
    String iid = provisioned();
    String bid = id();
    sb.afterWrite.set(new ServiceBrokerException(503, null, "the back end timed out"));
    assertThat(bind(iid, bid, "{\"x\":1}").status()).isEqualTo(503);
    assertThat(bind(iid, bid, "{\"x\":2}").status()).isEqualTo(409);
    int calls = sb.bindCalls.get();
    Reply again = bind(iid, bid, "{\"x\":1}");
    assertThat(again.status()).as(again.toString()).isEqualTo(201);
    assertThat(sb.bindCalls.get()).isEqualTo(calls + 1);
    assertThat(store.findBinding(iid, bid)).get().extracting(b -> b.status())
        .isEqualTo(BindingStatus.READY);
  }

  @Test
  void aBindTheProviderRefusesWith4xxLeavesNothingAndIsNotUnboundThroughTheProvider() {
    String iid = provisioned();
    String bid = id();
    sb.beforeWrite.set(ServiceBrokerException.badRequest("no such role"));
    assertThat(bind(iid, bid, "{\"role\":\"x\"}").status()).isEqualTo(400);
    assertThat(store.findBinding(iid, bid)).isEmpty();
    int unbinds = sb.unbindCalls.get();
    assertThat(unbind(iid, bid).status()).isEqualTo(410);
    assertThat(sb.unbindCalls.get()).isEqualTo(unbinds);
    assertThat(bind(iid, bid, "{\"role\":\"y\"}").status()).isEqualTo(201);
  }

  /**
   * A retry of a failed bind that the provider refuses (4xx) changed nothing, but the first
   * call's binding may still exist at the provider: the failed binding is put back, and the
   * platform's unbind reaches the provider.
   */
  @Test
  void aRefusedRetryOfAFailedBindPutsTheFailedBindingBackForTheUnbind() {
    String iid = provisioned();
    String bid = id();
    sb.afterWrite.set(new IllegalStateException("socket timeout, the insert committed anyway"));
    assertThat(bind(iid, bid, "{}").status()).isEqualTo(500);
    sb.beforeWrite.set(ServiceBrokerException.badRequest("quota reached"));
    Reply refused = bind(iid, bid, "{}");
    assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
    assertThat(store.findBinding(iid, bid)).get().extracting(b -> b.status())
        .isEqualTo(BindingStatus.BIND_FAILED);

    int unbinds = sb.unbindCalls.get();
    Reply mitigation = unbind(iid, bid);
    assertThat(mitigation.status()).as(mitigation.toString()).isEqualTo(200);
    assertThat(sb.unbindCalls.get()).isEqualTo(unbinds + 1);
    assertThat(sb.bindings).doesNotContainKey(iid + "/" + bid);
  }

  /** The same for a provision: the failed instance is put back for the deprovision. */
  @Test
  void aRefusedRetryOfAFailedProvisionPutsTheFailedInstanceBackForTheDeprovision() {
    String iid = id();
    sb.afterWrite.set(new IllegalStateException("socket timeout, the insert committed anyway"));
    assertThat(provision(iid, "{}").status()).isEqualTo(500);
    sb.beforeWrite.set(ServiceBrokerException.badRequest("quota reached"));
    Reply refused = provision(iid, "{}");
    assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
    assertThat(store.findInstance(iid)).get().extracting(i -> i.status())
        .isEqualTo(InstanceStatus.PROVISION_FAILED);

    int deprovisions = sb.deprovisionCalls.get();
    Reply mitigation = deprovision(iid);
    assertThat(mitigation.status()).as(mitigation.toString()).isEqualTo(200);
    assertThat(sb.deprovisionCalls.get()).isEqualTo(deprovisions + 1);
    assertThat(sb.instances).doesNotContainKey(iid);
  }

  @Test
  void aProvisionWhoseProviderThrowsKeepsAFailedInstanceWhoseDeprovisionReachesTheProvider() {
    String iid = id();
    sb.afterWrite.set(new IllegalStateException("socket timeout, the insert committed anyway"));
    assertThat(provision(iid, "{}").status()).isEqualTo(500);
    assertThat(store.findInstance(iid)).get().extracting(i -> i.status())
        .isEqualTo(InstanceStatus.PROVISION_FAILED);
    assertThat(store.runningOperation(iid)).isEmpty();
    assertThat(server.call("GET", "/v2/service_instances/" + iid).send().status())
        .isEqualTo(404);
    assertThat(bind(iid, id(), "{}").status()).isEqualTo(422);

    int deprovisions = sb.deprovisionCalls.get();
    Reply mitigation = deprovision(iid);
    assertThat(mitigation.status()).as(mitigation.toString()).isEqualTo(200);
    assertThat(sb.deprovisionCalls.get()).isEqualTo(deprovisions + 1);
    assertThat(sb.instances).doesNotContainKey(iid);
    assertThat(deprovision(iid).status()).isEqualTo(410);
    assertThat(sb.deprovisionCalls.get()).isEqualTo(deprovisions + 1);
  }

  @Test
  void aFailedProvisionTheProviderAnswersGoneForIsDeletedWith410() {
    String iid = id();
    // failed before anything was written: the provider answers the mitigation "gone"
    sb.beforeWrite.set(new IllegalStateException("connection refused"));
    assertThat(provision(iid, "{}").status()).isEqualTo(500);
    assertThat(store.findInstance(iid)).isPresent();
    assertThat(deprovision(iid).status()).isEqualTo(410);
    assertThat(store.findInstance(iid)).isEmpty();
    assertThat(provision(iid, "{\"other\":true}").status()).isEqualTo(201);
  }

  @Test
  void aProvisionTheProviderRefusesWith4xxLeavesNothing() {
    String iid = id();
    sb.beforeWrite.set(new ServiceBrokerException(422, null, "quota exceeded"));
    assertThat(provision(iid, "{}").status()).isEqualTo(422);
    assertThat(store.findInstance(iid)).isEmpty();
    int deprovisions = sb.deprovisionCalls.get();
    assertThat(deprovision(iid).status()).isEqualTo(410);
    assertThat(sb.deprovisionCalls.get()).isEqualTo(deprovisions);
    assertThat(provision(iid, "{\"other\":true}").status()).isEqualTo(201);
  }

  @Test
  void aSynchronousSuccessTheStoreWasDownForIsWrittenLaterAsAFailedCreate() {
    // the platform got 503: OSB has it treat the create as failed and delete it (orphan
    // mitigation), so the row must not turn usable once the store is back
    InMemoryBrokerStore real = new InMemoryBrokerStore();
    AtomicBoolean armed = new AtomicBoolean();
    BrokerStore flaky = StoreProxy.around(real, (method, args, target) -> {
      if (method.getName().equals("finishOperation")
          && ((Finish) args[0]).status() == OperationStatus.SUCCEEDED && armed.getAndSet(false)) {
        throw new StoreUnavailableException("database down", null);
      }
      return target.proceed(args);
    });
    FailingOnce provider = new FailingOnce();
    try (TestServer s = new TestServer(RegistryTest.builder(provider).store(flaky)
        .storeCredentials(new SecretKeySpec(new byte[32], "AES"))
        .lease(Duration.ofSeconds(1)).build())) {
      String iid = id();
      armed.set(true);
      Reply r = s.call("PUT", "/v2/service_instances/" + iid).json(body("plan-sync", "{}"))
          .send();
      assertThat(r.status()).as(r.toString()).isEqualTo(503);
      await(() -> real.findInstance(iid).orElseThrow().status() != InstanceStatus.PROVISIONING);
      assertThat(real.findInstance(iid).orElseThrow().status())
          .isEqualTo(InstanceStatus.PROVISION_FAILED);
      assertThat(real.runningOperation(iid)).isEmpty();

      // an identical repeat calls the provider again, as after a failed asynchronous provision
      int calls = provider.provisionCalls.get();
      assertThat(s.call("PUT", "/v2/service_instances/" + iid).json(body("plan-sync", "{}"))
          .send().status()).isEqualTo(201);
      assertThat(provider.provisionCalls.get()).isEqualTo(calls + 1);
      String bid = id();
      armed.set(true);
      Reply b = s.call("PUT", "/v2/service_instances/" + iid + "/service_bindings/" + bid)
          .json(String.format(BIND, "{}")).send();
      assertThat(b.status()).as(b.toString()).isEqualTo(503);
      await(() -> real.findBinding(iid, bid).orElseThrow().status() != BindingStatus.BINDING);
      StoredBinding failed = real.findBinding(iid, bid).orElseThrow();
      assertThat(failed.status()).isEqualTo(BindingStatus.BIND_FAILED);
      assertThat(failed.credentials()).isNull();
      Reply mitigation = s.call("DELETE", "/v2/service_instances/" + iid
          + "/service_bindings/" + bid + QUERY).send();
      assertThat(mitigation.status()).as(mitigation.toString()).isEqualTo(200);
      assertThat(provider.unbindCalls.get()).isEqualTo(1);
    }
  }

  private static void await(Supplier<Boolean> condition) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!condition.get() && System.nanoTime() < deadline) {
      RegistryTest.sleep(20);
    }
    assertThat(condition.get()).as("reached within 30 s").isTrue();
  }
}
