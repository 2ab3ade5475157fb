package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.body;
import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.AsyncWork;
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
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.store.InMemoryBrokerStore;
import io.github.osbsdk.broker.core.store.StoreProxy;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Over real HTTP: the catalog no longer lists the plan an instance was provisioned with (or its
 * service). The instance stays manageable: fetch, {@code last_operation}, IBM Cloud's enable and
 * disable, and deprovision work; a new bind and a new instance get 400 as any request naming
 * that plan, while an identical repeated provision is answered as recorded (200: OSB's answer
 * for an identical existing instance) and a different one for the id gets 409; an update moves
 * it to a current plan of its service when the service's {@code plan_updateable} allows (the
 * removed plan's own flag went with it), checking the parameters against the target plan's
 * schema, an update of its context only (a rename) reaches the provider, also once the whole
 * service left, and any other update gets 422 telling to move to a current plan (400 for the
 * unknown {@code service_id} once the service left).
 */
class CatalogChangeAfterProvisionTest extends CatalogChangeFixture {
  private static final String UPDATE = "{\"service_id\":\"svc-1\",\"plan_id\":\"%s\","
      + "\"parameters\":%s}";

  /** What left the catalog. */
  enum Change { PLAN_REMOVED, SERVICE_REMOVED }

  private static Plan retired() {
    return Plan.builder("plan-old", "old", "Retired plan").bindable(true)
        .maintenanceInfo(MaintenanceInfo.of("1.0.0")).build();
  }

  private static Plan current() {
    return Plan.builder("plan-new", "new", "Current plan").bindable(true)
        .maintenanceInfo(MaintenanceInfo.of("2.0.0"))
        .schemas(Schemas.builder().instanceUpdate(TestServiceBroker.SIZE_SCHEMA).build()).build();
  }

  private static Catalog catalog(boolean planUpdateable, Plan... plans) {
    ServiceOffering.Builder s = ServiceOffering.builder(TestServiceBroker.SERVICE,
        "test-service", "A test service").bindable(true).instancesRetrievable(true)
        .planUpdateable(planUpdateable);
    for (Plan p : plans) {
      s.plan(p);
    }
    return Catalog.of(s.build());
  }

  private static Catalog changed(Change change, boolean planUpdateable) {
    return change == Change.PLAN_REMOVED ? catalog(planUpdateable, current())
        : Catalog.of(ServiceOffering.builder("svc-2", "other-service", "Another service")
            .plan(Plan.builder("plan-other", "other", "Other plan").build()).build());
  }

  /** Provisions asynchronously when asked, and counts updates. */
  private static final class Provider extends CatalogChangeFixture.Provider {
    final AtomicInteger updates = new AtomicInteger();
    volatile UpdateRequest lastUpdate;
    volatile DeprovisionRequest lastDeprovision;

    Provider() {
      super(CatalogChangeAfterProvisionTest.catalog(true, retired(), current()));
    }

    @Override
    public ProvisionResult provision(ProvisionRequest request) {
      ProvisionResult created = super.provision(request);
      return request.acceptsIncomplete() ? ProvisionResult.accepted(AsyncWork.task(() -> { }))
          : created;
    }

    @Override
    public DeprovisionResult deprovision(DeprovisionRequest request) {
      lastDeprovision = request;
      return super.deprovision(request);
    }

    @Override
    public UpdateResult update(UpdateRequest request) {
      updates.incrementAndGet();
      lastUpdate = request;
      return super.update(request);
    }
  }

  private final Provider provider = new Provider();
  private final AtomicInteger instanceReads = new AtomicInteger();
  private final TestServer server = serve(provider, b -> b
      .store(StoreProxy.around(new InMemoryBrokerStore(), (method, args, store) -> {
        if (method.getName().equals("findInstance")) {
          instanceReads.incrementAndGet();
        }
        return store.proceed(args);
      })));
  private String operation;

  private void provisionedThenChanged(Catalog changed) {
    Reply accepted = server.call("PUT", instance + "?accepts_incomplete=true")
        .json(body("plan-old", "{}")).send();
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    operation = accepted.json().get("operation").asText();
    assertThat(lastOperation().json().get("state").asText()).isEqualTo("succeeded");
    changeCatalog(changed);
  }

  private Reply lastOperation() {
    return lastOperation(instance, operation);
  }

  private Reply update(String json) {
    return server.call("PATCH", instance).json(json).send();
  }

