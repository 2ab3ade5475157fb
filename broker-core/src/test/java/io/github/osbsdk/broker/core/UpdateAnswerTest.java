package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.body;
import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.AsyncWork;
import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionResult;
import io.github.osbsdk.broker.api.instance.InstanceMetadata;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.api.instance.UpdateRequest;
import io.github.osbsdk.broker.api.instance.UpdateResult;
import io.github.osbsdk.broker.core.TestServer.Reply;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Found by an audit: UpdateResult.Accepted had no withDashboardUrl/withMetadata although OSB's
 * update 202 may carry both (ProvisionResult.Accepted has them); and the default update said
 * "plan_updateable is not set" also for a parameters-only update on a plan where it is set.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UpdateAnswerTest {
  private static final InstanceMetadata METADATA =
      new InstanceMetadata(Map.of("tier", "gold"), Map.of("region", "eu"));
  private final TestServiceBroker sb = new TestServiceBroker() {
    @Override
    public UpdateResult update(UpdateRequest request) {
      String url = "https://dash.example/" + request.instanceId();
      if (request.acceptsIncomplete()) {
        return UpdateResult.accepted(AsyncWork.task(() -> { }))
            .withDashboardUrl(url).withMetadata(METADATA);
      }
      return UpdateResult.updated().withDashboardUrl(url).withMetadata(METADATA);
    }
  };
  private final TestServer server = TestServer.start(sb);

  @AfterAll
  void stop() {
    server.close();
  }

  private static String provisioned(TestServer on) {
    String id = id();
    assertThat(on.call("PUT", "/v2/service_instances/" + id).json(body("plan-sync", "{}"))
        .send().status()).isEqualTo(201);
    return id;
  }

  @Test
  void acceptedUpdateAnswersItsDashboardUrlAndMetadataIn202() {
    String id = provisioned(server);
    Reply r = server.call("PATCH", "/v2/service_instances/" + id + "?accepts_incomplete=true")
        .json("{\"service_id\":\"svc-1\",\"parameters\":{\"a\":2}}").send();

    assertThat(r.status()).as(r.toString()).isEqualTo(202);
    assertThat(r.json().get("dashboard_url").asText()).isEqualTo("https://dash.example/" + id);
    assertThat(r.json().get("metadata").get("labels").get("tier").asText()).isEqualTo("gold");
    assertThat(r.json().get("metadata").get("attributes").get("region").asText())
        .isEqualTo("eu");
    assertThat(r.json().get("operation").asText()).isNotEmpty();
  }

  @Test
  void synchronousUpdateAnswersItsDashboardUrlAndMetadataIn200() {
    String id = provisioned(server);
    Reply r = server.call("PATCH", "/v2/service_instances/" + id)
        .json("{\"service_id\":\"svc-1\",\"parameters\":{\"a\":2}}").send();

    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.json().get("dashboard_url").asText()).isEqualTo("https://dash.example/" + id);
    assertThat(r.json().get("metadata").get("labels").get("tier").asText()).isEqualTo("gold");
  }

  @Test
  void defaultUpdateOfParametersOnAnUpdateablePlanDoesNotBlamePlanUpdateable() {
    try (TestServer plain = new TestServer(Broker.builder(withoutUpdate(new TestServiceBroker()))
        .authenticator(io.github.osbsdk.broker.core.auth.BasicAuthenticator.of(
            TestServer.USER, TestServer.PASSWORD)).build())) {
      String id = provisioned(plain);
      for (String patch : new String[] {"{\"service_id\":\"svc-1\",\"parameters\":{\"a\":2}}",
          "{\"service_id\":\"svc-1\",\"plan_id\":\"plan-fixed\"}"}) {
        Reply r = plain.call("PATCH", "/v2/service_instances/" + id).json(patch).send();

        assertThat(r.status()).as(r.toString()).isEqualTo(422);
        assertThat(r.json().get("description").asText())
            .isEqualTo("This broker does not support updating service instances.")
            .doesNotContain("plan_updateable");
      }
    }
  }

  /** The provider's broker with ServiceBroker's default update. */
  private static ServiceBroker withoutUpdate(TestServiceBroker sb) {
    return new ServiceBroker() {
      @Override
      public Catalog catalog() {
        return sb.catalog();
      }

      @Override
      public ProvisionResult provision(ProvisionRequest request) {
        return sb.provision(request);
      }

      @Override
      public DeprovisionResult deprovision(DeprovisionRequest request) {
        return sb.deprovision(request);
      }
    };
  }
}
