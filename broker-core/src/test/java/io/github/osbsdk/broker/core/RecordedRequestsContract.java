package io.github.osbsdk.broker.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.BindResult;
import io.github.osbsdk.broker.api.binding.BindingDetails;
import io.github.osbsdk.broker.api.binding.FetchBindingRequest;
import io.github.osbsdk.broker.api.binding.ServiceBinding;
import io.github.osbsdk.broker.api.binding.UnbindRequest;
import io.github.osbsdk.broker.api.binding.UnbindResult;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.api.context.IbmCloudContext;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionResult;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.api.instance.ServiceInstance;
import io.github.osbsdk.broker.api.instance.UpdateRequest;
import io.github.osbsdk.broker.api.instance.UpdateResult;
import io.github.osbsdk.broker.api.state.InstanceStateRequest;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Over real HTTP, on a store a subclass chooses: requests about an existing instance or binding
 * hand the provider what the registry recorded of it, so a provider keeping no state of its own
 * finds what it made (where it put it, for which account).
 */
public abstract class RecordedRequestsContract {
  private static final String SERVICE = "svc-recorded";
  private static final String IBM_CONTEXT = "{\"platform\":\"ibmcloud\",\"account_id\":\"acc-1\","
      + "\"crn\":\"crn:v1:bluemix:public:recorded:eu-de:a/acc-1:inst-1::\"}";
  private static final Catalog CATALOG = Catalog.of(ServiceOffering
      .builder(SERVICE, "recorded-service", "Records what the provider is handed").bindable(true)
      .bindingsRetrievable(true)
      .plan(Plan.builder("plan-a", "a", "The plan provisioned").planUpdateable(true).build())
      .plan(Plan.builder("plan-b", "b", "The plan updated to").planUpdateable(true).build())
      .build());

  /**
   * A broker builder on the store under test, for {@code provider}; the contract adds basic
   * authentication.
   *
   * @param provider the provider
   * @return the builder
   */
  protected abstract Broker.Builder builder(ServiceBroker provider);

  /** What the provider was handed last, per method. */
  private static final class Recorder implements ServiceBroker {
    final AtomicReference<DeprovisionRequest> deprovision = new AtomicReference<>();
    final AtomicReference<UnbindRequest> unbind = new AtomicReference<>();
    final AtomicReference<FetchBindingRequest> fetchBinding = new AtomicReference<>();
    final AtomicReference<InstanceStateRequest> stateChange = new AtomicReference<>();

    @Override
    public Catalog catalog() {
      return CATALOG;
    }

    @Override
    public ProvisionResult provision(ProvisionRequest request) {
      if (request.parameters().containsKey("fail")) {
        throw new IllegalStateException("the region is on fire");
      }
      return ProvisionResult.created();
    }

    @Override
    public UpdateResult update(UpdateRequest request) {
      return UpdateResult.updated();
    }

    @Override
    public DeprovisionResult deprovision(DeprovisionRequest request) {
      deprovision.set(request);
      return DeprovisionResult.deleted();
    }

    @Override
    public BindResult bind(BindRequest request) {
      return BindResult.bound(Map.of("uri", "https://recorded.example.com"));
    }

    @Override
    public BindingDetails fetchBinding(FetchBindingRequest request) {
      fetchBinding.set(request);
      return request.recorded();
    }

    @Override
    public UnbindResult unbind(UnbindRequest request) {
      unbind.set(request);
      return UnbindResult.unbound();
    }

    @Override
    public void instanceStateChanged(InstanceStateRequest request) {
      stateChange.set(request);
    }
  }

  private final Recorder provider = new Recorder();

  private TestServer start() {
    return new TestServer(builder(provider).authenticator(BasicAuthenticator.of(TestServer.USER,
        TestServer.PASSWORD)).retryAfter(Duration.ofSeconds(1)).build());
  }

  private static Reply provision(TestServer s, String id, String parameters) {
    return s.call("PUT", "/v2/service_instances/" + id).json("{\"service_id\":\"" + SERVICE
        + "\",\"plan_id\":\"plan-a\",\"context\":" + IBM_CONTEXT + ",\"parameters\":"
        + parameters + "}").send();
  }

