package io.github.osbsdk.samples.hello;

// tag::broker[]
import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.BindResponse;
import io.github.osbsdk.broker.api.binding.UnbindRequest;
import io.github.osbsdk.broker.api.binding.UnbindResponse;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionResponse;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The smallest useful broker: one service, one plan, sync provision and bind. */
public class MyServiceBroker implements ServiceBroker {
  private static final Catalog CATALOG = Catalog.of(
      ServiceOffering.builder("8d2e4c1a-0000-4000-8000-000000000001", "my-service",
              "My service.")
          .bindable(true)
          .plan(Plan.builder("8d2e4c1a-0000-4000-8000-000000000002", "standard",
              "The standard plan.").build())
          .build());

  /** What was asked for: a repeat with the same attributes is 200, with others 409. */
  private record Request(String planId, Map<String, Object> parameters, String appGuid) {}

  private final Map<String, Request> instances = new ConcurrentHashMap<>();
  private final Map<String, Request> bindings = new ConcurrentHashMap<>();

  @Override
  public Catalog catalog() {
    return CATALOG; // the same instance every time: the SDK caches its JSON and ETag
  }

  @Override
  public ProvisionResponse provision(ProvisionRequest request) {
    // the SDK has checked auth, version, ids, plan and parameters already
    Request asked = new Request(request.planId(), request.parameters(), null);
    Request existing = instances.putIfAbsent(request.instanceId(), asked);
    if (existing == null) {
      return ProvisionResponse.created(); // 201
    }
    if (existing.equals(asked)) {
      return ProvisionResponse.builder().alreadyExists().build(); // 200
    }
    throw ServiceBrokerException.conflict("This instance exists with other attributes."); // 409
  }

  @Override
  public DeprovisionResponse deprovision(DeprovisionRequest request) {
    if (instances.remove(request.instanceId()) == null) {
      throw ServiceBrokerException.gone("No such instance."); // 410
    }
    bindings.keySet().removeIf(key -> key.startsWith(request.instanceId() + "/"));
    return DeprovisionResponse.done(); // 200 {}
  }

  @Override
  public BindResponse bind(BindRequest request) {
    Request asked = new Request(request.planId(), request.parameters(), request.appGuid());
    Request existing = bindings.putIfAbsent(key(request.instanceId(), request.bindingId()), asked);
    if (existing != null && !existing.equals(asked)) {
      throw ServiceBrokerException.conflict("This binding exists with other attributes."); // 409
    }
    BindResponse.Builder answer = BindResponse.builder()
        .credentials(Map.of("uri", "https://my-service.example.com/" + request.bindingId()));
    return existing == null ? answer.build() : answer.alreadyExists().build(); // 201 : 200
  }

  @Override
  public UnbindResponse unbind(UnbindRequest request) {
    if (bindings.remove(key(request.instanceId(), request.bindingId())) == null) {
      throw ServiceBrokerException.gone("No such binding."); // 410
    }
    return UnbindResponse.done(); // 200 {}
  }

  private static String key(String instanceId, String bindingId) {
    return instanceId + "/" + bindingId;
  }
}
// end::broker[]
