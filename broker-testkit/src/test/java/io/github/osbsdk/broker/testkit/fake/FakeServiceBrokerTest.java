package io.github.osbsdk.broker.testkit.fake;

import static io.github.osbsdk.broker.testkit.fake.SampleCatalog.ASYNC_PLAN_ID;
import static io.github.osbsdk.broker.testkit.fake.SampleCatalog.SYNC_PLAN_ID;
import static io.github.osbsdk.broker.testkit.fake.SampleCatalog.UNBINDABLE_PLAN_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.LastOperation;
import io.github.osbsdk.broker.api.OperationState;
import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.BindResult;
import io.github.osbsdk.broker.api.binding.BindingDetails;
import io.github.osbsdk.broker.api.binding.FetchBindingRequest;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionResult;
import io.github.osbsdk.broker.api.instance.FetchInstanceRequest;
import io.github.osbsdk.broker.api.instance.InstanceDetails;
import io.github.osbsdk.broker.api.instance.LastOperationRequest;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.api.instance.ServiceInstance;
import io.github.osbsdk.broker.api.instance.UpdateRequest;
import io.github.osbsdk.broker.testkit.requests.ProviderRequests;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The fake's work, called directly (the SDK's registry in front of it is tested in core). */
class FakeServiceBrokerTest {
  private static final RequestContext CTX = RequestContext.of("test");
  private static final ServiceOffering SERVICE = SampleCatalog.catalog().services().get(0);
  private static final InstanceDetails NONE = new InstanceDetails(null, null, null, null, null,
      null);
  private static final BindingDetails NO_BINDING = new BindingDetails(null, null, null, null,
      null, null, null);

  private static Plan plan(String id) {
    return SERVICE.plan(id).orElseThrow();
  }

  private static ServiceInstance instance(String id, String planId) {
    return new ServiceInstance(id, SERVICE.id(), planId, Map.of(), null, null, null, true,
        Instant.now());
  }

  private static FetchBindingRequest fetchBinding(String id, String bid) {
    return ProviderRequests.fetchBinding(SERVICE, plan(SYNC_PLAN_ID)).instanceId(id)
        .bindingId(bid).recorded(NO_BINDING).requestContext(CTX).build();
  }

  private static ProvisionRequest provision(String id, String planId, Map<String, Object> params,
      boolean async) {
    return new ProvisionRequest(id, SERVICE, plan(planId), null, params, null, null, null, async,
        CTX);
  }

  private static DeprovisionRequest deprovision(String id, String planId, boolean async) {
    return new DeprovisionRequest(id, SERVICE, plan(planId), async, instance(id, planId), CTX);
  }

  private static BindRequest bind(String id, String bid, String planId, Map<String, Object> params,
      String predecessor, boolean async) {
    return new BindRequest(id, bid, SERVICE, plan(planId), null, null, params, predecessor, async,
        instance(id, planId), CTX);
  }

  private static FetchInstanceRequest fetch(String id) {
    return ProviderRequests.fetchInstance(SERVICE, plan(SYNC_PLAN_ID)).instanceId(id)
        .recorded(NONE).instance(instance(id, SYNC_PLAN_ID)).requestContext(CTX).build();
  }

  /** Asks the fake about operation {@code op}, or with null about its latest one. */
  private static LastOperation lastOp(FakeServiceBroker fake, String id, String op) {
    // the kit's builder asks only as the SDK does, about an operation id the provider named
    return fake.lastOperation(op == null ? new LastOperationRequest(id, null, null, null, CTX)
        : ProviderRequests.lastOperation(op).instanceId(id).requestContext(CTX).build());
  }

  private static void await(AsyncWork work) throws Exception {
    ((AsyncWork.Task) work).task().run();
  }

  @Test
  void provisionCreatesWithADashboardAndFetchShowsIt() {
    FakeServiceBroker fake = FakeServiceBroker.builder()
        .dashboardUrl(r -> "https://dash/" + r.instanceId()).build();
    ProvisionResult first = fake.provision(provision("i1", SYNC_PLAN_ID, Map.of("a", 1), false));
    assertThat(first).isEqualTo(ProvisionResult.created("https://dash/i1"));
    InstanceDetails details = fake.fetchInstance(fetch("i1"));
    assertThat(details.planId()).isEqualTo(SYNC_PLAN_ID);
    assertThat(details.parameters()).containsEntry("a", 1);
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
    ProvisionResult r = fake.provision(provision("i1", ASYNC_PLAN_ID, Map.of(), true));
    assertThat(r).isInstanceOf(ProvisionResult.Accepted.class);
    AsyncWork work = ((ProvisionResult.Accepted) r).work();
    assertThat(work).isInstanceOf(AsyncWork.Task.class);
    fake.completeAsyncOperations();
    await(work);
    assertThat(fake.fetchInstance(fetch("i1")).planId()).isEqualTo(ASYNC_PLAN_ID);
  }

