package io.github.osbsdk.samples.hello;

// tag::broker[]
import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.BindResult;
import io.github.osbsdk.broker.api.binding.BindingDetails;
import io.github.osbsdk.broker.api.binding.FetchBindingRequest;
import io.github.osbsdk.broker.api.binding.UnbindRequest;
import io.github.osbsdk.broker.api.binding.UnbindResult;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionResult;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import java.util.Map;

/** The smallest useful broker: one service, one plan, sync provision and bind. */
public class MyServiceBroker implements ServiceBroker {
  private static final Catalog CATALOG = Catalog.of(
      ServiceOffering.builder("8d2e4c1a-0000-4000-8000-000000000001", "my-service",
              "My service.")
          .bindable(true)
          .plan(Plan.builder("8d2e4c1a-0000-4000-8000-000000000002", "standard",
              "The standard plan.").build())
          .build());

  @Override
  public Catalog catalog() {
    return CATALOG; // the same instance every time: the SDK caches its JSON and ETag
  }

  @Override
  public ProvisionResult provision(ProvisionRequest request) {
    // the SDK has checked auth, version, ids, plan and parameters, and answered repeats (200)
    // and conflicts (409) from its registry: create the resource here
    return ProvisionResult.created(); // 201
  }

  @Override
  public DeprovisionResult deprovision(DeprovisionRequest request) {
    // unknown ids got 410 from the SDK already: delete the resource here. request.instance()
    // is the instance as recorded (plan, parameters, context): no map of your own to find it
    return DeprovisionResult.deleted(); // 200 {}
  }

  @Override
  public BindResult bind(BindRequest request) {
    return BindResult.bound(credentials(request.bindingId())); // 201 with credentials
  }

  @Override
  public BindingDetails fetchBinding(FetchBindingRequest request) {
    // the SDK stores no credentials unless told to (Broker.Builder.storeCredentials): give them
    // for fetches and identical repeated binds
    return request.recorded().withCredentials(credentials(request.bindingId()));
  }

  private static Map<String, Object> credentials(String bindingId) {
    return Map.of("uri", "https://my-service.example.com/" + bindingId);
  }

  @Override
  public UnbindResult unbind(UnbindRequest request) {
    // request.binding() is the binding as recorded (parameters, bind_resource, context)
    return UnbindResult.unbound(); // 200 {}
  }
}
// end::broker[]
