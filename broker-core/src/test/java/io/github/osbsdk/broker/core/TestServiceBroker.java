package io.github.osbsdk.broker.core;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.LastOperation;
import io.github.osbsdk.broker.api.RequestContext;
import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.BindResult;
import io.github.osbsdk.broker.api.binding.BindingDetails;
import io.github.osbsdk.broker.api.binding.FetchBindingRequest;
import io.github.osbsdk.broker.api.binding.UnbindRequest;
import io.github.osbsdk.broker.api.binding.UnbindResult;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.MaintenanceInfo;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.Schemas;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionResult;
import io.github.osbsdk.broker.api.instance.InstanceMetadata;
import io.github.osbsdk.broker.api.instance.LastOperationRequest;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.api.instance.UpdateRequest;
import io.github.osbsdk.broker.api.instance.UpdateResult;
import io.github.osbsdk.broker.api.state.InstanceState;
import io.github.osbsdk.broker.api.state.InstanceStateRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory broker for the HTTP tests. Plans: {@code plan-sync} (updateable, bindings
 * rotatable, maintenance 1.0.0),
 * {@code plan-fixed} (not updateable), {@code plan-async} (SDK-tracked tasks that wait for
 * {@link #release}), {@code plan-provider} (provider-tracked async), {@code plan-nobind}; service
 * {@code svc-2} has {@code plan-other}. Parameter {@code "fail"}: {@code "runtime"} throws a
 * RuntimeException, {@code "unavailable"} a TemporarilyUnavailableException, {@code "checked"}
 * an undeclared IOException, {@code "async-task-fails"}
 * makes the task throw a ServiceBrokerException,
 * {@code "bug-async"} answers async (provider-tracked) regardless of accepts_incomplete,
 * {@code "bug-async-task"} answers an async task regardless of it, {@code "dashboard:URL"}
 * answers 201 with that dashboard URL, {@code "long-operation"}
 * returns a too-long provider operation id, {@code "empty-error"} throws an error with empty
 * code and description, {@code "cyclic-metadata"} answers metadata Jackson cannot write (a map
 * that holds itself; asynchronously when the request accepts it; also on update); bind parameter
 * {@code "fail"}: {@code "syslog"} answers a syslog drain URL (svc-1 declares no
 * {@code requires}), {@code "no-ports"} an endpoint without ports, {@code "port"} an endpoint
 * with the parameter {@code "port"} as its second port, {@code "host"} an endpoint whose host is
 * the parameter {@code "host"}, {@code "cyclic-credentials"}
 * credentials Jackson cannot write next to a secret, {@code "async-fails"} an async task that
 * fails. The
 * broker keeps no idempotency state of its own: the SDK's registry answers repeats and conflicts.
 */
class TestServiceBroker implements ServiceBroker {
  /** How often the task of {@code "bug-async-task"} ran. */
  final java.util.concurrent.atomic.AtomicInteger bugTaskRuns =
      new java.util.concurrent.atomic.AtomicInteger();
  static final String SERVICE = "svc-1";
  static final Map<String, Object> SIZE_SCHEMA = Map.of(
      "$schema", "http://json-schema.org/draft-04/schema#", "type", "object",
      "properties", Map.of("size", Map.of("type", "integer")), "required", List.of("size"));
  static final Catalog CATALOG = Catalog.of(
      ServiceOffering.builder(SERVICE, "test-service", "A test service").bindable(true)
          .instancesRetrievable(true).bindingsRetrievable(true)
          .plan(Plan.builder("plan-sync", "sync", "Synchronous plan").planUpdateable(true)
              .bindingRotatable(true).maintenanceInfo(MaintenanceInfo.of("1.0.0")).build())
          .plan(Plan.builder("plan-fixed", "fixed", "Not updateable").planUpdateable(false).build())
          .plan(Plan.builder("plan-async", "async", "SDK-tracked async plan").build())
          .plan(Plan.builder("plan-provider", "provider", "Provider-tracked async plan").build())
          .plan(Plan.builder("plan-nobind", "nobind", "Not bindable").bindable(false).build())
          .plan(Plan.builder("plan-schema", "schema", "Plan with parameter schemas")
              .schemas(Schemas.builder().instanceCreate(SIZE_SCHEMA).instanceUpdate(SIZE_SCHEMA)
                  .bindingCreate(SIZE_SCHEMA).build()).build())
          .build(),
      ServiceOffering.builder("svc-2", "other-service", "Another service").bindable(false)
          .plan(Plan.builder("plan-other", "other", "Other plan").build())
          .build());

  /** A map that holds itself: Jackson cannot write it. */
  static Map<String, Object> cyclic() {
    Map<String, Object> m = new java.util.HashMap<>();
    m.put("self", m);
    return m;
  }

  record Instance(String planId, Map<String, Object> parameters) {}

  record Binding(Map<String, Object> parameters) {}

  final Map<String, Instance> instances = new ConcurrentHashMap<>();
  final Map<String, Binding> bindings = new ConcurrentHashMap<>();
  final Map<String, String> providerOps = new ConcurrentHashMap<>();
  final Map<String, InstanceState> stateChanges = new ConcurrentHashMap<>();
  volatile CountDownLatch release = new CountDownLatch(0);
  volatile RequestContext lastContext;
  final AtomicInteger provisionCalls = new AtomicInteger();
  final AtomicInteger bindCalls = new AtomicInteger();

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
    if ("unavailable".equals(f)) {
      throw new io.github.osbsdk.broker.api.TemporarilyUnavailableException("backend busy");
    }
    if ("unavailable-wrapped".equals(f)) {
      throw new IllegalStateException(
          new io.github.osbsdk.broker.api.TemporarilyUnavailableException("backend busy"));
    }
    if ("unavailable-future".equals(f)) {
      throw new java.util.concurrent.CompletionException(
          new io.github.osbsdk.broker.api.TemporarilyUnavailableException("backend busy"));
    }
    if ("checked".equals(f)) {
      // what a provider written in Kotlin throws: a checked exception it does not declare
      TestServiceBroker.<RuntimeException>sneakyThrow(
          new java.io.IOException("secret internal detail"));
    }
    return f instanceof String s ? s : "";
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> void sneakyThrow(Throwable t) throws E {
    throw (E) t;
  }

  @Override
  public ProvisionResult provision(ProvisionRequest request) {
    lastContext = request.requestContext();
    provisionCalls.incrementAndGet();
    String fail = fail(request.parameters());
    Instance wanted = new Instance(request.planId(), request.parameters());
    if (fail.equals("flags")) {
      throw ServiceBrokerException.badRequest("bad").withInstanceUsable(true)
          .withUpdateRepeatable(true);
    }
    if (fail.equals("bug-async")) {
      return ProvisionResult.accepted(AsyncWork.trackedByProvider("op"));
    }
    if (fail.equals("bug-async-task")) {
      return ProvisionResult.accepted(AsyncWork.task(() -> bugTaskRuns.incrementAndGet()));
    }
    if (fail.equals("empty-error")) {
      throw new ServiceBrokerException(422, "", "");
    }
    if (fail.equals("bug-null")) {
      return null;
    }
    if (fail.startsWith("dashboard:")) {
      return ProvisionResult.created(fail.substring("dashboard:".length()));
    }
    if (fail.equals("cyclic-metadata")) {
      InstanceMetadata metadata = new InstanceMetadata(Map.of("k", "v"),
          Map.of("loop", cyclic()));
      return request.acceptsIncomplete()
          ? ProvisionResult.accepted(AsyncWork.task(() -> { })).withMetadata(metadata)
          : ProvisionResult.created("https://dash/x").withMetadata(metadata);
    }
    if (fail.equals("long-operation")) {
      return ProvisionResult.accepted(AsyncWork.trackedByProvider("x".repeat(10_001)));
    }
    if (request.planId().equals("plan-async") || request.planId().equals("plan-provider")) {
      if (!request.acceptsIncomplete()) {
        throw ServiceBrokerException.asyncRequired();
      }
      if (request.planId().equals("plan-provider")) {
        instances.put(request.instanceId(), wanted);
        providerOps.put(request.instanceId(), "in progress");
        return ProvisionResult.accepted(AsyncWork.trackedByProvider("provider-op-1"))
            .withDashboardUrl("https://dash/" + request.instanceId());
      }
      return ProvisionResult.accepted(AsyncWork.task(() -> {
        await();
        if (fail.equals("async-task-fails")) {
          throw ServiceBrokerException.badRequest("The region is full.");
        }
        if (fail.equals("async-task-crashes")) {
          throw new IllegalStateException("secret crash");
        }
        instances.put(request.instanceId(), wanted);
      })).withDashboardUrl("https://dash/" + request.instanceId());
    }
    instances.put(request.instanceId(), wanted);
    return ProvisionResult.created("https://dash/" + request.instanceId());
  }

  @Override
  public UpdateResult update(UpdateRequest request) {
    lastContext = request.requestContext();
    if ("cyclic-metadata".equals(request.parameters().get("fail"))) {
      return UpdateResult.updated().withMetadata(new InstanceMetadata(null,
          Map.of("loop", cyclic())));
    }
    if ("usable".equals(request.parameters().get("fail"))) {
      throw ServiceBrokerException.badRequest("nope").withInstanceUsable(true)
          .withUpdateRepeatable(false);
    }
    String plan = request.planId() != null ? request.planId() : request.instance().planId();
    if (request.instance().planId().equals("plan-async") && !request.acceptsIncomplete()) {
      throw ServiceBrokerException.asyncRequired();
    }
    if (request.instance().planId().equals("plan-async")) {
      return UpdateResult.accepted(AsyncWork.task(() -> {
        await();
        instances.put(request.instanceId(), new Instance(plan, request.parameters()));
      }));
    }
    instances.put(request.instanceId(), new Instance(plan, request.parameters()));
    return UpdateResult.updated();
  }

  @Override
  public DeprovisionResult deprovision(DeprovisionRequest request) {
    lastContext = request.requestContext();
    Instance existing = instances.get(request.instanceId());
    if (existing == null) {
      throw ServiceBrokerException.gone("The instance does not exist.");
    }
    if (existing.planId().equals("plan-async")) {
      if (!request.acceptsIncomplete()) {
        throw ServiceBrokerException.asyncRequired();
      }
      return DeprovisionResult.accepted(AsyncWork.task(() -> {
        await();
        instances.remove(request.instanceId());
      }));
    }
    instances.remove(request.instanceId());
    return DeprovisionResult.deleted();
  }

  volatile String lastOperationParam;

  @Override
  public LastOperation lastBindingOperation(
      io.github.osbsdk.broker.api.binding.BindingLastOperationRequest request) {
    lastOperationParam = request.operation();
    return LastOperation.failed("bind failed").withInstanceUsable(true)
        .withUpdateRepeatable(true);
  }

  @Override
  public LastOperation lastOperation(LastOperationRequest request) {
    lastOperationParam = request.operation();
    String state = providerOps.get(request.instanceId());
    if (state == null) {
      throw ServiceBrokerException.notFound("No operation is known.");
    }
    return state.equals("succeeded") ? LastOperation.succeeded()
        : LastOperation.inProgress("working").withRetryAfter(java.time.Duration.ofSeconds(7));
  }

  @Override
  public BindResult bind(BindRequest request) {
    lastContext = request.requestContext();
    bindCalls.incrementAndGet();
    String fail = fail(request.parameters());
    if (fail.equals("requires-app") && request.appGuid() == null) {
      throw ServiceBrokerException.requiresApp();
    }
    String key = request.instanceId() + "/" + request.bindingId();
    Binding wanted = new Binding(request.parameters());
    if (!request.acceptsIncomplete() && "async".equals(fail)) {
      throw ServiceBrokerException.asyncRequired();
    }
    if ("provider".equals(fail)) {
      bindings.put(key, wanted);
      return BindResult.accepted(AsyncWork.trackedByProvider("bind-op-1"));
    }
    if (request.acceptsIncomplete() && "async-fails".equals(fail)) {
      return BindResult.accepted(() -> {
        throw ServiceBrokerException.badRequest("The key store is full.");
      });
    }
    if (request.acceptsIncomplete() && "async".equals(fail)) {
      return BindResult.accepted(() -> {
        await();
        bindings.put(key, wanted);
        return BindResult.bound(null);
      });
    }
    if ("syslog".equals(fail)) {
      bindings.put(key, wanted);
      return BindResult.builder().credentials(Map.of("user", "u"))
          .syslogDrainUrl("syslog-tls://logs.example:6514").build();
    }
    if ("cyclic-credentials".equals(fail)) {
      bindings.put(key, wanted);
      return BindResult.bound(Map.of("password", "hunter2", "loop", cyclic()));
    }
    if ("port".equals(fail)) {
      bindings.put(key, wanted);
      return BindResult.builder().credentials(Map.of("user", "u"))
          .endpoints(List.of(new io.github.osbsdk.broker.api.binding.Endpoint("db.example",
              List.of("5432", (String) request.parameters().get("port")), "tcp"))).build();
    }
    if ("host".equals(fail)) {
      bindings.put(key, wanted);
      return BindResult.builder().credentials(Map.of("user", "u"))
          .endpoints(List.of(new io.github.osbsdk.broker.api.binding.Endpoint(
              (String) request.parameters().get("host"), List.of("5432"), "tcp"))).build();
    }
    if ("no-ports".equals(fail)) {
      bindings.put(key, wanted);
      return BindResult.builder().credentials(Map.of("user", "u"))
          .endpoints(List.of(new io.github.osbsdk.broker.api.binding.Endpoint("db.example",
              List.of(), "sctp"))).build();
    }
    bindings.put(key, wanted);
    return BindResult.builder().credentials(Map.of("user", "u", "password", "p"))
        .endpoints(List.of(new io.github.osbsdk.broker.api.binding.Endpoint("db.example",
            List.of("5432"), null)))
        .build();
  }

  @Override
  public UnbindResult unbind(UnbindRequest request) {
    String key = request.instanceId() + "/" + request.bindingId();
    Binding b = bindings.get(key);
    if (b == null) {
      throw ServiceBrokerException.gone("The binding does not exist.");
    }
    if ("async".equals(b.parameters().get("fail"))) {
      if (!request.acceptsIncomplete()) {
        throw ServiceBrokerException.asyncRequired();
      }
      return UnbindResult.accepted(AsyncWork.task(() -> {
        await();
        bindings.remove(key);
      }));
    }
    bindings.remove(key);
    return UnbindResult.unbound();
  }

  @Override
  public BindingDetails fetchBinding(FetchBindingRequest request) {
    BindingDetails r = request.recorded();
    return new BindingDetails(Map.of("user", "u", "password", "p"), r.syslogDrainUrl(),
        r.routeServiceUrl(), r.volumeMounts(), r.endpoints(), r.parameters(), r.metadata());
  }

  @Override
  public void instanceStateChanged(InstanceStateRequest request) {
    stateChanges.put(request.instanceId(), request.state());
  }
}
