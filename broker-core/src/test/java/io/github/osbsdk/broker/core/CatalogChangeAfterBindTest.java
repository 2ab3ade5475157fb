package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.body;
import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.BindResult;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.core.TestServer.Reply;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Over real HTTP: the catalog changes after a binding was made (its service no longer declares
 * {@code requires: syslog_drain}, its plan is removed or no longer bindable, its service no longer
 * {@code bindings_retrievable}, or removed). The stored binding stays answerable and deletable:
 * fetch answers it as recorded (its {@code syslog_drain_url} too), {@code last_operation} answers
 * its bind's outcome, unbind reaches the provider, and the instance can be deprovisioned. A
 * repeated identical bind is answered from the registry (200: OSB's answer for an identical
 * existing binding) whatever the change; a new bind on a removed plan gets 400 naming the way
 * out, on a plan no longer bindable or a removed service the 400 any such bind gets.
 */
class CatalogChangeAfterBindTest extends CatalogChangeFixture {
  private static final String DRAIN = "syslog-tls://logs.example:6514";

  /** A catalog change after the bind. */
  enum Change {
    REQUIRES_DROPPED(catalog(service().plan(plan()))),
    PLAN_REMOVED(catalog(service().requires("syslog_drain")
        .plan(Plan.builder("plan-other", "other", "Another plan").build()))),
    PLAN_NO_LONGER_BINDABLE(catalog(service().requires("syslog_drain")
        .plan(Plan.builder("plan-sync", "sync", "Synchronous plan").bindable(false).build()))),
    BINDINGS_NO_LONGER_RETRIEVABLE(Catalog.of(ServiceOffering.builder(
        TestServiceBroker.SERVICE, "test-service", "A test service").bindable(true)
        .requires("syslog_drain").plan(plan()).build())),
    SERVICE_REMOVED(Catalog.of(ServiceOffering.builder("svc-2", "other-service",
        "Another service").bindable(false)
        .plan(Plan.builder("plan-other", "other", "Other plan").build()).build()));

    final Catalog catalog;

    Change(Catalog catalog) {
      this.catalog = catalog;
    }
  }

  private static ServiceOffering.Builder service() {
    return ServiceOffering.builder(TestServiceBroker.SERVICE, "test-service", "A test service")
        .bindable(true).instancesRetrievable(true).bindingsRetrievable(true);
  }

  private static Plan plan() {
    return Plan.builder("plan-sync", "sync", "Synchronous plan").bindingRotatable(true).build();
  }

  private static Catalog catalog(ServiceOffering.Builder service) {
    return Catalog.of(service.build());
  }

  /** Binds with a syslog drain (synchronously) or with a task (asynchronously). */
  private static final class Provider extends CatalogChangeFixture.Provider {
    Provider() {
      super(CatalogChangeAfterBindTest.catalog(service().requires("syslog_drain").plan(plan())));
    }

    @Override
    public BindResult bind(BindRequest request) {
      bindCalls.incrementAndGet();
      bindings.put(request.instanceId() + "/" + request.bindingId(),
          new Binding(request.parameters()));
      return request.acceptsIncomplete() ? BindResult.accepted(() -> BindResult.bound(null))
          : BindResult.builder().credentials(Map.of("user", "u")).syslogDrainUrl(DRAIN).build();
    }
  }

  private final Provider provider = new Provider();
  private final TestServer server = serve(provider, b -> b);
  private final String drained = instance + "/service_bindings/" + id();
  private final String async = instance + "/service_bindings/" + id();
  private final String bind = String.format(BindingTest.BIND, "plan-sync", "{}");
  private String asyncOperation;

  /** Provisions, binds twice (one with a drain, one asynchronously), then changes the catalog. */
  private void boundThenChanged(Change change) {
    Reply provisioned = server.call("PUT", instance).json(body("plan-sync", "{}")).send();
    assertThat(provisioned.status()).as(provisioned.toString()).isEqualTo(201);
    Reply bound = server.call("PUT", drained).json(bind).send();
    assertThat(bound.status()).as(bound.toString()).isEqualTo(201);
    Reply accepted = server.call("PUT", async + "?accepts_incomplete=true").json(bind).send();
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    asyncOperation = accepted.json().get("operation").asText();
    assertThat(lastOperation().json().get("state").asText()).isEqualTo("succeeded");

    changeCatalog(change.catalog);
  }

  private Reply lastOperation() {
    return lastOperation(async, asyncOperation);
  }

