package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.body;
import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.LastOperation;
import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.BindResult;
import io.github.osbsdk.broker.api.binding.BindingLastOperationRequest;
import io.github.osbsdk.broker.api.binding.UnbindRequest;
import io.github.osbsdk.broker.api.binding.UnbindResult;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionResult;
import io.github.osbsdk.broker.api.instance.LastOperationRequest;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.testsupport.TestClock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A deprovision or unbind whose {@code plan_id} names another plan of the service than the one
 * the SDK recorded (the platform's view of the plan: after a plan change it may name either;
 * osb-2.17.md "Async"): the provider gets the recorded plan, and the operation's deadline is the
 * recorded plan's {@code maximum_polling_duration} (3 s here), not the named plan's (an hour).
 * A {@code plan_id} no longer in the catalog is accepted too (it is not used); one of another
 * service gets 400, and a delete of an unknown id 410 whatever plan it names. An unbind after
 * the instance's plan changed works with the instance's plan, not the one it was bound on. The
 * broker reads a clock the tests move by hand.
 */
class DeleteNamingAnotherPlanTest {
  private static final String DESCRIPTION = "The operation did not finish within 3 seconds; the"
      + " service broker stopped waiting for it.";
  private static final ServiceOffering OTHER_SERVICE = ServiceOffering
      .builder("other-service", "other-service", "Another service").bindable(true)
      .plan(Plan.builder("plan-other", "other", "Another service's plan").build()).build();
  private final TestClock clock = new TestClock();
  private final PlanProvider provider = new PlanProvider();

  /**
   * Plans {@code plan-short} (3 s) and {@code plan-long} (1 hour); creates at once, deletes as
   * provider-tracked work that stays in progress, and records the plan each delete got.
   */
  private static final class PlanProvider extends CatalogChangeFixture.Provider {
    private static final Catalog PLANS = Catalog.of(ServiceOffering
        .builder(TestServiceBroker.SERVICE, "test-service", "A test service").bindable(true)
        .bindingsRetrievable(true).planUpdateable(true)
        .plan(Plan.builder("plan-short", "short", "Short polling").maximumPollingDuration(3)
            .build())
        .plan(Plan.builder("plan-long", "long", "Long polling").maximumPollingDuration(3600)
            .build())
        .build(), OTHER_SERVICE);
    /** {@link #PLANS} once {@code plan-long} left the catalog. */
    private static final Catalog WITHOUT_LONG = Catalog.of(ServiceOffering
        .builder(TestServiceBroker.SERVICE, "test-service", "A test service").bindable(true)
        .bindingsRetrievable(true)
        .plan(Plan.builder("plan-short", "short", "Short polling").maximumPollingDuration(3)
            .build())
        .build(), OTHER_SERVICE);
    final AtomicReference<Plan> deprovisioned = new AtomicReference<>();
    final AtomicReference<Plan> unbound = new AtomicReference<>();

    PlanProvider() {
      super(PLANS);
    }

    @Override
    public ProvisionResult provision(ProvisionRequest request) {
      return ProvisionResult.created();
    }

    @Override
    public BindResult bind(BindRequest request) {
      return BindResult.bound(Map.of("user", "u"));
    }

    @Override
    public DeprovisionResult deprovision(DeprovisionRequest request) {
      deprovisioned.set(request.plan());
      return DeprovisionResult.accepted(AsyncWork.trackedByProvider("d-1"));
    }

    @Override
    public UnbindResult unbind(UnbindRequest request) {
      unbound.set(request.plan());
      return UnbindResult.accepted(AsyncWork.trackedByProvider("u-1"));
    }

    @Override
    public LastOperation lastOperation(LastOperationRequest request) {
      return LastOperation.inProgress();
    }

    @Override
    public LastOperation lastBindingOperation(BindingLastOperationRequest request) {
      return LastOperation.inProgress();
    }
  }

  private TestServer start() {
    Broker.Builder b = RegistryTest.builder(provider).lease(Duration.ofMinutes(1));
    b.settings().clock(clock);
    return new TestServer(b.build());
  }

  /** @return the path of an instance created on {@code plan-short} */
  private static String instanceOnTheShortPlan(TestServer s) {
    String path = "/v2/service_instances/" + id();
    Reply created = s.call("PUT", path).json(body("plan-short", "{}")).send();
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return path;
  }

  /** Moves the clock to the recorded plan's deadline, then polls {@code op} at {@code path}. */
  private Reply pollAtTheShortDeadline(TestServer s, String path, Reply accepted) {
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    clock.advance(Duration.ofSeconds(3));
    return s.call("GET", path + "/last_operation?operation="
        + accepted.json().path("operation").asText()).send();
  }

  @Test
  void deprovisionNamingAnotherPlanHandsTheProviderTheRecordedPlanAndItsDeadline() {
    try (TestServer s = start()) {
      String path = instanceOnTheShortPlan(s);

      Reply accepted = s.call("DELETE", path + "?service_id=" + TestServiceBroker.SERVICE
          + "&plan_id=plan-long&accepts_incomplete=true").send();

      Reply polled = pollAtTheShortDeadline(s, path, accepted);
      assertThat(provider.deprovisioned.get().id()).isEqualTo("plan-short");
      assertThat(polled.json().path("state").asText()).as(polled.toString()).isEqualTo("failed");
      assertThat(polled.json().path("description").asText()).isEqualTo(DESCRIPTION);
    }
  }

