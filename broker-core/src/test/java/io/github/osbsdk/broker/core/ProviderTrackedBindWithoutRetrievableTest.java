package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.body;
import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.BindResult;
import io.github.osbsdk.broker.api.binding.UnbindRequest;
import io.github.osbsdk.broker.api.binding.UnbindResult;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.broker.core.store.BindingStatus;
import io.github.osbsdk.broker.core.store.StoredBinding;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A service without {@code bindings_retrievable} whose bind answers with provider-tracked work:
 * the provider's own work may already be creating the binding, so a 422 (after which the
 * platform never unbinds) would orphan it. The SDK answers 500 (a provider bug) and keeps the
 * binding as {@code BIND_FAILED}, so the platform's orphan-mitigation unbind reaches the
 * provider. Task and step work, which the SDK never starts, keep their 422
 * ({@code BindingTest}).
 */
class ProviderTrackedBindWithoutRetrievableTest {
  private static final Catalog NOT_RETRIEVABLE = Catalog.of(ServiceOffering
      .builder(TestServiceBroker.SERVICE, "test-service", "A test service").bindable(true)
      .plan(Plan.builder("plan-sync", "sync", "Synchronous plan").build()).build());

  /** Answers every bind with provider-tracked work; records the unbinds. */
  private static final class Provider extends TestServiceBroker {
    final List<UnbindRequest> unbinds = new CopyOnWriteArrayList<>();

    @Override
    public Catalog catalog() {
      return NOT_RETRIEVABLE;
    }

    @Override
    public BindResult bind(BindRequest request) {
      return BindResult.accepted(AsyncWork.trackedByProvider("bind-1"));
    }

    @Override
    public UnbindResult unbind(UnbindRequest request) {
      unbinds.add(request);
      return UnbindResult.unbound();
    }
  }

  @Test
  void providerTrackedAsyncBindWithoutBindingsRetrievableIs500AndItsUnbindReachesTheProvider() {
    Provider provider = new Provider();
    try (TestServer s = new TestServer(Broker.builder(provider)
        .authenticator(BasicAuthenticator.of(TestServer.USER, TestServer.PASSWORD)).build())) {
      String iid = id();
      assertThat(s.call("PUT", "/v2/service_instances/" + iid).json(body("plan-sync", "{}"))
          .send().status()).isEqualTo(201);
      String bpath = "/v2/service_instances/" + iid + "/service_bindings/b";
      Reply r = s.call("PUT", bpath + "?accepts_incomplete=true")
          .json(String.format(BindingTest.BIND, "plan-sync", "{\"role\":\"r\"}")).send();
      assertThat(r.status()).as(r.toString()).isEqualTo(500);
      assertThat(r.json().has("operation")).isFalse();
      assertThat(s.broker.store().findBinding(iid, "b")).get()
          .extracting(StoredBinding::status).isEqualTo(BindingStatus.BIND_FAILED);

      Reply unbound = s.call("DELETE", bpath + "?service_id=" + TestServiceBroker.SERVICE
          + "&plan_id=plan-sync").send();
      assertThat(unbound.status()).as(unbound.toString()).isEqualTo(200);
      assertThat(provider.unbinds).singleElement()
          .satisfies(u -> assertThat(u.bindingId()).isEqualTo("b"));
      assertThat(s.broker.store().findBinding(iid, "b")).isEmpty();
    }
  }
}