  @Test
  void selfTrackedOperationsAnswerLastOperationThemselves() {
    FakeServiceBroker fake = FakeServiceBroker.builder()
        .asyncPlan(ASYNC_PLAN_ID, AsyncMode.SELF_TRACKED).asyncDuration(Duration.ofHours(1))
        .build();
    ProvisionResult r = fake.provision(provision("i1", ASYNC_PLAN_ID, Map.of(), true));
    AsyncWork work = ((ProvisionResult.Accepted) r).work();
    String op = ((AsyncWork.ProviderTracked) work).operation();
    assertThat(lastOp(fake, "i1", op).state()).isEqualTo(OperationState.IN_PROGRESS);
    fake.completeAsyncOperations();
    assertThat(lastOp(fake, "i1", op).state()).isEqualTo(OperationState.SUCCEEDED);
    assertThatThrownBy(() -> lastOp(fake, "i1", "bogus"))
        .isInstanceOfSatisfying(ServiceBrokerException.class,
            e -> assertThat(e.status()).isEqualTo(400));
    DeprovisionResult d = fake.deprovision(deprovision("i1", ASYNC_PLAN_ID, true));
    String delete = ((AsyncWork.ProviderTracked) ((DeprovisionResult.Accepted) d).work())
        .operation();
    fake.completeAsyncOperations();
    assertThatThrownBy(() -> lastOp(fake, "i1", delete))
        .isInstanceOfSatisfying(ServiceBrokerException.class,
            e -> assertThat(e.status()).isEqualTo(410));
  }

  @Test
  void deprovisionAndUnbindOfMissingResourcesAreGone() {
    FakeServiceBroker fake = FakeServiceBroker.builder().build();
    assertThatThrownBy(() -> fake.deprovision(deprovision("nope", SYNC_PLAN_ID, false)))
        .isInstanceOfSatisfying(ServiceBrokerException.class,
            e -> assertThat(e.status()).isEqualTo(410));
    fake.provision(provision("i1", SYNC_PLAN_ID, Map.of(), false));
    assertThatThrownBy(() -> fake.unbind(ProviderRequests.unbind(SERVICE, plan(SYNC_PLAN_ID))
        .instanceId("i1").bindingId("b9").acceptsIncomplete(false).requestContext(CTX).build()))
        .isInstanceOfSatisfying(ServiceBrokerException.class,
            e -> assertThat(e.status()).isEqualTo(410));
    assertThat(fake.deprovision(deprovision("i1", SYNC_PLAN_ID, false)))
        .isEqualTo(DeprovisionResult.deleted());
    assertThat(fake.instanceIds()).isEmpty();
  }

  @Test
  void bindReturnsCredentialsAndFetchGivesTheSame() {
    FakeServiceBroker fake = FakeServiceBroker.builder().build();
    fake.provision(provision("i1", SYNC_PLAN_ID, Map.of(), false));
    BindResult.Bound first = (BindResult.Bound) fake.bind(bind("i1", "b1", SYNC_PLAN_ID,
        Map.of("r", "x"), null, false));
    assertThat(first.credentials()).containsKeys("uri", "username", "password");
    assertThat(fake.fetchBinding(fetchBinding("i1", "b1")).credentials())
        .isEqualTo(first.credentials());
    assertThat(fake.bindingIds("i1")).containsExactly("b1");
  }

  @Test
  void rotationBindNeedsAnExistingPredecessor() {
    FakeServiceBroker fake = FakeServiceBroker.builder().build();
    fake.provision(provision("i1", SYNC_PLAN_ID, Map.of(), false));
    BindResult.Bound first = (BindResult.Bound) fake.bind(bind("i1", "b1", SYNC_PLAN_ID,
        Map.of(), null, false));
    BindResult.Bound rotated = (BindResult.Bound) fake.bind(bind("i1", "b2", SYNC_PLAN_ID,
        Map.of(), "b1", false));
    assertThat(rotated.credentials()).isNotEqualTo(first.credentials());
    assertThatThrownBy(() -> fake.bind(bind("i1", "b3", SYNC_PLAN_ID, Map.of(), "nope", false)))
        .isInstanceOfSatisfying(ServiceBrokerException.class,
            e -> assertThat(e.status()).isEqualTo(400));
    assertThat(fake.bindingIds("i1")).containsExactlyInAnyOrder("b1", "b2");
  }