  @Test
  void unbindNamingAnotherPlanHandsTheProviderTheRecordedPlanAndItsDeadline() {
    try (TestServer s = start()) {
      String bpath = instanceOnTheShortPlan(s) + "/service_bindings/" + id();
      Reply bound = s.call("PUT", bpath).json("{\"service_id\":\"" + TestServiceBroker.SERVICE
          + "\",\"plan_id\":\"plan-short\"}").send();
      assertThat(bound.status()).as(bound.toString()).isEqualTo(201);

      Reply accepted = s.call("DELETE", bpath + "?service_id=" + TestServiceBroker.SERVICE
          + "&plan_id=plan-long&accepts_incomplete=true").send();

      Reply polled = pollAtTheShortDeadline(s, bpath, accepted);
      assertThat(provider.unbound.get().id()).isEqualTo("plan-short");
      assertThat(polled.json().path("state").asText()).as(polled.toString()).isEqualTo("failed");
      assertThat(polled.json().path("description").asText()).isEqualTo(DESCRIPTION);
    }
  }

  @Test
  void unbindAfterAPlanChangeHandsTheProviderTheInstancesPlanAndItsDeadline() {
    // bound on plan-long (an hour), then the instance moved to plan-short (3 s): the unbind
    // works on the instance as it is now, as a deprovision does, and the platform polls it
    // within the instance's plan's maximum_polling_duration
    try (TestServer s = start()) {
      String path = "/v2/service_instances/" + id();
      assertThat(s.call("PUT", path).json(body("plan-long", "{}")).send().status())
          .isEqualTo(201);
      String bpath = path + "/service_bindings/" + id();
      Reply bound = s.call("PUT", bpath).json("{\"service_id\":\"" + TestServiceBroker.SERVICE
          + "\",\"plan_id\":\"plan-long\"}").send();
      assertThat(bound.status()).as(bound.toString()).isEqualTo(201);
      Reply updated = s.call("PATCH", path).json("{\"service_id\":\""
          + TestServiceBroker.SERVICE + "\",\"plan_id\":\"plan-short\",\"parameters\":{}}")
          .send();
      assertThat(updated.status()).as(updated.toString()).isEqualTo(200);

      Reply accepted = s.call("DELETE", bpath + "?service_id=" + TestServiceBroker.SERVICE
          + "&plan_id=plan-short&accepts_incomplete=true").send();

      Reply polled = pollAtTheShortDeadline(s, bpath, accepted);
      assertThat(provider.unbound.get().id()).isEqualTo("plan-short");
      assertThat(polled.json().path("state").asText()).as(polled.toString()).isEqualTo("failed");
      assertThat(polled.json().path("description").asText()).isEqualTo(DESCRIPTION);
    }
  }

  /** Takes {@code plan-long} out of the catalog (the broker reads it again at the next GET). */
  private void removeTheLongPlan(TestServer s) {
    CatalogChangeFixture.changeCatalog(s, provider, PlanProvider.WITHOUT_LONG);
    assertThat(s.call("GET", "/v2/catalog").send().body()).doesNotContain("plan-long");
  }

  @Test
  void deprovisionNamingAPlanNoLongerInTheCatalogIsAcceptedForAKnownInstance() {
    try (TestServer s = start()) {
      String path = instanceOnTheShortPlan(s);
      removeTheLongPlan(s);

      Reply accepted = s.call("DELETE", path + "?service_id=" + TestServiceBroker.SERVICE
          + "&plan_id=plan-long&accepts_incomplete=true").send();

      assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
      assertThat(provider.deprovisioned.get().id()).isEqualTo("plan-short");
    }
  }

  @Test
  void unbindNamingAPlanNoLongerInTheCatalogIsAcceptedForAKnownBinding() {
    try (TestServer s = start()) {
      String bpath = instanceOnTheShortPlan(s) + "/service_bindings/" + id();
      Reply bound = s.call("PUT", bpath).json("{\"service_id\":\"" + TestServiceBroker.SERVICE
          + "\",\"plan_id\":\"plan-short\"}").send();
      assertThat(bound.status()).as(bound.toString()).isEqualTo(201);
      removeTheLongPlan(s);

      Reply accepted = s.call("DELETE", bpath + "?service_id=" + TestServiceBroker.SERVICE
          + "&plan_id=plan-long&accepts_incomplete=true").send();

      assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
      assertThat(provider.unbound.get().id()).isEqualTo("plan-short");
    }
  }

  @Test
  void deleteNamingAPlanOfAnotherServiceIsBadRequestAndOfAnUnknownInstanceGone() {
    try (TestServer s = start()) {
      String path = instanceOnTheShortPlan(s);
      String bpath = path + "/service_bindings/" + id();
      assertThat(s.call("PUT", bpath).json("{\"service_id\":\"" + TestServiceBroker.SERVICE
          + "\",\"plan_id\":\"plan-short\"}").send().status()).isEqualTo(201);
      String otherPlan = "?service_id=" + TestServiceBroker.SERVICE + "&plan_id=plan-other";

      Reply unbind = s.call("DELETE", bpath + otherPlan).send();
      Reply deprovision = s.call("DELETE", path + otherPlan).send();
      Reply unknown = s.call("DELETE", "/v2/service_instances/" + id() + "?service_id="
          + TestServiceBroker.SERVICE + "&plan_id=plan-never").send();

      assertThat(unbind.status()).as(unbind.toString()).isEqualTo(400);
      assertThat(deprovision.status()).as(deprovision.toString()).isEqualTo(400);
      assertThat(deprovision.json().path("description").asText()).contains("does not belong");
      assertThat(provider.deprovisioned.get()).isNull();
      assertThat(provider.unbound.get()).isNull();
      assertThat(unknown.status()).as(unknown.toString()).isEqualTo(410);
    }
  }
}
