package io.github.osbsdk.broker.testkit.support;

import io.github.osbsdk.broker.api.AsyncWork;
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
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.api.instance.UpdateRequest;
import io.github.osbsdk.broker.api.instance.UpdateResult;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small, correct, in-memory {@link ServiceBroker} for the suite's own tests: two services, an
 * updateable plan with a parameter schema, a plan with maintenance info, an async-only plan run
 * through the SDK's operation tracker, and a non-bindable service.
 */
public final class ExampleServiceBroker implements ServiceBroker {
  /** The async-only plan. */
  public static final String ASYNC_PLAN = "db-async";

  private record Instance(String serviceId, String planId, Map<String, Object> parameters) {}

  private record Binding(String appGuid, Map<String, Object> parameters,
      Map<String, Object> credentials) {}

  private static final Catalog CATALOG = Catalog.of(
      ServiceOffering.builder("svc-db", "example-db", "An example database")
          .bindable(true).instancesRetrievable(true).bindingsRetrievable(true)
          .plan(Plan.builder("db-small", "small", "Small").planUpdateable(true)
              .bindingRotatable(true)
              .schemas(Schemas.builder().instanceCreate(Map.of(
                  "$schema", "http://json-schema.org/draft-04/schema#",
                  "type", "object",
                  "properties", Map.of("size", Map.of("type", "integer", "minimum", 1),
                      "location", Map.of("type", "string")))).build())
              .build())
          .plan(Plan.builder("db-large", "large", "Large")
              .maintenanceInfo(MaintenanceInfo.of("1.2.0")).build())
          .plan(Plan.builder(ASYNC_PLAN, "async", "Provisioned in the background")
              .maximumPollingDuration(30).build())
          .build(),
      ServiceOffering.builder("svc-queue", "example-queue", "An example queue")
          .bindable(false)
          .plan(Plan.builder("queue-basic", "basic", "Basic").build())
          .build());

  private final Map<String, Instance> instances = new ConcurrentHashMap<>();
  private final Map<String, Binding> bindings = new ConcurrentHashMap<>();

  @Override
  public Catalog catalog() {
    return CATALOG;
  }

  @Override
  public ProvisionResult provision(ProvisionRequest request) {
    if (ASYNC_PLAN.equals(request.planId())) {
      if (!request.acceptsIncomplete()) {
        throw ServiceBrokerException.asyncRequired();
      }
      return ProvisionResult.accepted(AsyncWork.task(() -> {
        // long enough that the kit's update during the provision (concurrency.error) arrives
        // before it ends, even on a loaded machine (50 ms was not, once: load average 19)
        Thread.sleep(400);
        instances.put(request.instanceId(), new Instance(request.serviceId(), request.planId(),
            request.parameters()));
      }));
    }
    instances.put(request.instanceId(), new Instance(request.serviceId(), request.planId(),
        request.parameters()));
    return ProvisionResult.created();
  }

  @Override
  public DeprovisionResult deprovision(DeprovisionRequest request) {
    instances.remove(request.instanceId());
    bindings.keySet().removeIf(k -> k.startsWith(request.instanceId() + "\n"));
    if (ASYNC_PLAN.equals(request.plan().id()) && request.acceptsIncomplete()) {
      return DeprovisionResult.accepted(AsyncWork.task(() -> Thread.sleep(50)));
    }
    return DeprovisionResult.deleted();
  }

  @Override
  public UpdateResult update(UpdateRequest request) {
    Instance i = instances.get(request.instanceId());
    String plan = request.planId() != null ? request.planId() : request.instance().planId();
    instances.put(request.instanceId(), new Instance(request.serviceId(), plan,
        request.parameters().isEmpty() && i != null ? i.parameters() : request.parameters()));
    return UpdateResult.updated();
  }

  @Override
  public BindResult bind(BindRequest request) {
    if (request.predecessorBindingId() != null
        && !bindings.containsKey(key(request.instanceId(), request.predecessorBindingId()))) {
      throw ServiceBrokerException.badRequest("No such predecessor binding.");
    }
    Binding wanted = new Binding(request.appGuid(), request.parameters(),
        Map.of("uri", "example://" + request.bindingId(), "password", "pw-" + request.bindingId()));
    bindings.put(key(request.instanceId(), request.bindingId()), wanted);
    return BindResult.bound(wanted.credentials());
  }

  @Override
  public UnbindResult unbind(UnbindRequest request) {
    bindings.remove(key(request.instanceId(), request.bindingId()));
    return UnbindResult.unbound();
  }

  @Override
  public BindingDetails fetchBinding(FetchBindingRequest request) {
    Binding b = bindings.get(key(request.instanceId(), request.bindingId()));
    BindingDetails r = request.recorded();
    return b == null ? r : new BindingDetails(b.credentials(), r.syslogDrainUrl(),
        r.routeServiceUrl(), r.volumeMounts(), r.endpoints(), r.parameters(), r.metadata());
  }

  private static String key(String instanceId, String bindingId) {
    return instanceId + "\n" + bindingId;
  }

  /** @return the ids of the instances that exist now */
  public List<String> instanceIds() {
    return List.copyOf(instances.keySet());
  }
}
