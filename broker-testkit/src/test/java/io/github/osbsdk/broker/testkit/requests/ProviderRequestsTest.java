package io.github.osbsdk.broker.testkit.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.api.OperationType;
import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.StepContext;
import io.github.osbsdk.broker.api.binding.BindingDetails;
import io.github.osbsdk.broker.api.binding.BindingLastOperationRequest;
import io.github.osbsdk.broker.api.binding.FetchBindingRequest;
import io.github.osbsdk.broker.api.binding.UnbindRequest;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.api.instance.FetchInstanceRequest;
import io.github.osbsdk.broker.api.instance.InstanceDetails;
import io.github.osbsdk.broker.api.instance.LastOperationRequest;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The kit's request builders start from the smallest valid request about the default instance
 * (and binding) of the given plan, and set what a test names.
 */
class ProviderRequestsTest {
  private static final Plan SMALL = Plan.builder("plan-small", "small", "Small").build();
  private static final ServiceOffering QUEUE = ServiceOffering.builder("svc-queue", "queue",
      "Queues").bindable(true).plan(SMALL).build();

  @Test
  void unbindIsAboutTheDefaultBindingOfTheDefaultInstance() {
    UnbindRequest r = ProviderRequests.unbind(QUEUE, SMALL).build();

    assertThat(r.instanceId()).isEqualTo("instance-1");
    assertThat(r.bindingId()).isEqualTo("binding-1");
    assertThat(r.acceptsIncomplete()).isTrue();
    assertThat(r.instance().id()).isEqualTo("instance-1");
    assertThat(r.binding().bindingId()).isEqualTo("binding-1");
    assertThat(r.binding().planId()).isEqualTo("plan-small");
    assertThat(r.plan()).isSameAs(SMALL);
  }

  @Test
  void unbindTakesTheIdsAndWhatTheRegistryHolds() {
    UnbindRequest r = ProviderRequests.unbind(QUEUE, SMALL).instanceId("q-1").bindingId("k-1")
        .acceptsIncomplete(false).build();

    assertThat(r.instance().id()).isEqualTo("q-1");
    assertThat(r.binding().instanceId()).isEqualTo("q-1");
    assertThat(r.binding().bindingId()).isEqualTo("k-1");
    assertThat(r.acceptsIncomplete()).isFalse();
  }

  @Test
  void fetchInstanceRecordsTheServiceAndPlanAndSendsNoQueryByDefault() {
    FetchInstanceRequest r = ProviderRequests.fetchInstance(QUEUE, SMALL).build();

    assertThat(r.recorded().serviceId()).isEqualTo("svc-queue");
    assertThat(r.recorded().planId()).isEqualTo("plan-small");
    assertThat(r.serviceId()).isNull();
    assertThat(r.planId()).isNull();

    InstanceDetails recorded = r.recorded().withDashboardUrl("https://dash.example/q-1");
    FetchInstanceRequest sent = ProviderRequests.fetchInstance(QUEUE, SMALL)
        .query("svc-queue", "plan-small").recorded(recorded).build();
    assertThat(sent.serviceId()).isEqualTo("svc-queue");
    assertThat(sent.recorded().dashboardUrl()).isEqualTo("https://dash.example/q-1");
  }

  @Test
  void fetchBindingIsAGetUnlessARepeatedBindIsAsked() {
    FetchBindingRequest get = ProviderRequests.fetchBinding(QUEUE, SMALL).build();
    FetchBindingRequest repeat = ProviderRequests.fetchBinding(QUEUE, SMALL).repeatedBind(true)
        .recorded(new BindingDetails(Map.of("user", "u"), null, null, null, null, null, null))
        .build();

    assertThat(get.repeatedBind()).isFalse();
    assertThat(get.recorded().credentials()).isNull();
    assertThat(get.binding().bindingId()).isEqualTo("binding-1");
    assertThat(repeat.repeatedBind()).isTrue();
    assertThat(repeat.recorded().credentials()).containsEntry("user", "u");
  }

  @Test
  void lastOperationsCarryTheProvidersOperationId() {
    RequestContext ctx = RequestContext.of("poll-1");
    LastOperationRequest instance = ProviderRequests.lastOperation("op-7").instanceId("q-1")
        .query("svc-queue", null).requestContext(ctx).build();
    BindingLastOperationRequest binding = ProviderRequests.lastBindingOperation("op-8").build();

    assertThat(instance.operation()).isEqualTo("op-7");
    assertThat(instance.instanceId()).isEqualTo("q-1");
    assertThat(instance.serviceId()).isEqualTo("svc-queue");
    assertThat(instance.planId()).isNull();
    assertThat(instance.requestContext().requestId()).isEqualTo("poll-1");
    assertThat(binding.operation()).isEqualTo("op-8");
    assertThat(binding.bindingId()).isEqualTo("binding-1");
  }

  @Test
  void stepContextNamesABindingOnlyForBindingOperationsAndSeesArgumentsAsJson() {
    StepContext provision = ProviderRequests.stepContext(OperationType.PROVISION)
        .arguments(Map.of("n", 5L)).build();
    StepContext bind = ProviderRequests.stepContext(OperationType.BIND).attempt(2).build();

    assertThat(provision.bindingId()).isNull();
    assertThat(provision.attempt()).isEqualTo(1);
    assertThat(provision.operationId()).isEqualTo("operation-1");
    assertThat(provision.arguments().get("n")).isEqualTo(5);
    assertThat(bind.bindingId()).isEqualTo("binding-1");
    assertThat(bind.attempt()).isEqualTo(2);
  }

  @Test
  void aLastOperationWithoutTheProvidersOperationIdIsRefusedWhereTheNullIsPassed() {
    assertRefused(() -> ProviderRequests.lastOperation(null), "operation");
    assertRefused(() -> ProviderRequests.lastBindingOperation(null), "operation");
  }

  @Test
  void aNullIdContextOrRecordedValueIsRefusedByTheSetterItIsPassedTo() {
    assertRefused(() -> ProviderRequests.lastOperation("op").instanceId(null), "id");
    assertRefused(() -> ProviderRequests.lastBindingOperation("op").bindingId(null), "id");
    assertRefused(() -> ProviderRequests.provision(QUEUE, SMALL).requestContext(null), "ctx");
    assertRefused(() -> ProviderRequests.update(QUEUE, SMALL).instance(null), "stored");
    assertRefused(() -> ProviderRequests.deprovision(QUEUE, SMALL).instanceId(null), "id");
    assertRefused(() -> ProviderRequests.bind(QUEUE, SMALL).bindingId(null), "id");
    assertRefused(() -> ProviderRequests.unbind(QUEUE, SMALL).binding(null), "stored");
    assertRefused(() -> ProviderRequests.fetchInstance(QUEUE, SMALL).recorded(null), "details");
    assertRefused(() -> ProviderRequests.fetchBinding(QUEUE, SMALL).recorded(null), "details");
    assertRefused(() -> ProviderRequests.stepContext(OperationType.PROVISION).operationId(null),
        "id");
    assertRefused(() -> ProviderRequests.instance("i", null, SMALL), "service");
    assertRefused(() -> ProviderRequests.binding("i", "b", QUEUE, null), "plan");
  }

  @Test
  void aStepContextOfAnInstanceOperationTakesANullBindingId() {
    StepContext step = ProviderRequests.stepContext(OperationType.PROVISION).bindingId(null)
        .build();

    assertThat(step.bindingId()).isNull();
  }

  private static void assertRefused(ThrowingCallable call, String parameter) {
    assertThatThrownBy(call).isInstanceOf(NullPointerException.class)
        .hasMessage(parameter + " == null");
  }
}