  @ParameterizedTest
  @EnumSource(Change.class)
  void anInstanceOfARemovedPlanStaysAnswerableAndDeletable(Change change) {
    provisionedThenChanged(changed(change, true));

    Reply fetched = server.call("GET", instance).send();
    assertThat(fetched.status()).as(fetched.toString()).isEqualTo(200);
    assertThat(fetched.json().get("plan_id").asText()).isEqualTo("plan-old");
    Reply polled = lastOperation();
    assertThat(polled.status()).as(polled.toString()).isEqualTo(200);
    assertThat(polled.json().get("state").asText()).isEqualTo("succeeded");
    String state = "/bluemix_v1/service_instances/" + instance.substring(
        instance.lastIndexOf("/") + 1);
    for (boolean enabled : new boolean[] {false, true}) {
      Reply set = server.call("PUT", state).json("{\"enabled\":" + enabled + "}").send();
      assertThat(set.status()).as(set.toString()).isEqualTo(200);
      Reply got = server.call("GET", state).send();
      assertThat(got.status()).as(got.toString()).isEqualTo(200);
      assertThat(got.json().get("enabled").asBoolean()).isEqualTo(enabled);
    }
    Reply bound = server.call("PUT", instance + "/service_bindings/" + id())
        .json(String.format(BindingTest.BIND, "plan-old", "{}")).send();
    assertThat(bound.status()).as(bound.toString()).isEqualTo(400);
    assertThat(bound.json().get("description").asText())
        .contains(change == Change.PLAN_REMOVED ? "plan-old" : "svc-1");

    Reply deprovisioned = server.call("DELETE", instance + "?service_id="
        + TestServiceBroker.SERVICE + "&plan_id=plan-old").send();
    assertThat(deprovisioned.status()).as(deprovisioned.toString()).isEqualTo(200);
    assertThat(server.call("GET", instance).send().status()).isEqualTo(404);
  }

  @ParameterizedTest
  @EnumSource(Change.class)
  void anIdenticalRepeatedProvisionOfARemovedPlanIsAnsweredAsRecorded(Change change) {
    provisionedThenChanged(changed(change, true));
    int provisions = provider.provisionCalls.get();

    Reply repeated = server.call("PUT", instance + "?accepts_incomplete=true")
        .json(body("plan-old", "{}")).send();
    Reply repeatedSync = server.call("PUT", instance).json(body("plan-old", "{}")).send();
    Reply different = server.call("PUT", instance).json(body("plan-old", "{\"size\":2}"))
        .send();
    Reply fresh = server.call("PUT", "/v2/service_instances/" + id())
        .json(body("plan-old", "{}")).send();

    assertThat(repeated.status()).as(repeated.toString()).isEqualTo(200);
    assertThat(repeatedSync.status()).as(repeatedSync.toString()).isEqualTo(200);
    assertThat(different.status()).as(different.toString()).isEqualTo(409);
    assertThat(fresh.status()).as(fresh.toString()).isEqualTo(400);
    assertThat(fresh.json().get("description").asText())
        .contains(change == Change.PLAN_REMOVED ? "plan-old" : "svc-1");
    assertThat(provider.provisionCalls).as("the provider's provision is not called")
        .hasValue(provisions);
  }

  @Test
  void anUpdateMovesAnInstanceOfARemovedPlanToACurrentPlan() {
    provisionedThenChanged(changed(Change.PLAN_REMOVED, true));

    Reply invalid = update(String.format(UPDATE, "plan-new", "{\"size\":\"big\"}"));
    assertThat(invalid.status()).as(invalid.toString()).isEqualTo(400);
    Reply oldMaintenance = update("{\"service_id\":\"svc-1\",\"plan_id\":\"plan-new\","
        + "\"maintenance_info\":{\"version\":\"1.0.0\"},\"parameters\":{\"size\":2}}");
    assertThat(oldMaintenance.status()).as(oldMaintenance.toString()).isEqualTo(422);
    assertThat(oldMaintenance.json().get("error").asText()).isEqualTo("MaintenanceInfoConflict");
    assertThat(provider.updates).as("refused updates reach no provider").hasValue(0);

    Reply moved = update(String.format(UPDATE, "plan-new", "{\"size\":2}"));

    assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
    assertThat(provider.lastUpdate.planId()).isEqualTo("plan-new");
    assertThat(provider.lastUpdate.instance().planId()).isEqualTo("plan-old");
    Reply fetched = server.call("GET", instance).send();
    assertThat(fetched.json().get("plan_id").asText()).isEqualTo("plan-new");
  }

