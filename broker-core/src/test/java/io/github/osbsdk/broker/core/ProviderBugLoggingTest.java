package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.body;
import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static io.github.osbsdk.broker.core.RegistryTest.builder;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.BindResult;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.Finish;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import io.github.osbsdk.broker.core.store.OperationStatus;
import io.github.osbsdk.broker.core.store.StoreProxy;
import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the request path logs at the default level (INFO) while the provider answers something
 * the SDK refuses on every request (a provider bug: null, a bad dashboard URL, an asynchronous
 * bind the platform could never fetch) or the store refuses every result: one ERROR a minute per
 * operation and kind of bug, never two ERRORs for one request's failure (the check's own line
 * and Endpoint's "answered 500"). The answers stay what they were.
 */
class ProviderBugLoggingTest {

  private static List<String> errors(StderrCapture log) {
    return log.lines().stream().filter(l -> l.contains(" ERROR ")).toList();
  }

  private static void provision(TestServer s, int times, String fail) {
    for (int i = 0; i < times; i++) {
      Reply r = s.call("PUT", "/v2/service_instances/" + id())
          .json(body("plan-sync", "{\"fail\":\"" + fail + "\"}")).send();
      assertThat(r.status()).as(r.toString()).isEqualTo(500);
    }
  }

  @Test
  void aProviderReturningNullOnEveryRequestLogsOneErrorNotOnePerRequest() {
    try (TestServer s = TestServer.start(new TestServiceBroker());
        StderrCapture log = new StderrCapture()) {
      provision(s, 30, "bug-null");
      assertThat(errors(log)).singleElement().asString()
          .contains("implementation error").contains("provision returned null");
    }
  }

  @Test
  void aRequestWithABadDashboardUrlLogsOneErrorNotTwo() {
    try (TestServer s = TestServer.start(new TestServiceBroker());
        StderrCapture log = new StderrCapture()) {
      provision(s, 1, "dashboard:javascript:alert(1)");
      assertThat(errors(log)).singleElement().asString().contains("dashboard_url");
    }
  }

  @Test
  void anotherBugOfTheSameOperationLogsAtOnce() {
    try (TestServer s = TestServer.start(new TestServiceBroker());
        StderrCapture log = new StderrCapture()) {
      provision(s, 5, "bug-null");
      provision(s, 5, "dashboard:/relative");
      assertThat(errors(log)).hasSize(2);
      assertThat(errors(log).get(1)).contains("dashboard_url");
    }
  }

  @Test
  void anAsyncBindOfAServiceWithoutBindingsRetrievableOnEveryRequestLogsOneError() {
    Catalog notRetrievable = Catalog.of(ServiceOffering
        .builder(TestServiceBroker.SERVICE, "test-service", "A test service").bindable(true)
        .plan(Plan.builder("plan-sync", "sync", "Synchronous plan").build()).build());
    TestServiceBroker provider = new TestServiceBroker() {
      @Override
      public Catalog catalog() {
        return notRetrievable;
      }

      @Override
      public BindResult bind(BindRequest request) {
        return BindResult.accepted(AsyncWork.trackedByProvider("bind-1"));
      }
    };
    try (TestServer s = new TestServer(builder(provider).build());
        StderrCapture log = new StderrCapture()) {
      String iid = id();
      assertThat(s.call("PUT", "/v2/service_instances/" + iid).json(body("plan-sync", "{}"))
          .send().status()).isEqualTo(201);
      for (int i = 0; i < 20; i++) {
        Reply r = s.call("PUT", "/v2/service_instances/" + iid + "/service_bindings/" + id()
            + "?accepts_incomplete=true").json(String.format(BindingTest.BIND, "plan-sync",
            "{}")).send();
        // provider-tracked work may be creating the binding: 500, kept as failed for the unbind
        assertThat(r.status()).as(r.toString()).isEqualTo(500);
      }
      assertThat(errors(log)).singleElement().asString().contains("bindings_retrievable");
    }
  }

  @Test
  void aStoreRefusingEveryResultLogsOneErrorNotTwoPerRequest() {
    BrokerStore store = StoreProxy.around(new InMemoryBrokerStore(), (method, args, target) -> {
      if (method.getName().equals("finishOperation")
          && ((Finish) args[0]).status() == OperationStatus.SUCCEEDED) {
        throw new IllegalStateException("a bug in the store");
      }
      return target.proceed(args);
    });
    try (TestServer s = new TestServer(builder(new TestServiceBroker()).store(store).build());
        StderrCapture log = new StderrCapture()) {
      provision(s, 20, "none");
      assertThat(errors(log)).singleElement().asString()
          .contains("the store refused the result of PROVISION");
    }
  }
}
