package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.body;
import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionResult;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import io.github.osbsdk.broker.core.store.InstanceStatus;
import io.github.osbsdk.broker.core.store.StoreProxy;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import io.github.osbsdk.broker.core.store.StoredInstance;
import io.github.osbsdk.broker.core.testsupport.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An instance left {@link InstanceStatus#PROVISION_FAILED} by a provider call (500) is what the
 * platform's orphan-mitigation deprovision must reach. An identical retry claims it again; when
 * the store commits that claim but its answer is lost (503), the claim is withdrawn once the
 * store answers again, and the failed instance must stay (it was deleted, so the deprovision got
 * 410 without reaching the provider). Each test runs a broker of its own, on an in-memory store
 * whose next instance claim, once armed, commits and then fails as unavailable.
 */
class FailedProvisionAcrossClaimsTest {
  private static final String FAILING = body("plan-sync", "{\"fail\":\"runtime\"}");
  private static final String PLAN = "?service_id=svc-1&plan_id=plan-sync";

  /** {@link TestServiceBroker}, recording the instances it is asked to deprovision. */
  private static final class Provider extends TestServiceBroker {
    final List<String> deprovisions = new CopyOnWriteArrayList<>();

    @Override
    public DeprovisionResult deprovision(DeprovisionRequest request) {
      deprovisions.add(request.instanceId());
      return DeprovisionResult.deleted();
    }
  }

  private final Provider provider = new Provider();
  private final AtomicBoolean loseNextClaimAnswer = new AtomicBoolean();
  private final BrokerStore store = StoreProxy.around(new InMemoryBrokerStore(),
      (method, args, target) -> {
        if (method.getName().equals("claimInstance") && loseNextClaimAnswer.getAndSet(false)) {
          target.proceed(args);
          throw new StoreUnavailableException("the answer was lost", null);
        }
        return target.proceed(args);
      });
  private final TestServer server = new TestServer(RegistryTest.builder(provider).store(store)
      .lease(Duration.ofSeconds(1)).build());

  @AfterEach
  void stop() {
    server.close();
  }

  private Reply provision(String iid, String json) {
    return server.call("PUT", "/v2/service_instances/" + iid).json(json).send();
  }

  private StoredInstance instance(String iid) {
    return store.findInstance(iid).orElse(null);
  }

  @Test
  void retryOfAFailedProvisionWhoseClaimAnswerWasLostKeepsTheFailedInstanceForTheDeprovision() {
    String iid = id();
    assertThat(provision(iid, FAILING).status()).isEqualTo(500);
    loseNextClaimAnswer.set(true);
    Reply lost = provision(iid, FAILING);
    assertThat(lost.status()).as(lost.toString()).isEqualTo(503);
    Await.until(() -> store.runningOperation(iid).isEmpty(), "the claim is withdrawn");
    assertThat(instance(iid)).as("the failed instance").isNotNull()
        .extracting(StoredInstance::status).isEqualTo(InstanceStatus.PROVISION_FAILED);
    assertThat(provider.provisionCalls.get()).isEqualTo(1);
    Reply deleted = server.call("DELETE", "/v2/service_instances/" + iid + PLAN).send();
    assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
    assertThat(provider.deprovisions).containsExactly(iid);
  }

  @Test
  void retryOfAFailedProvisionAfterItsLostClaimWasWithdrawnReachesTheProviderAgain() {
    String iid = id();
    assertThat(provision(iid, FAILING).status()).isEqualTo(500);
    loseNextClaimAnswer.set(true);
    assertThat(provision(iid, FAILING).status()).isEqualTo(503);
    Await.until(() -> store.runningOperation(iid).isEmpty(), "the claim is withdrawn");
    Reply again = provision(iid, FAILING);
    assertThat(again.status()).as(again.toString()).isEqualTo(500);
    assertThat(provider.provisionCalls.get()).isEqualTo(2);
    assertThat(instance(iid)).isNotNull().extracting(StoredInstance::status)
        .isEqualTo(InstanceStatus.PROVISION_FAILED);
  }

  /** A first provision whose claim's answer was lost leaves nothing once withdrawn. */
  @Test
  void newProvisionWhoseClaimAnswerWasLostLeavesNothingOnceWithdrawn() {
    String iid = id();
    loseNextClaimAnswer.set(true);
    Reply lost = provision(iid, body("plan-sync", "{}"));
    assertThat(lost.status()).as(lost.toString()).isEqualTo(503);
    Await.until(() -> store.runningOperation(iid).isEmpty(), "the claim is withdrawn");
    assertThat(instance(iid)).isNull();
    assertThat(provider.provisionCalls.get()).isZero();
    Reply deleted = server.call("DELETE", "/v2/service_instances/" + iid + PLAN).send();
    assertThat(deleted.status()).as(deleted.toString()).isEqualTo(410);
    assertThat(provider.deprovisions).isEmpty();
  }
}