  @ParameterizedTest
  @EnumSource(Change.class)
  void aStoredBindingStaysAnswerableAndDeletableAfterACatalogChange(Change change) {
    boundThenChanged(change);

    Reply fetched = server.call("GET", drained).send();
    assertThat(fetched.status()).as(fetched.toString()).isEqualTo(200);
    assertThat(fetched.json().get("syslog_drain_url").asText()).isEqualTo(DRAIN);
    Reply fetchedAsync = server.call("GET", async).send();
    assertThat(fetchedAsync.status()).as(fetchedAsync.toString()).isEqualTo(200);
    Reply polled = lastOperation();
    assertThat(polled.status()).as(polled.toString()).isEqualTo(200);
    assertThat(polled.json().get("state").asText()).isEqualTo("succeeded");

    String query = "?service_id=" + TestServiceBroker.SERVICE + "&plan_id=plan-sync";
    for (String binding : new String[] {drained, async}) {
      Reply unbound = server.call("DELETE", binding + query).send();
      assertThat(unbound.status()).as(unbound.toString()).isEqualTo(200);
    }
    assertThat(provider.bindings).as("both unbinds reached the provider").isEmpty();
    Reply deprovisioned = server.call("DELETE", instance + query).send();
    assertThat(deprovisioned.status()).as(deprovisioned.toString()).isEqualTo(200);
  }

  @ParameterizedTest
  @EnumSource(Change.class)
  void anIdenticalRepeatedBindIsAnsweredAsRecordedAfterACatalogChange(Change change) {
    boundThenChanged(change);
    int calls = provider.bindCalls.get();

    Reply repeated = server.call("PUT", drained).json(bind).send();

    assertThat(repeated.status()).as(repeated.toString()).isEqualTo(200);
    assertThat(repeated.json().get("syslog_drain_url").asText()).isEqualTo(DRAIN);
    assertThat(provider.bindCalls).as("the provider's bind is not called again")
        .hasValue(calls);
  }

  @ParameterizedTest
  @EnumSource(value = Change.class,
      names = {"PLAN_REMOVED", "PLAN_NO_LONGER_BINDABLE", "SERVICE_REMOVED"})
  void aNewBindTheCatalogNoLongerTakesIsRefusedAndATakenIdConflicts(Change change) {
    boundThenChanged(change);
    int calls = provider.bindCalls.get();

    Reply fresh = server.call("PUT", instance + "/service_bindings/" + id()).json(bind).send();
    Reply different = server.call("PUT", drained)
        .json(String.format(BindingTest.BIND, "plan-sync", "{\"other\":1}")).send();

    assertThat(fresh.status()).as(fresh.toString()).isEqualTo(400);
    String description = fresh.json().get("description").asText();
    switch (change) {
      case PLAN_REMOVED -> assertThat(description).contains("plan-sync")
          .contains("no longer in the catalog")
          .contains("update the service instance to a current plan");
      case PLAN_NO_LONGER_BINDABLE -> assertThat(description).contains("is not bindable");
      default -> assertThat(description).contains("Unknown service_id");
    }
    assertThat(different.status()).as(different.toString()).isEqualTo(409);
    assertThat(provider.bindCalls).as("the provider's bind is not called").hasValue(calls);
  }

  @Test
  void aRotationNamingNoPlanOnARemovedPlanAnswersItsRepeatAndNamesTheWayOut() {
    Reply provisioned = server.call("PUT", instance).json(body("plan-sync", "{}")).send();
    assertThat(provisioned.status()).as(provisioned.toString()).isEqualTo(201);
    assertThat(server.call("PUT", drained).json(bind).send().status()).isEqualTo(201);
    String rotation = "{\"predecessor_binding_id\":\""
        + drained.substring(drained.lastIndexOf('/') + 1) + "\"}";
    String rotated = instance + "/service_bindings/" + id();
    Reply first = server.call("PUT", rotated).json(rotation).send();
    assertThat(first.status()).as(first.toString()).isEqualTo(201);
    changeCatalog(Change.PLAN_REMOVED.catalog);
    int calls = provider.bindCalls.get();

    Reply repeated = server.call("PUT", rotated).json(rotation).send();
    Reply fresh = server.call("PUT", instance + "/service_bindings/" + id()).json(rotation).send();

    assertThat(repeated.status()).as(repeated.toString()).isEqualTo(200);
    assertThat(repeated.json().get("syslog_drain_url").asText()).isEqualTo(DRAIN);
    assertThat(fresh.status()).as(fresh.toString()).isEqualTo(400);
    assertThat(fresh.json().get("description").asText())
        .contains("update the service instance to a current plan");
    assertThat(provider.bindCalls).as("the provider's bind is not called").hasValue(calls);
  }
}