  @Test
  void asyncBindCarriesNoCredentialsUntilItFinished() throws Exception {
    FakeServiceBroker fake = FakeServiceBroker.builder().asyncDuration(Duration.ofHours(1))
        .build();
    fake.provision(provision("i1", ASYNC_PLAN_ID, Map.of(), true));
    fake.completeAsyncOperations();
    BindResult r = fake.bind(bind("i1", "b1", ASYNC_PLAN_ID, Map.of(), null, true));
    assertThat(r).isInstanceOf(BindResult.Accepted.class);
    fake.completeAsyncOperations();
    await(((BindResult.Accepted) r).work());
    assertThat(fake.fetchBinding(fetchBinding("i1", "b1")).credentials()).isNotEmpty();
    assertThat(fake.bindingIds("i1")).containsExactly("b1");
    assertThat(UNBINDABLE_PLAN_ID).isNotBlank();
  }

  @Test
  void updateChangesThePlan() {
    FakeServiceBroker fake = FakeServiceBroker.builder().build();
    fake.provision(provision("i1", SYNC_PLAN_ID, Map.of(), false));
    fake.update(new UpdateRequest("i1", SERVICE, plan(UNBINDABLE_PLAN_ID), null, Map.of(), null,
        null, false, instance("i1", SYNC_PLAN_ID), CTX));
    assertThat(fake.fetchInstance(fetch("i1")).planId()).isEqualTo(UNBINDABLE_PLAN_ID);
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
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(50));
  }

  @Test
  void injectedAsyncFailureEndsTheOperationFailed() {
    FakeServiceBroker fake = FakeServiceBroker.builder().asyncDuration(Duration.ZERO).build();
    fake.failNextAsyncOperation(ServiceBrokerException.internalError("no capacity"));
    ProvisionResult r = fake.provision(provision("i1", ASYNC_PLAN_ID, Map.of(), true));
    assertThatThrownBy(() -> await(((ProvisionResult.Accepted) r).work()))
        .hasMessageContaining("no capacity");
    LastOperation op = lastOp(fake, "i1", null);
    assertThat(op.state()).isEqualTo(OperationState.FAILED);
    assertThat(op.description()).isEqualTo("no capacity");
  }

  @Test
  void anAsyncDurationTooLongToCountInNanosecondsRunsUntilCompleted() {
    FakeServiceBroker fake = FakeServiceBroker.builder()
        .asyncPlan(ASYNC_PLAN_ID, AsyncMode.SELF_TRACKED)
        .asyncDuration(Duration.ofSeconds(Long.MAX_VALUE)).build();
    ProvisionResult r = fake.provision(provision("i1", ASYNC_PLAN_ID, Map.of(), true));
    String op = ((AsyncWork.ProviderTracked) ((ProvisionResult.Accepted) r).work()).operation();

    assertThat(lastOp(fake, "i1", op).state()).isEqualTo(OperationState.IN_PROGRESS);
    fake.completeAsyncOperations();
    assertThat(lastOp(fake, "i1", op).state()).isEqualTo(OperationState.SUCCEEDED);
  }

  @Test
  void aDelayTooLongToCountInMillisecondsSleepsUntilTheCallIsInterrupted() throws Exception {
    FakeServiceBroker fake = FakeServiceBroker.builder().build();
    fake.delay(BrokerOperation.CATALOG, Duration.ofSeconds(Long.MAX_VALUE));
    AtomicReference<RuntimeException> thrown = new AtomicReference<>();
    Thread call = new Thread(() -> {
      try {
        fake.catalog();
      } catch (RuntimeException e) {
        thrown.set(e);
      }
    });

    call.start();
    call.interrupt();
    call.join(10_000);

    assertThat(call.isAlive()).isFalse();
    assertThat(thrown.get()).isInstanceOfSatisfying(ServiceBrokerException.class,
        e -> assertThat(e.description()).isEqualTo("Interrupted."));
  }
}
