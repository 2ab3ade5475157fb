package io.github.osbsdk.broker.testkit.support;

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
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResponse;
import io.github.osbsdk.broker.api.instance.UpdateRequest;
import io.github.osbsdk.broker.api.instance.UpdateResponse;
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
              .schemas(Schemas.of(Map.of(
                  "$schema", "http://json-schema.org/draft-04/schema#",
                  "type", "object",
                  "properties", Map.of("size", Map.of("type", "integer", "minimum", 1),
                      "location", Map.of("type", "string"))), null, null))
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
  public ProvisionResponse provision(ProvisionRequest request) {
    Instance wanted = new Instance(request.serviceId(), request.planId(), request.parameters());
    Instance existing = instances.putIfAbsent(request.instanceId(), wanted);
    if (existing != null) {
      if (existing.equals(wanted)) {
        return ProvisionResponse.builder().alreadyExists().build();
      }
      throw ServiceBrokerException.conflict("The instance exists with other attributes.");
    }
    if (ASYNC_PLAN.equals(request.planId())) {
      if (!request.acceptsIncomplete()) {
        instances.remove(request.instanceId());
        throw ServiceBrokerException.asyncRequired();
      }
      return ProvisionResponse.builder().runAsync(() -> Thread.sleep(50)).build();
    }
    return ProvisionResponse.created();
  }

  @Override
  public DeprovisionResponse deprovision(DeprovisionRequest request) {
    if (instances.remove(request.instanceId()) == null) {
      throw ServiceBrokerException.gone("No such instance.");
    }
    bindings.keySet().removeIf(k -> k.startsWith(request.instanceId() + "\n"));
    if (ASYNC_PLAN.equals(request.plan().id()) && request.acceptsIncomplete()) {
      return DeprovisionResponse.runAsync(() -> Thread.sleep(50));
    }
    return DeprovisionResponse.done();
  }

  @Override
  public UpdateResponse update(UpdateRequest request) {
    Instance i = instances.get(request.instanceId());
    if (i == null) {
      throw ServiceBrokerException.notFound("No such instance.");
    }
    instances.put(request.instanceId(), new Instance(i.serviceId(), request.planId(),
        request.parameters() == null || request.parameters().isEmpty() ? i.parameters()
            : request.parameters()));
    return UpdateResponse.done();
  }

  @Override
  public InstanceDetails fetchInstance(FetchInstanceRequest request) {
    Instance i = instances.get(request.instanceId());
    if (i == null) {
      throw ServiceBrokerException.notFound("No such instance.");
    }
    return new InstanceDetails(i.serviceId(), i.planId(), null, i.parameters(), null, null);
  }

  @Override
  public BindResponse bind(BindRequest request) {
    if (!instances.containsKey(request.instanceId())) {
      throw ServiceBrokerException.badRequest("No such instance.");
    }
    if (request.predecessorBindingId() != null
        && !bindings.containsKey(key(request.instanceId(), request.predecessorBindingId()))) {
      throw ServiceBrokerException.badRequest("No such predecessor binding.");
    }
    String app = request.bindResource() == null ? null : request.bindResource().appGuid();
    Binding wanted = new Binding(app, request.parameters(),
        Map.of("uri", "example://" + request.bindingId(), "password", "pw-" + request.bindingId()));
    Binding existing = bindings.putIfAbsent(key(request.instanceId(), request.bindingId()), wanted);
    if (existing != null) {
      if (Objects.equals(existing.appGuid(), app)
          && Objects.equals(existing.parameters(), request.parameters())) {
        return BindResponse.builder().credentials(existing.credentials()).alreadyExists().build();
      }
      throw ServiceBrokerException.conflict("The binding exists with other attributes.");
    }
    return BindResponse.builder().credentials(wanted.credentials()).build();
  }

  @Override
  public UnbindResponse unbind(UnbindRequest request) {
    if (bindings.remove(key(request.instanceId(), request.bindingId())) == null) {
      throw ServiceBrokerException.gone("No such binding.");
    }
    return UnbindResponse.done();
  }

  @Override
  public BindingDetails fetchBinding(FetchBindingRequest request) {
    Binding b = bindings.get(key(request.instanceId(), request.bindingId()));
    if (b == null) {
      throw ServiceBrokerException.notFound("No such binding.");
    }
    return new BindingDetails(b.credentials(), null, null, null, null, b.parameters(), null);
  }

  private static String key(String instanceId, String bindingId) {
    return instanceId + "\n" + bindingId;
  }

  /** @return the ids of the instances that exist now */
  public List<String> instanceIds() {
    return List.copyOf(instances.keySet());
  }
}
