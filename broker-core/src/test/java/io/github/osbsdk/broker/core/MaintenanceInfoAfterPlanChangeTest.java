package io.github.osbsdk.broker.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.MaintenanceInfo;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionResult;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.api.instance.UpdateRequest;
import io.github.osbsdk.broker.api.instance.UpdateResult;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.broker.core.testsupport.Await;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The {@code maintenance_info} a fetch answers after an update: the version the update sent, the
 * instance's own while it keeps its plan, and none after a change to another plan that named no
 * version (the old plan's version says nothing about the new plan).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MaintenanceInfoAfterPlanChangeTest {
  private static final String SERVICE = "svc-mi";
  private static final Catalog CATALOG = Catalog.of(ServiceOffering
      .builder(SERVICE, "maintained", "Plans with and without maintenance info")
      .instancesRetrievable(true).planUpdateable(true)
      .plan(Plan.builder("async", "async", "Maintained, asynchronous")
          .maintenanceInfo(MaintenanceInfo.of("2.0.0")).build())
      .plan(Plan.builder("next", "next", "Maintained, another version")
          .maintenanceInfo(MaintenanceInfo.of("3.0.0")).build())
      .plan(Plan.builder("other", "other", "No maintenance info").build())
      .build());

  /** Answers asynchronously whenever the platform accepts it. */
  private static final class Provider implements ServiceBroker {
    @Override
    public Catalog catalog() {
      return CATALOG;
    }

    @Override
    public ProvisionResult provision(ProvisionRequest request) {
      return request.acceptsIncomplete() ? ProvisionResult.accepted(AsyncWork.task(() -> { }))
          : ProvisionResult.created();
    }

    @Override
    public UpdateResult update(UpdateRequest request) {
      return request.acceptsIncomplete() ? UpdateResult.accepted(AsyncWork.task(() -> { }))
          : UpdateResult.updated();
    }

    @Override
    public DeprovisionResult deprovision(DeprovisionRequest request) {
      return DeprovisionResult.deleted();
    }
  }

  private final TestServer server = new TestServer(Broker.builder(new Provider())
      .authenticator(BasicAuthenticator.of(TestServer.USER, TestServer.PASSWORD)).build());

  @AfterAll
  void stop() {
    server.close();
  }

  /** Sends {@code body} and waits until the operation it started, if any, succeeded. */
  private void done(String method, String path, String query, String body) {
    Reply r = server.call(method, path + query).json(body).send();
    assertThat(r.status()).as(r.toString()).isIn(200, 201, 202);
    if (r.status() == 202) {
      String poll = path + "/last_operation";
      Await.until(() -> "succeeded".equals(server.call("GET", poll).send().json()
          .path("state").asText()), "the operation of " + method + " " + path + " succeeded");
    }
  }

  /** An instance of plan {@code async} with maintenance info 2.0.0, provisioned asynchronously. */
  private String provisioned() {
    String path = "/v2/service_instances/" + UUID.randomUUID();
    done("PUT", path, "?accepts_incomplete=true", "{\"service_id\":\"" + SERVICE + "\","
        + "\"plan_id\":\"async\",\"maintenance_info\":{\"version\":\"2.0.0\"},"
        + "\"context\":{\"platform\":\"cloudfoundry\"}}");
    assertThat(fetch(path).at("/maintenance_info/version").asText()).isEqualTo("2.0.0");
    return path;
  }

  private JsonNode fetch(String path) {
    Reply r = server.call("GET", path).send();
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  private static String change(String plan, String extra) {
    return "{\"service_id\":\"" + SERVICE + "\",\"plan_id\":\"" + plan + "\","
        + "\"previous_values\":{\"plan_id\":\"async\"}" + extra + "}";
  }

  @Test
  void syncChangeToAPlanWithoutMaintenanceInfoLeavesTheInstanceWithoutOne() {
    String path = provisioned();
    done("PATCH", path, "", change("other", ""));
    JsonNode fetched = fetch(path);
    assertThat(fetched.get("plan_id").asText()).isEqualTo("other");
    assertThat(fetched.has("maintenance_info")).as(fetched.toString()).isFalse();
  }

  @Test
  void asyncChangeToAPlanWithoutMaintenanceInfoLeavesTheInstanceWithoutOne() {
    String path = provisioned();
    done("PATCH", path, "?accepts_incomplete=true", change("other", ""));
    JsonNode fetched = fetch(path);
    assertThat(fetched.get("plan_id").asText()).isEqualTo("other");
    assertThat(fetched.has("maintenance_info")).as(fetched.toString()).isFalse();
  }

  @Test
  void changeToAMaintainedPlanWithoutMaintenanceInfoKeepsNoneOfTheOldPlan() {
    String path = provisioned();
    done("PATCH", path, "?accepts_incomplete=true", change("next", ""));
    JsonNode fetched = fetch(path);
    assertThat(fetched.get("plan_id").asText()).isEqualTo("next");
    assertThat(fetched.has("maintenance_info")).as(fetched.toString()).isFalse();
  }

  @Test
  void changeThatSendsTheNewPlansMaintenanceInfoRecordsIt() {
    String path = provisioned();
    done("PATCH", path, "", change("next", ",\"maintenance_info\":{\"version\":\"3.0.0\"}"));
    assertThat(fetch(path).at("/maintenance_info/version").asText()).isEqualTo("3.0.0");
  }

  @Test
  void updateThatKeepsThePlanKeepsTheInstancesMaintenanceInfo() {
    String path = provisioned();
    done("PATCH", path, "?accepts_incomplete=true",
        "{\"service_id\":\"" + SERVICE + "\",\"parameters\":{\"size\":2}}");
    done("PATCH", path, "", "{\"service_id\":\"" + SERVICE + "\",\"plan_id\":\"async\"}");
    JsonNode fetched = fetch(path);
    assertThat(fetched.get("plan_id").asText()).isEqualTo("async");
    assertThat(fetched.at("/maintenance_info/version").asText()).isEqualTo("2.0.0");
  }

  @Test
  void provisionRepeatedAfterThePlanChangeIsComparedWithTheInstanceAsItIsNow() {
    String path = provisioned();
    done("PATCH", path, "", change("other", ""));
    Reply now = server.call("PUT", path).json("{\"service_id\":\"" + SERVICE + "\","
        + "\"plan_id\":\"other\",\"context\":{\"platform\":\"cloudfoundry\"}}").send();
    assertThat(now.status()).as(now.toString()).isEqualTo(200);
  }
}