  private static Reply bind(TestServer s, String id, String bindingId) {
    return s.call("PUT", "/v2/service_instances/" + id + "/service_bindings/" + bindingId)
        .json("{\"service_id\":\"" + SERVICE + "\",\"plan_id\":\"plan-a\",\"context\":"
            + IBM_CONTEXT + ",\"bind_resource\":{\"app_guid\":\"app-1\","
            + "\"account_id\":\"acc-1\"},\"parameters\":{\"role\":\"reader\"}}").send();
  }

  private static Reply deprovision(TestServer s, String id, String planId) {
    return s.call("DELETE", "/v2/service_instances/" + id + "?service_id=" + SERVICE
        + "&plan_id=" + planId).send();
  }

  private static void assertRecordedInstance(ServiceInstance instance, String id, String planId,
      Map<String, Object> parameters) {
    assertThat(instance.id()).isEqualTo(id);
    assertThat(instance.serviceId()).isEqualTo(SERVICE);
    assertThat(instance.planId()).isEqualTo(planId);
    assertThat(instance.parameters()).isEqualTo(parameters);
    assertThat(instance.context()).isInstanceOfSatisfying(IbmCloudContext.class,
        c -> assertThat(c.accountId()).isEqualTo("acc-1"));
    assertThat(instance.createdAt()).isNotNull();
  }

  @Test
  void deprovisionHandsTheRecordedInstanceToTheProvider() {
    try (TestServer s = start()) {
      String id = UUID.randomUUID().toString();
      assertThat(provision(s, id, "{\"location\":\"eu-de\"}").status()).isEqualTo(201);
      Reply deleted = deprovision(s, id, "plan-a");
      assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
      assertRecordedInstance(provider.deprovision.get().instance(), id, "plan-a",
          Map.of("location", "eu-de"));
    }
  }

  @Test
  void deprovisionAfterAnUpdateHandsTheCurrentPlanAndTheMergedParameters() {
    try (TestServer s = start()) {
      String id = UUID.randomUUID().toString();
      provision(s, id, "{\"location\":\"eu-de\"}");
      Reply updated = s.call("PATCH", "/v2/service_instances/" + id).json("{\"service_id\":\""
          + SERVICE + "\",\"plan_id\":\"plan-b\",\"parameters\":{\"size\":2}}").send();
      assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
      // the platform's plan_id is its view: it names the old plan, the provider gets the new
      assertThat(deprovision(s, id, "plan-a").status()).isEqualTo(200);
      DeprovisionRequest seen = provider.deprovision.get();
      assertThat(seen.plan().id()).isEqualTo("plan-b");
      assertRecordedInstance(seen.instance(), id, "plan-b",
          Map.of("location", "eu-de", "size", 2));
    }
  }

  @Test
  void deprovisionOfAFailedProvisionHandsTheRecordedInstanceToTheProvider() {
    try (TestServer s = start()) {
      String id = UUID.randomUUID().toString();
      assertThat(provision(s, id, "{\"location\":\"eu-de\",\"fail\":true}").status())
          .isEqualTo(500);
      assertThat(deprovision(s, id, "plan-a").status()).isEqualTo(200);
      assertRecordedInstance(provider.deprovision.get().instance(), id, "plan-a",
          Map.of("location", "eu-de", "fail", true));
    }
  }

  @Test
  void unbindHandsTheRecordedBindingAndItsInstanceToTheProvider() {
    try (TestServer s = start()) {
      String id = UUID.randomUUID().toString();
      provision(s, id, "{\"location\":\"eu-de\"}");
      assertThat(bind(s, id, "b-1").status()).isEqualTo(201);
      Reply unbound = s.call("DELETE", "/v2/service_instances/" + id
          + "/service_bindings/b-1?service_id=" + SERVICE + "&plan_id=plan-a").send();
      assertThat(unbound.status()).as(unbound.toString()).isEqualTo(200);
      UnbindRequest seen = provider.unbind.get();
      assertRecordedInstance(seen.instance(), id, "plan-a", Map.of("location", "eu-de"));
      assertRecordedBinding(seen.binding(), id);
    }
  }