  @Test
  void aServiceWithoutPlanUpdateableKeepsAnInstanceOfARemovedPlanWhereItIs() {
    // the target plan's own plan_updateable is about moves away from it: it does not count
    provisionedThenChanged(catalog(false, Plan.builder("plan-new", "new", "Current plan")
        .planUpdateable(true).build()));

    Reply refused = update(String.format(UPDATE, "plan-new", "{}"));

    assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
    assertThat(refused.json().get("description").asText()).contains("plan-old")
        .contains("plan_updateable");
    assertThat(provider.updates).hasValue(0);
  }

  @ParameterizedTest
  @EnumSource(Change.class)
  void anUpdateThatKeepsARemovedPlanIsRefusedWithAClearAnswer(Change change) {
    provisionedThenChanged(changed(change, true));
    String[] updates = {
        "{\"service_id\":\"svc-1\",\"parameters\":{\"size\":2}}",
        String.format(UPDATE, "plan-old", "{\"size\":2}"),
        "{\"service_id\":\"svc-1\",\"maintenance_info\":{\"version\":\"1.0.0\"}}"};

    for (String json : updates) {
      Reply refused = update(json);
      String description = refused.json().get("description").asText();
      if (change == Change.SERVICE_REMOVED) {
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(description).contains("svc-1");
      } else {
        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(description).contains("plan-old").contains("no longer in the catalog");
        assertThat(refused.json().has("error")).as(refused.toString())
            .isEqualTo(json.contains("maintenance_info"));
        if (json.contains("maintenance_info")) {
          assertThat(refused.json().get("error").asText()).isEqualTo("MaintenanceInfoConflict");
        }
      }
    }
    assertThat(provider.updates).as("no update reaches the provider").hasValue(0);
    Reply fetched = server.call("GET", instance).send();
    assertThat(fetched.json().get("plan_id").asText()).isEqualTo("plan-old");
  }

  @Test
  void anUpdateNamingItsRemovedPlanReadsTheInstanceOnce() {
    provisionedThenChanged(changed(Change.PLAN_REMOVED, true));
    instanceReads.set(0);

    Reply refused = update(String.format(UPDATE, "plan-old", "{\"size\":2}"));

    assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
    assertThat(instanceReads).as("reads of the instance").hasValue(1);
  }

  @Test
  void updateOfRetiredPlanWithContextOnlyIsAccepted() {
    renamesReachTheProvider(Change.PLAN_REMOVED);
  }

  @Test
  void updateOfAnInstanceOfARemovedServiceWithContextOnlyIsAccepted() {
    // the recorded instance names its service, and the platform keeps sending its service_id
    renamesReachTheProvider(Change.SERVICE_REMOVED);
    assertThat(provider.lastUpdate.service().id()).isEqualTo(TestServiceBroker.SERVICE);
    assertThat(provider.lastUpdate.service().plans()).as("a stand-in, without plans").isEmpty();
  }

  private void renamesReachTheProvider(Change change) {
    provisionedThenChanged(changed(change, true));
    // IBM Cloud renames an instance: its context, without plan_id (or with the same one), with
    // no parameters and no maintenance_info; nothing in it needs the removed plan's schema
    String context = "\"context\":{\"platform\":\"ibmcloud\",\"account_id\":\"acc-1\","
        + "\"name\":\"%s\"}";
    String[] renames = {
        "{\"service_id\":\"svc-1\"," + String.format(context, "renamed") + "}",
        "{\"service_id\":\"svc-1\",\"plan_id\":\"plan-old\",\"parameters\":{},"
            + String.format(context, "renamed-again") + "}"};

    for (String json : renames) {
      Reply renamed = update(json);

      assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
      assertThat(provider.lastUpdate.plan()).as("no plan change").isNull();
      assertThat(provider.lastUpdate.resultingPlan()).as("not in the catalog").isNull();
      assertThat(provider.lastUpdate.resultingPlanId()).isEqualTo("plan-old");
      assertThat(provider.lastUpdate.instance().planId()).isEqualTo("plan-old");
      assertThat(provider.lastUpdate.context().properties().get("name"))
          .isEqualTo(json.contains("renamed-again") ? "renamed-again" : "renamed");
    }
    assertThat(provider.updates).hasValue(2);
    Reply fetched = server.call("GET", instance).send();
    assertThat(fetched.json().get("plan_id").asText()).isEqualTo("plan-old");
    Reply deprovisioned = server.call("DELETE", instance + "?service_id="
        + TestServiceBroker.SERVICE + "&plan_id=plan-old").send();
    assertThat(deprovisioned.status()).as(deprovisioned.toString()).isEqualTo(200);
    assertThat(provider.lastDeprovision.instance().context().properties().get("name"))
        .as("the new context is recorded").isEqualTo("renamed-again");
  }
}
