package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.body;
import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.TestServer.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InstanceLifecycleTest {
  private final TestServiceBroker sb = new TestServiceBroker();
  private final TestServer server = TestServer.start(sb);

  @AfterAll
  void stop() {
    server.close();
  }

  private String provisioned(String plan) {
    String id = id();
    Reply r = server.call("PUT", "/v2/service_instances/" + id).json(body(plan, "{\"a\":1}"))
        .send();
    assertThat(r.status()).isEqualTo(201);
    return id;
  }

  private Reply patch(String id, String json) {
    return server.call("PATCH", "/v2/service_instances/" + id).json(json).send();
  }

  @Test
  void updateAnswersOkWithEmptyObject() {
    String id = provisioned("plan-sync");
    Reply r = patch(id, "{\"service_id\":\"svc-1\",\"parameters\":{\"a\":2}}");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{}");
    assertThat(sb.instances.get(id).parameters()).containsEntry("a", 2);
  }

  @Test
  void provisionRepeatedAfterAPlanChangeComparesWithTheUpdatedInstance() {
    // spec (Provisioning, 409): "MUST be returned if a Service Instance with the same id already
    // exists ... but with different attributes"; 200 when "identical to the existing"
    String id = provisioned("plan-sync");
    assertThat(patch(id, "{\"service_id\":\"svc-1\",\"plan_id\":\"plan-fixed\"}").status())
        .isEqualTo(200);
    Reply original = server.call("PUT", "/v2/service_instances/" + id)
        .json(body("plan-sync", "{\"a\":1}")).send();
    assertThat(original.status()).as(original.toString()).isEqualTo(409);
    Reply current = server.call("PUT", "/v2/service_instances/" + id)
        .json(body("plan-fixed", "{\"a\":1}")).send();
    assertThat(current.status()).as(current.toString()).isEqualTo(200);
  }

  @Test
  void provisionRepeatedAfterAParameterUpdateComparesWithTheMergedParameters() {
    String id = provisioned("plan-sync");
    assertThat(patch(id, "{\"service_id\":\"svc-1\",\"parameters\":{\"b\":[2.5,\"x\"]}}")
        .status()).isEqualTo(200);
    Reply original = server.call("PUT", "/v2/service_instances/" + id)
        .json(body("plan-sync", "{\"a\":1}")).send();
    assertThat(original.status()).as(original.toString()).isEqualTo(409);
    // the merged parameters, keys in another order
    Reply current = server.call("PUT", "/v2/service_instances/" + id)
        .json(body("plan-sync", "{\"b\":[2.5,\"x\"],\"a\":1}")).send();
    assertThat(current.status()).as(current.toString()).isEqualTo(200);
  }

  @Test
  void provisionRepeatedAfterAnAsyncUpdateComparesWithTheUpdatedInstance() throws Exception {
    String id = id();
    String async = "/v2/service_instances/" + id + "?accepts_incomplete=true";
    assertThat(server.call("PUT", async).json(body("plan-async", "{\"a\":1}")).send().status())
        .isEqualTo(202);
    awaitSucceeded(id);
    assertThat(server.call("PATCH", async)
        .json("{\"service_id\":\"svc-1\",\"parameters\":{\"a\":3}}").send().status())
        .isEqualTo(202);
    awaitSucceeded(id);
    assertThat(server.call("PUT", async).json(body("plan-async", "{\"a\":1}")).send().status())
        .isEqualTo(409);
    assertThat(server.call("PUT", async).json(body("plan-async", "{\"a\":3}")).send().status())
        .isEqualTo(200);
  }

  private void awaitSucceeded(String id) throws InterruptedException {
    for (int i = 0; i < 1_200; i++) { // 30 s at least
      Reply poll = server.call("GET", "/v2/service_instances/" + id + "/last_operation").send();
      if (poll.status() == 200 && !"in progress".equals(poll.json().get("state").asText())) {
        assertThat(poll.json().get("state").asText()).isEqualTo("succeeded");
        return;
      }
      Thread.sleep(25);
    }
    throw new AssertionError("still in progress: " + id);
  }

  @Test
  void updateThatChangesNothingKeepsTheProvisionIdentical() {
    String id = provisioned("plan-sync");
    assertThat(patch(id, "{\"service_id\":\"svc-1\",\"parameters\":{\"a\":1}}").status())
        .isEqualTo(200);
    Reply repeat = server.call("PUT", "/v2/service_instances/" + id)
        .json(body("plan-sync", "{\"a\":1}")).send();
    assertThat(repeat.status()).as(repeat.toString()).isEqualTo(200);
  }

  @Test
  void planChangeOnUpdateablePlanIsOk() {
    String id = provisioned("plan-sync");
    Reply r = patch(id, "{\"service_id\":\"svc-1\",\"plan_id\":\"plan-fixed\","
        + "\"previous_values\":{\"plan_id\":\"plan-sync\"}}");
    assertThat(r.status()).isEqualTo(200);
    assertThat(sb.instances.get(id).planId()).isEqualTo("plan-fixed");
  }

  @Test
  void planChangeFromNonUpdateablePlanIsUnprocessable() {
    String id = provisioned("plan-fixed");
    Reply r = patch(id, "{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\","
        + "\"previous_values\":{\"plan_id\":\"plan-fixed\"}}");
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.json().get("description").asText()).contains("not updateable");
    assertThat(sb.instances.get(id).planId()).isEqualTo("plan-fixed");
  }

  @Test
  void updateToUnknownPlanOrWithoutServiceIsBadRequest() {
    String id = provisioned("plan-sync");
    assertThat(patch(id, "{\"service_id\":\"svc-1\",\"plan_id\":\"nope\"}").status())
        .isEqualTo(400);
    Reply r = patch(id, "{\"plan_id\":\"plan-sync\"}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("description").asText()).contains("service_id");
    assertThat(patch(id, "{\"service_id\":\"svc-1\",\"previous_values\":[]}").status())
        .isEqualTo(400);
  }

  @Test
  void updateWithMismatchingMaintenanceInfoIsUnprocessable() {
    String id = provisioned("plan-sync");
    Reply r = patch(id, "{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\","
        + "\"maintenance_info\":{\"version\":\"9.9.9\"}}");
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.json().get("error").asText()).isEqualTo("MaintenanceInfoConflict");
  }

  @Test
  void updateMetadataJacksonCannotWriteIsAProviderBugThatLeavesTheInstanceAsItWas() {
    String id = provisioned("plan-sync");
    String cyclic = "{\"service_id\":\"svc-1\",\"parameters\":{\"fail\":\"cyclic-metadata\"}}";
    for (int i = 0; i < 2; i++) {
      Reply r = patch(id, cyclic);
      assertThat(r.status()).as(r.toString()).isEqualTo(500);
      assertThat(r.json().get("description").asText()).contains("internal error");
    }
    Reply fetched = server.call("GET", "/v2/service_instances/" + id).send();
    assertThat(fetched.json().get("parameters").get("a").asInt()).isEqualTo(1);
    assertThat(patch(id, "{\"service_id\":\"svc-1\",\"parameters\":{\"a\":2}}").status())
        .isEqualTo(200);
  }

  @Test
  void failedUpdateKeepsInstanceUsableAndUpdateRepeatable() {
    String id = provisioned("plan-sync");
    Reply r = patch(id, "{\"service_id\":\"svc-1\",\"parameters\":{\"fail\":\"usable\"}}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("instance_usable").asBoolean()).isTrue();
    assertThat(r.json().get("update_repeatable").asBoolean()).isFalse();
  }

  @Test
  void fetchAnswersOkOrNotFound() {
    String id = provisioned("plan-sync");
    Reply r = server.call("GET", "/v2/service_instances/" + id).send();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("service_id").asText()).isEqualTo("svc-1");
    assertThat(r.json().get("plan_id").asText()).isEqualTo("plan-sync");
    Reply missing = server.call("GET", "/v2/service_instances/" + id()).send();
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().get("description").asText()).isNotBlank();
  }

  @Test
  void fetchNeedsApiVersionTwoFourteenOnlyWhenStrict() {
    try (TestServer strict = new TestServer(Broker.builder(sb).insecureWithoutAuthentication()
        .strictVersionGating(true).build())) {
      String id = id();
      assertThat(strict.call("PUT", "/v2/service_instances/" + id)
          .json(body("plan-sync", "{}")).send().status()).isEqualTo(201);
      assertThat(strict.call("GET", "/v2/service_instances/" + id)
          .header("X-Broker-API-Version", "2.13").send().status()).isEqualTo(412);
      assertThat(strict.call("GET", "/v2/service_instances/" + id).send().status())
          .isEqualTo(200);
    }
    String id = provisioned("plan-sync");
    assertThat(server.call("GET", "/v2/service_instances/" + id)
        .header("X-Broker-API-Version", "2.12").send().status()).isEqualTo(200);
  }

  @Test
  void deprovisionAnswersOkThenGone() {
    String id = provisioned("plan-sync");
    String path = "/v2/service_instances/" + id + "?service_id=svc-1&plan_id=plan-sync";
    Reply r = server.call("DELETE", path).send();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{}");
    Reply gone = server.call("DELETE", path).send();
    assertThat(gone.status()).isEqualTo(410);
    assertThat(gone.json().get("description").asText()).isNotBlank();
  }

  @Test
  void deprovisionNamingAnotherServiceIsBadRequestAndKeepsTheInstance() {
    // spec (Deprovisioning): service_id "MUST be the ID of the Service Offering associated with
    // the Service Instance being deleted"; update and bind already refuse another service
    String id = provisioned("plan-sync");
    Reply r = server.call("DELETE", "/v2/service_instances/" + id
        + "?service_id=svc-2&plan_id=plan-other").send();
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    assertThat(r.json().get("description").asText()).contains("another service_id");
    assertThat(sb.instances).containsKey(id);
    // the plan is a hint: a plan of the instance's service that differs is still deleted
    assertThat(server.call("DELETE", "/v2/service_instances/" + id
        + "?service_id=svc-1&plan_id=plan-fixed").send().status()).isEqualTo(200);
  }

  @Test
  void instanceAndBindingOfAPlanLaterRemovedFromTheCatalogCanStillBeDeleted() {
    // update only moves such an instance to a current plan (CatalogChangeAfterProvisionTest),
    // which a service that is not plan_updateable refuses: so deprovision must work
    var dynamic = new CatalogChangeFixture.Provider(TestServiceBroker.CATALOG);
    try (TestServer s = new TestServer(Broker.builder(dynamic).insecureWithoutAuthentication()
        .build())) {
      String id = id();
      assertThat(s.call("PUT", "/v2/service_instances/" + id).json(body("plan-fixed", "{}"))
          .send().status()).isEqualTo(201);
      String binding = "/v2/service_instances/" + id + "/service_bindings/b1";
      assertThat(s.call("PUT", binding).json(body("plan-fixed", "{}")).send().status())
          .isEqualTo(201);
      var svc = TestServiceBroker.CATALOG.services().get(0);
      CatalogChangeFixture.changeCatalog(s, dynamic, io.github.osbsdk.broker.api.catalog.Catalog
          .of(io.github.osbsdk.broker.api.catalog.ServiceOffering.builder(svc.id(), svc.name(),
              svc.description()).bindable(true).plan(svc.plan("plan-sync").orElseThrow())
              .build()));
      String ids = "?service_id=svc-1&plan_id=plan-fixed";
      Reply unbind = s.call("DELETE", binding + ids).send();
      assertThat(unbind.status()).as(unbind.toString()).isEqualTo(200);
      String path = "/v2/service_instances/" + id + ids;
      Reply r = s.call("DELETE", path).send();
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      assertThat(dynamic.instances).doesNotContainKey(id);
      assertThat(s.call("DELETE", path).send().status()).isEqualTo(410);
    }
  }

  @Test
  void deprovisionWithoutServiceOrPlanQueryIsBadRequest() {
    String id = provisioned("plan-sync");
    Reply noPlan = server.call("DELETE", "/v2/service_instances/" + id + "?service_id=svc-1")
        .send();
    assertThat(noPlan.status()).isEqualTo(400);
    assertThat(noPlan.json().get("description").asText()).contains("plan_id");
    Reply noService = server.call("DELETE", "/v2/service_instances/" + id + "?plan_id=plan-sync")
        .send();
    assertThat(noService.status()).isEqualTo(400);
    assertThat(noService.json().get("description").asText()).contains("service_id");
    assertThat(sb.instances).containsKey(id);
  }

  @Test
  void providerTrackedAsyncProvisionIsPolledThroughTheProvider() {
    String id = id();
    Reply r = server.call("PUT", "/v2/service_instances/" + id + "?accepts_incomplete=true")
        .json(body("plan-provider", "{}")).send();
    assertThat(r.status()).isEqualTo(202);
    String op = r.json().get("operation").asText();
    assertThat(r.json().get("dashboard_url").asText()).isNotBlank();
    Reply poll = server.call("GET", "/v2/service_instances/" + id
        + "/last_operation?operation=" + op).send();
    assertThat(sb.lastOperationParam).isEqualTo("provider-op-1");
    assertThat(poll.status()).isEqualTo(200);
    assertThat(poll.json().get("state").asText()).isEqualTo("in progress");
    assertThat(poll.header("Retry-After")).isEqualTo("7");
    // known to IBM Cloud's state API from the moment the provision was accepted
    assertThat(server.call("GET", "/bluemix_v1/service_instances/" + id).send().status())
        .isEqualTo(200);
    sb.providerOps.put(id, "succeeded");
    Reply done = server.call("GET", "/v2/service_instances/" + id + "/last_operation").send();
    assertThat(done.json().get("state").asText()).isEqualTo("succeeded");
    // spec: instance_usable "MUST NOT be present for operations other than updates or
    // deprovisions", update_repeatable not for operations other than updates
    assertThat(done.json().has("instance_usable")).as(done.toString()).isFalse();
    assertThat(done.json().has("update_repeatable")).as(done.toString()).isFalse();
    assertThat(server.call("GET", "/bluemix_v1/service_instances/" + id).send().status())
        .isEqualTo(200);
  }

  @Test
  void providerTrackedProvisionPollCarriesNeitherInstanceUsableNorUpdateRepeatable() {
    String id = id();
    Reply r = server.call("PUT", "/v2/service_instances/" + id + "?accepts_incomplete=true")
        .json(body("plan-provider", "{}")).send();
    assertThat(r.status()).isEqualTo(202);
    // the provider answers both flags; for a provision the spec forbids them
    Reply poll = server.call("GET", "/v2/service_instances/" + id + "/last_operation").send();
    assertThat(poll.status()).isEqualTo(200);
    assertThat(poll.json().get("state").asText()).isEqualTo("in progress");
    assertThat(poll.json().has("instance_usable")).as(poll.toString()).isFalse();
    assertThat(poll.json().has("update_repeatable")).as(poll.toString()).isFalse();
  }

  @Test
  void lastOperationOfUnknownInstanceIsNotFound() {
    Reply r = server.call("GET", "/v2/service_instances/" + id() + "/last_operation").send();
    assertThat(r.status()).isEqualTo(404);
  }
}
