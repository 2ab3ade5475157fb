package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.body;
import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.binding.BindingDetails;
import io.github.osbsdk.broker.api.binding.BindingMetadata;
import io.github.osbsdk.broker.api.binding.FetchBindingRequest;
import io.github.osbsdk.broker.api.instance.FetchInstanceRequest;
import io.github.osbsdk.broker.api.instance.InstanceDetails;
import io.github.osbsdk.broker.api.instance.InstanceMetadata;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Found by an audit: fetchInstance answering other service_id/plan_id than recorded was served
 * as is (200), while other provider bugs (a bad dashboard_url) are refused with the OSB 500 and
 * logged. A binding's metadata times are {@code Instant}s, so a malformed one cannot be answered;
 * one given with an offset is served in UTC.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProviderFetchAnswersTest {
  private static final String BIND = "{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\"}";
  private final TestServiceBroker sb = new TestServiceBroker() {
    @Override
    public InstanceDetails fetchInstance(FetchInstanceRequest request) {
      InstanceDetails r = request.recorded();
      String id = request.instanceId();
      if (id.startsWith("noids-")) {
        return new InstanceDetails(null, null, null, null, null,
            new InstanceMetadata(Map.of("team", "q"), Map.of("size", 3)));
      }
      if (id.startsWith("with-")) {
        return r.withDashboardUrl("https://dash.example.com/" + id)
            .withMetadata(new InstanceMetadata(null, Map.of("size", 3)));
      }
      return new InstanceDetails(id.startsWith("svc2-") ? "svc-2" : r.serviceId(),
          id.startsWith("fixed-") ? "plan-fixed" : r.planId(), r.dashboardUrl(), r.parameters(),
          r.maintenanceInfo(), r.metadata());
    }

    @Override
    public BindingDetails fetchBinding(FetchBindingRequest request) {
      if (request.bindingId().startsWith("revoked-") && !request.repeatedBind()) {
        throw ServiceBrokerException.notFound("The key was revoked.");
      }
      return new BindingDetails(Map.of("u", "p"), null, null, null, null, null,
          new BindingMetadata(Instant.parse("2026-12-31T23:59:59Z"),
              OffsetDateTime.parse("2026-12-01T00:00:00+01:00").toInstant()));
    }
  };
  private final TestServer server = TestServer.start(sb);

  @AfterAll
  void stop() {
    server.close();
  }

  private String provisioned(String prefix) {
    String id = prefix + id();
    assertThat(server.call("PUT", "/v2/service_instances/" + id).json(body("plan-sync", "{}"))
        .send().status()).isEqualTo(201);
    return id;
  }

  private static void assertProviderBug(Reply r, StderrCapture log, String logged) {
    assertThat(r.status()).as(r.toString()).isEqualTo(500);
    assertThat(r.json().get("description").asText()).doesNotContain(logged);
    assertThat(log.lines()).anyMatch(l -> l.contains("implementation error") && l.contains(logged));
  }

  @Test
  void fetchedInstanceWithAnotherPlanOrServiceThanRecordedIsAProviderBug() {
    for (String prefix : new String[] {"fixed-", "svc2-"}) {
      String id = provisioned(prefix);
      try (StderrCapture log = new StderrCapture()) {
        Reply r = server.call("GET", "/v2/service_instances/" + id).send();
        assertProviderBug(r, log, prefix.equals("fixed-") ? "plan_id" : "service_id");
      }
    }
    Reply ok = server.call("GET", "/v2/service_instances/" + provisioned("same-")).send();
    assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
    assertThat(ok.json().get("plan_id").asText()).isEqualTo("plan-sync");
  }

  @Test
  void fetchedBindingMetadataTimesAreServedInUtc() {
    String instance = provisioned("i-");
    String path = "/v2/service_instances/" + instance + "/service_bindings/";
    String good = "good-" + id();
    assertThat(server.call("PUT", path + good).json(BIND).send().status()).isEqualTo(201);
    Reply ok = server.call("GET", path + good).send();
    assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
    assertThat(ok.json().get("metadata").get("expires_at").asText())
        .isEqualTo("2026-12-31T23:59:59Z");
    assertThat(ok.json().get("metadata").get("renew_before").asText())
        .isEqualTo("2026-11-30T23:00:00Z");
  }

  @Test
  void fetchedInstanceWithoutIdsGetsTheRecordedIds() {
    Reply r = server.call("GET", "/v2/service_instances/" + provisioned("noids-")).send();

    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.json().get("service_id").asText()).isEqualTo("svc-1");
    assertThat(r.json().get("plan_id").asText()).isEqualTo("plan-sync");
    assertThat(r.json().get("metadata").get("attributes").get("size").asInt()).isEqualTo(3);
  }

  @Test
  void fetchedInstanceBuiltWithWithersKeepsTheRecordAndAddsTheProvidersValues() {
    String id = provisioned("with-");
    Reply r = server.call("GET", "/v2/service_instances/" + id).send();

    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.json().get("plan_id").asText()).isEqualTo("plan-sync");
    assertThat(r.json().get("dashboard_url").asText()).isEqualTo("https://dash.example.com/" + id);
    assertThat(r.json().get("metadata").get("attributes").get("size").asInt()).isEqualTo(3);
  }

  @Test
  void repeatedBindOfABindingWhoseFetchAnswers404IsAnswered200WithTheBinding() {
    String path = "/v2/service_instances/" + provisioned("i-") + "/service_bindings/revoked-"
        + id();
    assertThat(server.call("PUT", path).json(BIND).send().status()).isEqualTo(201);
    assertThat(server.call("GET", path).send().status()).as("the provider's GET answer")
        .isEqualTo(404);

    Reply repeat = server.call("PUT", path).json(BIND).send();

    assertThat(repeat.status()).as(repeat.toString()).isEqualTo(200);
    assertThat(repeat.json().get("credentials").get("u").asText()).isEqualTo("p");
  }
}