  @Test
  void unbindAfterAPlanChangeHandsTheInstancesPlanAndTheBindingAsMade() {
    try (TestServer s = start()) {
      String id = UUID.randomUUID().toString();
      provision(s, id, "{\"location\":\"eu-de\"}");
      assertThat(bind(s, id, "b-1").status()).isEqualTo(201);
      Reply updated = s.call("PATCH", "/v2/service_instances/" + id).json("{\"service_id\":\""
          + SERVICE + "\",\"plan_id\":\"plan-b\"}").send();
      assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
      Reply unbound = s.call("DELETE", "/v2/service_instances/" + id
          + "/service_bindings/b-1?service_id=" + SERVICE + "&plan_id=plan-b").send();
      assertThat(unbound.status()).as(unbound.toString()).isEqualTo(200);
      UnbindRequest seen = provider.unbind.get();
      // the instance's plan now, as a deprovision gets; the binding keeps the plan it was made on
      assertThat(seen.plan().id()).isEqualTo("plan-b");
      assertRecordedInstance(seen.instance(), id, "plan-b", Map.of("location", "eu-de"));
      assertRecordedBinding(seen.binding(), id);
    }
  }

  @Test
  void fetchBindingHandsTheRecordedBindingToTheProvider() {
    try (TestServer s = start()) {
      String id = UUID.randomUUID().toString();
      provision(s, id, "{}");
      bind(s, id, "b-1");
      Reply fetched = s.call("GET", "/v2/service_instances/" + id + "/service_bindings/b-1")
          .send();
      assertThat(fetched.status()).as(fetched.toString()).isEqualTo(200);
      assertRecordedBinding(provider.fetchBinding.get().binding(), id);
    }
  }

  @Test
  void fetchBindingHandsTheQueryParametersAsSentAndNullWithoutThem() {
    try (TestServer s = start()) {
      String id = UUID.randomUUID().toString();
      provision(s, id, "{}");
      bind(s, id, "b-1");
      String path = "/v2/service_instances/" + id + "/service_bindings/b-1";
      // the query names another plan than the one recorded: the provider sees what was sent
      Reply withQuery = s.call("GET", path + "?service_id=" + SERVICE + "&plan_id=plan-b")
          .send();
      assertThat(withQuery.status()).as(withQuery.toString()).isEqualTo(200);
      FetchBindingRequest seen = provider.fetchBinding.get();
      assertThat(seen.serviceId()).isEqualTo(SERVICE);
      assertThat(seen.planId()).isEqualTo("plan-b");
      assertRecordedBinding(seen.binding(), id);

      Reply without = s.call("GET", path).send();
      assertThat(without.status()).as(without.toString()).isEqualTo(200);
      seen = provider.fetchBinding.get();
      assertThat(seen.serviceId()).isNull();
      assertThat(seen.planId()).isNull();
      assertRecordedBinding(seen.binding(), id);
    }
  }

  @Test
  void instanceStateChangeHandsTheRecordedInstanceAsItWasBefore() {
    try (TestServer s = start()) {
      String id = UUID.randomUUID().toString();
      provision(s, id, "{\"location\":\"eu-de\"}");
      Reply disabled = s.call("PUT", "/bluemix_v1/service_instances/" + id)
          .json("{\"enabled\":false}").send();
      assertThat(disabled.status()).as(disabled.toString()).isEqualTo(200);
      InstanceStateRequest seen = provider.stateChange.get();
      assertRecordedInstance(seen.instance(), id, "plan-a", Map.of("location", "eu-de"));
      assertThat(seen.instance().enabled()).isTrue();
      assertThat(seen.state().enabled()).isFalse();
    }
  }

  private static void assertRecordedBinding(ServiceBinding binding, String id) {
    assertThat(binding.instanceId()).isEqualTo(id);
    assertThat(binding.bindingId()).isEqualTo("b-1");
    assertThat(binding.serviceId()).isEqualTo(SERVICE);
    assertThat(binding.planId()).isEqualTo("plan-a");
    assertThat(binding.parameters()).isEqualTo(Map.of("role", "reader"));
    assertThat(binding.bindResource().properties())
        .isEqualTo(Map.of("app_guid", "app-1", "account_id", "acc-1"));
    assertThat(binding.appGuid()).isEqualTo("app-1");
    assertThat(binding.context()).isInstanceOfSatisfying(IbmCloudContext.class,
        c -> assertThat(c.accountId()).isEqualTo("acc-1"));
    assertThat(binding.createdAt()).isNotNull();
  }
}
