package io.github.osbsdk.broker.testkit.fake;

import static io.github.osbsdk.broker.testkit.fake.SampleCatalog.ASYNC_PLAN_ID;
import static io.github.osbsdk.broker.testkit.fake.SampleCatalog.SYNC_PLAN_ID;
import static io.github.osbsdk.broker.testkit.fake.SampleCatalog.UNBINDABLE_PLAN_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.api.LastOperation;
import io.github.osbsdk.broker.api.OperationState;
import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.BindResponse;
import io.github.osbsdk.broker.api.binding.FetchBindingRequest;
import io.github.osbsdk.broker.api.binding.UnbindRequest;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.FetchInstanceRequest;
import io.github.osbsdk.broker.api.instance.LastOperationRequest;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResponse;
import io.github.osbsdk.broker.api.instance.UpdateRequest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FakeServiceBrokerTest {
  private static final RequestContext CTX = RequestContext.of("test");
  private static final ServiceOffering SERVICE = SampleCatalog.catalog().services().get(0);

  private static Plan plan(String id) {
    return SERVICE.plan(id).orElseThrow();
  }

  private static ProvisionRequest provision(String id, String planId, Map<String, Object> params,
      boolean async) {
    return new ProvisionRequest(id, SERVICE, plan(planId), null, params, null, null, null, async,
        CTX);
  }

  private static DeprovisionRequest deprovision(String id, String planId, boolean async) {
    return new DeprovisionRequest(id, SERVICE, plan(planId), async, CTX);
  }

  private static BindRequest bind(String id, String bid, String planId, Map<String, Object> params,
      boolean async) {
    return new BindRequest(id, bid, SERVICE, plan(planId), null, null, params, null, async, CTX);
  }

  private static LastOperation lastOp(FakeServiceBroker fake, String id, String op) {
    return fake.lastOperation(new LastOperationRequest(id, null, null, op, CTX));
  }

  @Test
  void provisionCreatesThenIdenticalRepeatAlreadyExistsAndDifferentOneConflicts() {
    FakeServiceBroker fake = FakeServiceBroker.builder()
        .dashboardUrl(r -> "https://dash/" + r.instanceId()).build();
    ProvisionResponse first = fake.provision(provision("i1", SYNC_PLAN_ID, Map.of("a", 1), false));
    assertThat(first.async()).isFalse();
    assertThat(first.alreadyExists()).isFalse();
    assertThat(first.dashboardUrl()).isEqualTo("https://dash/i1");
    assertThat(fake.provision(provision("i1", SYNC_PLAN_ID, Map.of("a", 1), false))
        .alreadyExists()).isTrue();
    assertThatThrownBy(() -> fake.provision(provision("i1", SYNC_PLAN_ID, Map.of("a", 2), false)))
        .isInstanceOfSatisfying(ServiceBrokerException.class, e -> assertThat(e.status()).isEqualTo(409));
    assertThat(fake.fetchInstance(new FetchInstanceRequest("i1", null, null, CTX)).planId())
        .isEqualTo(SYNC_PLAN_ID);
    assertThat(fake.instanceIds()).containsExactly("i1");
  }

  @Test
  void asyncPlanWithoutAcceptsIncompleteGetsAsyncRequired() {
    FakeServiceBroker fake = FakeServiceBroker.builder().build();
    assertThatThrownBy(() -> fake.provision(provision("i1", ASYNC_PLAN_ID, Map.of(), false)))
        .isInstanceOfSatisfying(ServiceBrokerException.class,
            e -> assertThat(e.error()).isEqualTo(ServiceBrokerException.ASYNC_REQUIRED));
    assertThat(fake.instanceIds()).isEmpty();
  }

  @Test
  void taskProvisionRunsUntilItsTaskFinishes() throws Exception {
    FakeServiceBroker fake = FakeServiceBroker.builder().asyncDuration(Duration.ofHours(1))
        .build();
    ProvisionResponse r = fake.provision(provision("i1", ASYNC_PLAN_ID, Map.of(), true));
    assertThat(r.async()).isTrue();
    assertThat(r.task()).isNotNull();
    assertThatThrownBy(() -> fake.fetchInstance(new FetchInstanceRequest("i1", null, null, CTX)))
        .isInstanceOfSatisfying(ServiceBrokerException.class, e -> assertThat(e.status()).isEqualTo(404));
    fake.completeAsyncOperations();
    r.task().run();
    assertThat(fake.fetchInstance(new FetchInstanceRequest("i1", null, null, CTX)).planId())
        .isEqualTo(ASYNC_PLAN_ID);
  }

  @Test
  void selfTrackedOperationsAnswerLastOperationAndIdenticalRepeatsGetTheSameOperation() {
    FakeServiceBroker fake = FakeServiceBroker.builder()
        .asyncPlan(ASYNC_PLAN_ID, AsyncMode.SELF_TRACKED).asyncDuration(Duration.ofHours(1))
        .build();
    ProvisionResponse r = fake.provision(provision("i1", ASYNC_PLAN_ID, Map.of(), true));
    assertThat(r.operation()).isNotBlank();
    assertThat(r.task()).isNull();
    assertThat(fake.provision(provision("i1", ASYNC_PLAN_ID, Map.of(), true)).operation())
        .isEqualTo(r.operation());
    assertThat(lastOp(fake, "i1", r.operation()).state()).isEqualTo(OperationState.IN_PROGRESS);
    fake.completeAsyncOperations();
    assertThat(lastOp(fake, "i1", r.operation()).state()).isEqualTo(OperationState.SUCCEEDED);
    assertThatThrownBy(() -> lastOp(fake, "i1", "bogus"))
        .isInstanceOfSatisfying(ServiceBrokerException.class, e -> assertThat(e.status()).isEqualTo(400));
    String delete = fake.deprovision(deprovision("i1", ASYNC_PLAN_ID, true)).operation();
    fake.completeAsyncOperations();
    assertThatThrownBy(() -> lastOp(fake, "i1", delete))
        .isInstanceOfSatisfying(ServiceBrokerException.class, e -> assertThat(e.status()).isEqualTo(410));
    assertThatThrownBy(() -> lastOp(fake, "unknown", null))
        .isInstanceOfSatisfying(ServiceBrokerException.class, e -> assertThat(e.status()).isEqualTo(404));
  }

  @Test
  void deprovisionAndUnbindOfMissingResourcesAreGone() {
    FakeServiceBroker fake = FakeServiceBroker.builder().build();
    assertThatThrownBy(() -> fake.deprovision(deprovision("nope", SYNC_PLAN_ID, false)))
        .isInstanceOfSatisfying(ServiceBrokerException.class, e -> assertThat(e.status()).isEqualTo(410));
    fake.provision(provision("i1", SYNC_PLAN_ID, Map.of(), false));
    assertThatThrownBy(() -> fake.unbind(new UnbindRequest("i1", "b9", SERVICE,
        plan(SYNC_PLAN_ID), false, CTX)))
        .isInstanceOfSatisfying(ServiceBrokerException.class, e -> assertThat(e.status()).isEqualTo(410));
    assertThat(fake.deprovision(deprovision("i1", SYNC_PLAN_ID, false)).async()).isFalse();
    assertThat(fake.instanceIds()).isEmpty();
  }

  @Test
  void bindReturnsCredentialsAndKeepsThemForRepeatsAndFetch() {
    FakeServiceBroker fake = FakeServiceBroker.builder().build();
    fake.provision(provision("i1", SYNC_PLAN_ID, Map.of(), false));
    BindResponse first = fake.bind(bind("i1", "b1", SYNC_PLAN_ID, Map.of("r", "x"), false));
    assertThat(first.credentials()).containsKeys("uri", "username", "password");
    BindResponse again = fake.bind(bind("i1", "b1", SYNC_PLAN_ID, Map.of("r", "x"), false));
    assertThat(again.alreadyExists()).isTrue();
    assertThat(again.credentials()).isEqualTo(first.credentials());
    assertThatThrownBy(() -> fake.bind(bind("i1", "b1", SYNC_PLAN_ID, Map.of("r", "y"), false)))
        .isInstanceOfSatisfying(ServiceBrokerException.class, e -> assertThat(e.status()).isEqualTo(409));
    assertThat(fake.fetchBinding(new FetchBindingRequest("i1", "b1", null, null, CTX))
        .credentials()).isEqualTo(first.credentials());
    assertThat(fake.bindingIds("i1")).containsExactly("b1");
  }

  @Test
  void bindOnNonBindablePlanIsRefusedAndAsyncBindCarriesNoCredentials() {
    FakeServiceBroker fake = FakeServiceBroker.builder().build();
    fake.provision(provision("i0", UNBINDABLE_PLAN_ID, Map.of(), false));
    assertThatThrownBy(() -> fake.bind(bind("i0", "b1", UNBINDABLE_PLAN_ID, Map.of(), false)))
        .isInstanceOfSatisfying(ServiceBrokerException.class, e -> assertThat(e.status()).isEqualTo(400));
    fake.provision(provision("i1", ASYNC_PLAN_ID, Map.of(), true));
    fake.completeAsyncOperations();
    BindResponse r = fake.bind(bind("i1", "b1", ASYNC_PLAN_ID, Map.of(), true));
    assertThat(r.async()).isTrue();
    assertThat(r.credentials()).isNull();
    assertThatThrownBy(() -> fake.fetchBinding(new FetchBindingRequest("i1", "b1", null, null, CTX)))
        .isInstanceOfSatisfying(ServiceBrokerException.class, e -> assertThat(e.status()).isEqualTo(404));
    fake.completeAsyncOperations();
    assertThat(fake.fetchBinding(new FetchBindingRequest("i1", "b1", null, null, CTX))
        .credentials()).isNotEmpty();
  }

  @Test
  void updateChangesThePlanAndRefusesConcurrentChanges() {
    FakeServiceBroker fake = FakeServiceBroker.builder()
        .asyncPlan(ASYNC_PLAN_ID, AsyncMode.SELF_TRACKED).asyncDuration(Duration.ofHours(1))
        .build();
    fake.provision(provision("i1", SYNC_PLAN_ID, Map.of(), false));
    fake.update(new UpdateRequest("i1", SERVICE, plan(UNBINDABLE_PLAN_ID), null, Map.of(), null,
        null, false, CTX));
    assertThat(fake.fetchInstance(new FetchInstanceRequest("i1", null, null, CTX)).planId())
        .isEqualTo(UNBINDABLE_PLAN_ID);
    fake.provision(provision("i2", ASYNC_PLAN_ID, Map.of(), true));
    fake.completeAsyncOperations();
    fake.update(new UpdateRequest("i2", SERVICE, null, null, Map.of("x", 1), null, null, true,
        CTX));
    assertThatThrownBy(() -> fake.update(new UpdateRequest("i2", SERVICE, null, null,
        Map.of("x", 2), null, null, true, CTX)))
        .isInstanceOfSatisfying(ServiceBrokerException.class,
            e -> assertThat(e.error()).isEqualTo(ServiceBrokerException.CONCURRENCY_ERROR));
    assertThatThrownBy(() -> fake.fetchInstance(new FetchInstanceRequest("i2", null, null, CTX)))
        .isInstanceOfSatisfying(ServiceBrokerException.class, e -> assertThat(e.status()).isEqualTo(422));
  }

  @Test
  void injectedErrorsAreThrownOnceOrAlwaysAndCallsAreRecorded() {
    FakeServiceBroker fake = FakeServiceBroker.builder()
        .failOnce(BrokerOperation.PROVISION, ServiceBrokerException.badRequest("once")).build();
    assertThatThrownBy(() -> fake.provision(provision("i1", SYNC_PLAN_ID, Map.of(), false)))
        .hasMessageContaining("once");
    fake.provision(provision("i1", SYNC_PLAN_ID, Map.of(), false));
    fake.failAlways(BrokerOperation.CATALOG, ServiceBrokerException.internalError("down"));
    assertThatThrownBy(fake::catalog).hasMessageContaining("down");
    assertThatThrownBy(fake::catalog).hasMessageContaining("down");
    fake.clearFaults();
    assertThat(fake.catalog()).isSameAs(SampleCatalog.catalog());
    assertThat(fake.requests(ProvisionRequest.class)).hasSize(2)
        .allSatisfy(r -> assertThat(r.instanceId()).isEqualTo("i1"));
    assertThat(fake.requests(BrokerOperation.CATALOG)).hasSize(3);
    assertThat(fake.requests()).hasSize(5);
    fake.clearRequests();
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void injectedDelaySlowsTheOperationDown() {
    FakeServiceBroker fake = FakeServiceBroker.builder()
        .delay(BrokerOperation.CATALOG, Duration.ofMillis(50)).build();
    long start = System.nanoTime();
    fake.catalog();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
  }

  @Test
  void injectedAsyncFailureEndsTheOperationFailed() {
    FakeServiceBroker fake = FakeServiceBroker.builder().asyncDuration(Duration.ZERO).build();
    fake.failNextAsyncOperation(ServiceBrokerException.internalError("no capacity"));
    ProvisionResponse r = fake.provision(provision("i1", ASYNC_PLAN_ID, Map.of(), true));
    assertThatThrownBy(() -> r.task().run()).hasMessageContaining("no capacity");
    LastOperation op = lastOp(fake, "i1", null);
    assertThat(op.state()).isEqualTo(OperationState.FAILED);
    assertThat(op.description()).isEqualTo("no capacity");
    assertThat(fake.provision(provision("i1", ASYNC_PLAN_ID, Map.of(), true)).async()).isTrue();
  }
}
