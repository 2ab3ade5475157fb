package io.github.osbsdk.broker.core;

import io.github.osbsdk.broker.api.LastOperation;
import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.BindResponse;
import io.github.osbsdk.broker.api.binding.BindingDetails;
import io.github.osbsdk.broker.api.binding.FetchBindingRequest;
import io.github.osbsdk.broker.api.binding.UnbindRequest;
import io.github.osbsdk.broker.api.binding.UnbindResponse;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.MaintenanceInfo;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.Schemas;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionResponse;
import io.github.osbsdk.broker.api.instance.FetchInstanceRequest;
import io.github.osbsdk.broker.api.instance.InstanceDetails;
import io.github.osbsdk.broker.api.instance.LastOperationRequest;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResponse;
import io.github.osbsdk.broker.api.instance.UpdateRequest;
import io.github.osbsdk.broker.api.instance.UpdateResponse;
import io.github.osbsdk.broker.api.state.InstanceState;
import io.github.osbsdk.broker.api.state.InstanceStateUpdate;
import io.github.osbsdk.broker.api.RequestContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An in-memory broker for the HTTP tests. Plans: {@code plan-sync} (updateable, maintenance 1.0.0),
 * {@code plan-fixed} (not updateable), {@code plan-async} (SDK-tracked tasks that wait for
 * {@link #release}), {@code plan-provider} (provider-tracked async), {@code plan-nobind}; service
 * {@code svc-2} has {@code plan-other}. Parameter {@code "fail"}: {@code "runtime"} throws a
 * RuntimeException, {@code "async-task-fails"} makes the task throw a ServiceBrokerException,
 * {@code "bug-async"} answers async regardless of accepts_incomplete, {@code "bug-credentials"}
 * answers a 202 bind with credentials, {@code "long-operation"} returns a too-long operation.
 */
class TestServiceBroker implements ServiceBroker {
  static final String SERVICE = "svc-1";
  static final Map<String, Object> SIZE_SCHEMA = Map.of(
      "$schema", "http://json-schema.org/draft-04/schema#", "type", "object",
      "properties", Map.of("size", Map.of("type", "integer")), "required", List.of("size"));
  static final Catalog CATALOG = Catalog.of(
      ServiceOffering.builder(SERVICE, "test-service", "A test service").bindable(true)
          .instancesRetrievable(true).bindingsRetrievable(true)
          .plan(Plan.builder("plan-sync", "sync", "Synchronous plan").planUpdateable(true)
              .maintenanceInfo(MaintenanceInfo.of("1.0.0")).build())
          .plan(Plan.builder("plan-fixed", "fixed", "Not updateable").planUpdateable(false).build())
          .plan(Plan.builder("plan-async", "async", "SDK-tracked async plan").build())
          .plan(Plan.builder("plan-provider", "provider", "Provider-tracked async plan").build())
          .plan(Plan.builder("plan-nobind", "nobind", "Not bindable").bindable(false).build())
          .plan(Plan.builder("plan-schema", "schema", "Plan with parameter schemas")
              .schemas(Schemas.of(SIZE_SCHEMA, SIZE_SCHEMA, SIZE_SCHEMA)).build())
          .build(),
      ServiceOffering.builder("svc-2", "other-service", "Another service").bindable(false)
          .plan(Plan.builder("plan-other", "other", "Other plan").build())
          .build());

  record Instance(String planId, Map<String, Object> parameters) {}

  record Binding(Map<String, Object> parameters) {}

  final Map<String, Instance> instances = new ConcurrentHashMap<>();
  final Map<String, Binding> bindings = new ConcurrentHashMap<>();
  final Map<String, String> providerOps = new ConcurrentHashMap<>();
  final Map<String, InstanceState> stateChanges = new ConcurrentHashMap<>();
  volatile CountDownLatch release = new CountDownLatch(0);
  volatile RequestContext lastContext;

  @Override
  public Catalog catalog() {
    return CATALOG;
  }

  void holdAsyncTasks() {
    release = new CountDownLatch(1);
  }

  void releaseAsyncTasks() {
    release.countDown();
  }

  private void await() throws InterruptedException {
    if (!release.await(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("test did not release the task");
    }
  }

  private static String fail(Map<String, Object> parameters) {
    Object f = parameters.get("fail");
    if ("runtime".equals(f)) {
      throw new IllegalStateException("secret internal detail");
    }
    return f instanceof String s ? s : "";
  }

  @Override
  public ProvisionResponse provision(ProvisionRequest request) {
    lastContext = request.requestContext();
    String fail = fail(request.parameters());
    Instance wanted = new Instance(request.planId(), request.parameters());
    Instance existing = instances.get(request.instanceId());
    if (existing != null) {
      if (existing.equals(wanted)) {
        return ProvisionResponse.builder().alreadyExists().build();
      }
      throw ServiceBrokerException.conflict("The instance exists with other attributes.");
    }
    if (fail.equals("flags")) {
      throw ServiceBrokerException.badRequest("bad").withInstanceUsable(true)
          .withUpdateRepeatable(true);
    }
    if (fail.equals("bug-async")) {
      return ProvisionResponse.builder().async("op").build();
    }
    if (fail.equals("bug-null")) {
      return null;
    }
    if (fail.equals("long-operation")) {
      return ProvisionResponse.builder().async("x".repeat(10_001)).build();
    }
    if (request.planId().equals("plan-async") || request.planId().equals("plan-provider")) {
      if (!request.acceptsIncomplete()) {
        throw ServiceBrokerException.asyncRequired();
      }
      if (request.planId().equals("plan-provider")) {
        instances.put(request.instanceId(), wanted);
        providerOps.put(request.instanceId(), "in progress");
        return ProvisionResponse.builder().dashboardUrl("https://dash/" + request.instanceId())
            .async("provider-op-1").build();
      }
      return ProvisionResponse.builder().dashboardUrl("https://dash/" + request.instanceId())
          .runAsync(() -> {
            await();
            if (fail.equals("async-task-fails")) {
              throw ServiceBrokerException.badRequest("The region is full.");
            }
            if (fail.equals("async-task-crashes")) {
              throw new IllegalStateException("secret crash");
            }
            instances.put(request.instanceId(), wanted);
          }).build();
    }
    instances.put(request.instanceId(), wanted);
    return ProvisionResponse.builder().dashboardUrl("https://dash/" + request.instanceId())
        .build();
  }

  @Override
  public UpdateResponse update(UpdateRequest request) {
    lastContext = request.requestContext();
    Instance existing = instances.get(request.instanceId());
    if (existing == null) {
      throw ServiceBrokerException.notFound("no such instance");
    }
    if ("usable".equals(request.parameters().get("fail"))) {
      throw ServiceBrokerException.badRequest("nope").withInstanceUsable(true)
          .withUpdateRepeatable(false);
    }
    String plan = request.planId() != null ? request.planId() : existing.planId();
    if (existing.planId().equals("plan-async") && !request.acceptsIncomplete()) {
      throw ServiceBrokerException.asyncRequired();
    }
    if (existing.planId().equals("plan-async")) {
      return UpdateResponse.runAsync(() -> {
        await();
        instances.put(request.instanceId(), new Instance(plan, request.parameters()));
      });
    }
    instances.put(request.instanceId(), new Instance(plan, request.parameters()));
    return UpdateResponse.done();
  }

  @Override
  public DeprovisionResponse deprovision(DeprovisionRequest request) {
    lastContext = request.requestContext();
    Instance existing = instances.get(request.instanceId());
    if (existing == null) {
      throw ServiceBrokerException.gone("The instance does not exist.");
    }
    if (existing.planId().equals("plan-async")) {
      if (!request.acceptsIncomplete()) {
        throw ServiceBrokerException.asyncRequired();
      }
      return DeprovisionResponse.runAsync(() -> {
        await();
        instances.remove(request.instanceId());
      });
    }
    instances.remove(request.instanceId());
    return DeprovisionResponse.done();
  }

  @Override
  public InstanceDetails fetchInstance(FetchInstanceRequest request) {
    Instance i = instances.get(request.instanceId());
    if (i == null) {
      throw ServiceBrokerException.notFound("The instance does not exist.");
    }
    return new InstanceDetails(SERVICE, i.planId(), null, i.parameters(), null, null);
  }

  volatile String lastOperationParam;

  @Override
  public LastOperation lastBindingOperation(
      io.github.osbsdk.broker.api.binding.BindingLastOperationRequest request) {
    lastOperationParam = request.operation();
    return LastOperation.failed("bind failed").withInstanceUsable(true)
        .withUpdateRepeatable(true).withRetryAfter(3);
  }

  @Override
  public LastOperation lastOperation(LastOperationRequest request) {
    lastOperationParam = request.operation();
    String state = providerOps.get(request.instanceId());
    if (state == null) {
      throw ServiceBrokerException.notFound("No operation is known.");
    }
    LastOperation op = state.equals("succeeded") ? LastOperation.succeeded()
        : LastOperation.inProgress("working").withRetryAfter(7);
    return op.withInstanceUsable(true);
  }

  @Override
  public BindResponse bind(BindRequest request) {
    lastContext = request.requestContext();
    if (!instances.containsKey(request.instanceId())) {
      throw ServiceBrokerException.notFound("no instance");
    }
    String fail = fail(request.parameters());
    if (fail.equals("requires-app") && request.appGuid() == null) {
      throw ServiceBrokerException.requiresApp();
    }
    if (fail.equals("bug-credentials")) {
      return BindResponse.builder().credentials(Map.of("password", "p")).async("op").build();
    }
    String key = request.instanceId() + "/" + request.bindingId();
    Binding wanted = new Binding(request.parameters());
    Binding existing = bindings.get(key);
    if (existing != null) {
      if (existing.equals(wanted)) {
        return BindResponse.builder().credentials(Map.of("user", "u")).alreadyExists().build();
      }
      throw ServiceBrokerException.conflict("The binding exists with other parameters.");
    }
    if (!request.acceptsIncomplete() && "async".equals(fail)) {
      throw ServiceBrokerException.asyncRequired();
    }
    if (request.acceptsIncomplete() && "async".equals(fail)) {
      return BindResponse.builder().runAsync(() -> {
        await();
        bindings.put(key, wanted);
      }).build();
    }
    bindings.put(key, wanted);
    return BindResponse.builder().credentials(Map.of("user", "u", "password", "p"))
        .endpoints(List.of(new io.github.osbsdk.broker.api.binding.Endpoint("db.example",
            List.of("5432"), null)))
        .build();
  }

  @Override
  public UnbindResponse unbind(UnbindRequest request) {
    String key = request.instanceId() + "/" + request.bindingId();
    Binding b = bindings.get(key);
    if (b == null) {
      throw ServiceBrokerException.gone("The binding does not exist.");
    }
    if ("async".equals(b.parameters().get("fail"))) {
      if (!request.acceptsIncomplete()) {
        throw ServiceBrokerException.asyncRequired();
      }
      return UnbindResponse.runAsync(() -> {
        await();
        bindings.remove(key);
      });
    }
    bindings.remove(key);
    return UnbindResponse.done();
  }

  @Override
  public BindingDetails fetchBinding(FetchBindingRequest request) {
    Binding b = bindings.get(request.instanceId() + "/" + request.bindingId());
    if (b == null) {
      throw ServiceBrokerException.notFound("The binding does not exist.");
    }
    return new BindingDetails(Map.of("user", "u"), null, null, null, null, b.parameters(), null);
  }

  @Override
  public void instanceStateChanged(String instanceId, InstanceState state,
      InstanceStateUpdate update, RequestContext context) {
    stateChanges.put(instanceId, state);
  }
}
