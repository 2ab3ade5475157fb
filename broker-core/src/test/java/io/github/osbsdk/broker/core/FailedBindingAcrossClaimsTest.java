package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.BindingTest.BIND;
import static io.github.osbsdk.broker.core.ProvisionTest.body;
import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.store.BindingStatus;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import io.github.osbsdk.broker.core.store.StoreProxy;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import io.github.osbsdk.broker.core.store.StoredBinding;
import io.github.osbsdk.broker.core.testsupport.Await;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A binding left {@link BindingStatus#BIND_FAILED} by a provider call (500) is what the
 * platform's orphan-mitigation unbind must reach. An identical retry claims it again; whatever
 * then withdraws or refuses that claim before the provider is called puts it back, also when it
 * appeared just before the claim, and when the claim's answer was lost to an outage. Each test
 * runs a broker of its own, on an in-memory store that does, once armed, what the test says at
 * the next claim of a binding.
 */
class FailedBindingAcrossClaimsTest {
  private final TestServiceBroker provider = new TestServiceBroker();
  /** Runs at the next claim of a binding, in place of the claim; given the claim itself. */
  private final AtomicReference<Interception> armed = new AtomicReference<>();
  private final BrokerStore store = StoreProxy.around(new InMemoryBrokerStore(),
      (method, args, target) -> {
        Interception next = method.getName().equals("claimBinding") ? armed.getAndSet(null)
            : null;
        return next == null ? target.proceed(args) : next.claim(() -> target.proceed(args));
      });
  private final TestServer server = new TestServer(RegistryTest.builder(provider).store(store)
      .lease(Duration.ofSeconds(1)).build());

  /** What a claim does once armed. */
  @FunctionalInterface
  private interface Interception {
    Object claim(Claiming claim) throws Throwable;
  }

  /** The claim itself. */
  @FunctionalInterface
  private interface Claiming {
    Object proceed() throws Throwable;
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String provisioned() {
    String iid = id();
    assertThat(server.call("PUT", "/v2/service_instances/" + iid)
        .json(body("plan-sync", "{}")).send().status()).isEqualTo(201);
    return iid;
  }

  private static String path(String iid, String bid) {
    return "/v2/service_instances/" + iid + "/service_bindings/" + bid;
  }

  private static final String FAILING = String.format(BIND, "plan-sync", "{\"fail\":\"runtime\"}");

  private StoredBinding binding(String iid, String bid) {
    return store.findBinding(iid, bid).orElse(null);
  }

  /**
   * The race the claim closes: a bind checks the instance, then, before its claim, an identical
   * bind fails at the provider (the binding is left failed) and IBM Cloud disables the instance.
   * The claim replaces the failed binding and the bind is refused (422): the failed binding is
   * put back, not deleted, as the claim itself reported what it replaced.
   */
  @Test
  void failedBindingThatAppearsJustBeforeARefusedClaimIsKept() {
    String iid = provisioned();
    String bid = id();
    armed.set(claim -> {
      Reply failed = server.call("PUT", path(iid, bid)).json(FAILING).send();
      assertThat(failed.status()).as(failed.toString()).isEqualTo(500);
      Reply disabled = server.call("PUT", "/bluemix_v1/service_instances/" + iid)
          .json("{\"enabled\":false}").send();
      assertThat(disabled.status()).as(disabled.toString()).isEqualTo(200);
      return claim.proceed();
    });
    Reply refused = server.call("PUT", path(iid, bid)).json(FAILING).send();
    assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
    assertThat(provider.bindCalls.get()).isEqualTo(1);
    assertThat(binding(iid, bid)).isNotNull().extracting(StoredBinding::status)
        .isEqualTo(BindingStatus.BIND_FAILED);
  }

  /**
   * The store commits the claim of a failed bind's retry but its answer is lost (503): the claim
   * is withdrawn once the store answers again, and the binding the first call left stays
   * failed, for the platform's unbind; the next retry reaches the provider.
   */
  @Test
  void retryOfAFailedBindWhoseClaimAnswerWasLostKeepsTheFailedBinding() {
    String iid = provisioned();
    String bid = id();
    assertThat(server.call("PUT", path(iid, bid)).json(FAILING).send().status()).isEqualTo(500);
    armed.set(claim -> {
      claim.proceed();
      throw new StoreUnavailableException("the answer was lost", null);
    });
    Reply lost = server.call("PUT", path(iid, bid)).json(FAILING).send();
    assertThat(lost.status()).as(lost.toString()).isEqualTo(503);
    Await.until(() -> store.runningOperation(iid).isEmpty(), "the claim is withdrawn");
    assertThat(binding(iid, bid)).isNotNull().extracting(StoredBinding::status)
        .isEqualTo(BindingStatus.BIND_FAILED);
    Reply again = server.call("PUT", path(iid, bid)).json(FAILING).send();
    assertThat(again.status()).as(again.toString()).isEqualTo(500);
    assertThat(provider.bindCalls.get()).isEqualTo(2);
  }

  /** A first bind whose claim's answer was lost leaves nothing once withdrawn. */
  @Test
  void newBindWhoseClaimAnswerWasLostLeavesNothingOnceWithdrawn() {
    String iid = provisioned();
    String bid = id();
    armed.set(claim -> {
      claim.proceed();
      throw new StoreUnavailableException("the answer was lost", null);
    });
    Reply lost = server.call("PUT", path(iid, bid)).json(String.format(BIND, "plan-sync", "{}"))
        .send();
    assertThat(lost.status()).as(lost.toString()).isEqualTo(503);
    Await.until(() -> store.runningOperation(iid).isEmpty(), "the claim is withdrawn");
    assertThat(binding(iid, bid)).isNull();
    assertThat(provider.bindCalls.get()).isZero();
  }
}
