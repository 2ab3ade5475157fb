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
import java.util.Set;
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

  private final Set<String> instances = ConcurrentHashMap.newKeySet();

  @Override
  public Catalog catalog() {
    return CATALOG; // the same instance every time: the SDK caches its JSON and ETag
  }

  @Override
  public ProvisionResponse provision(ProvisionRequest request) {
    // the SDK has checked auth, version, ids, plan and parameters already
    if (!instances.add(request.instanceId())) {
      return ProvisionResponse.builder().alreadyExists().build(); // 200
    }
    return ProvisionResponse.created(); // 201
  }

  @Override
  public DeprovisionResponse deprovision(DeprovisionRequest request) {
    if (!instances.remove(request.instanceId())) {
      throw ServiceBrokerException.gone("No such instance."); // 410
    }
    return DeprovisionResponse.done(); // 200 {}
  }

  @Override
  public BindResponse bind(BindRequest request) {
    return BindResponse.builder()
        .credentials(Map.of("uri", "https://my-service.example.com/" + request.bindingId()))
        .build(); // 201
  }

  @Override
  public UnbindResponse unbind(UnbindRequest request) {
    return UnbindResponse.done(); // 200 {}
  }
}
// end::broker[]
