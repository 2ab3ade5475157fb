package io.github.osbsdk.broker.store.jdbc.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the conformance kit cannot see of the review's provider: its own errors, the fields it
 * adds to a fetch, IBM Cloud's disable, its provider-tracked jobs and its delivering bind step.
 */
class QueueBrokerBehaviourTest {
  private static final String INSTANCES = "/v2/service_instances/";
  private final QueueBackend backend = new QueueBackend();
  private QueueHttp http;

  @BeforeEach
  void start() throws Exception {
    http = new QueueHttp(QueueBrokers.builder(backend).build());
  }

  @AfterEach
  void stop() {
    http.close();
  }

  private static String body(String plan, String parameters) {
    return "{\"service_id\":\"" + QueueCatalog.SERVICE + "\",\"plan_id\":\"" + plan
        + "\",\"context\":{\"platform\":\"ibmcloud\",\"account_id\":\"acct-1\"},"
        + "\"parameters\":" + parameters + "}";
  }

  @Test
  void providersConflictIsAnsweredAndTheInstanceForgotten() {
    QueueHttp.Reply refused = http.send("PUT", INSTANCES + "q1",
        body(QueueCatalog.SMALL, "{\"name\":\"reserved\"}"));
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.text("description")).contains("reserved");
    assertThat(http.send("PUT", INSTANCES + "q1", body(QueueCatalog.SMALL, "{\"name\":\"q\"}"))
        .status()).isEqualTo(201);
  }

  @Test
  void smallPlanWithTooManyPartitionsGetsProvidersBadRequest() {
    QueueHttp.Reply refused = http.send("PUT", INSTANCES + "q2",
        body(QueueCatalog.SMALL, "{\"partitions\":9}"));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.text("description")).contains("at most 4");
  }

  @Test
  void fetchedInstanceCarriesProvisionLabelsAndProviderAttributes() {
    String identity = "ibmcloud " + Base64.getEncoder().encodeToString(
        "{\"iam_id\":\"IBMid-42\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(http.send("PUT", INSTANCES + "q3", body(QueueCatalog.SMALL,
        "{\"partitions\":2}"), identity).status()).isEqualTo(201);
    QueueHttp.Reply fetched = http.send("GET", INSTANCES + "q3", null);
    assertThat(fetched.status()).isEqualTo(200);
    assertThat(fetched.body().at("/metadata/labels/account").asText()).isEqualTo("acct-1");
    assertThat(fetched.body().at("/metadata/labels/creator").asText()).isEqualTo("IBMid-42");
    assertThat(fetched.body().at("/metadata/attributes/partitions").asInt()).isEqualTo(2);
  }

  @Test
  void updateRemovingPartitionsGetsUnprocessableAndTheInstanceKeepsItsPlan() {
    http.send("PUT", INSTANCES + "q4", body(QueueCatalog.SMALL, "{\"partitions\":3}"));
    QueueHttp.Reply refused = http.send("PATCH", INSTANCES + "q4",
        body(QueueCatalog.SMALL, "{\"partitions\":1}"));
    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.text("description")).contains("cannot be removed");
    assertThat(http.send("GET", INSTANCES + "q4", null).body().at("/parameters/partitions")
        .asInt()).isEqualTo(3);
  }

  @Test
  void planChangeToLargeRunsAsynchronouslyAndRecordsTheNewPlan() throws Exception {
    http.send("PUT", INSTANCES + "q5", body(QueueCatalog.SMALL, "{\"partitions\":2}"));
    QueueHttp.Reply accepted = http.send("PATCH", INSTANCES + "q5?accepts_incomplete=true",
        body(QueueCatalog.LARGE, "{\"partitions\":8}"));
    assertThat(accepted.status()).isEqualTo(202);
    assertThat(http.poll(INSTANCES + "q5/last_operation").text("state")).isEqualTo("succeeded");
    assertThat(http.send("GET", INSTANCES + "q5", null).text("plan_id"))
        .isEqualTo(QueueCatalog.LARGE);
    assertThat(backend.queue("q5").partitions()).isEqualTo(8);
  }

  @Test
  void failingClusterJobEndsTheProvisionFailedWithTheProvidersText() throws Exception {
    QueueHttp.Reply accepted = http.send("PUT", INSTANCES + "q6?accepts_incomplete=true",
        body(QueueCatalog.DEDICATED, "{\"fail\":true}"));
    assertThat(accepted.status()).isEqualTo(202);
    QueueHttp.Reply last = http.poll(INSTANCES + "q6/last_operation?operation="
        + accepted.text("operation"));
    assertThat(last.text("state")).isEqualTo("failed");
    assertThat(last.text("description")).isEqualTo("The cluster has no capacity left.");
  }

  @Test
  void dedicatedDeprovisionEndsGoneWhenTheClusterJobDeletedTheQueue() throws Exception {
    QueueHttp.Reply accepted = http.send("PUT", INSTANCES + "q7?accepts_incomplete=true",
        body(QueueCatalog.DEDICATED, "{}"));
    assertThat(http.poll(INSTANCES + "q7/last_operation?operation="
        + accepted.text("operation")).text("state")).isEqualTo("succeeded");
    String delete = INSTANCES + "q7?accepts_incomplete=true&service_id=" + QueueCatalog.SERVICE
        + "&plan_id=" + QueueCatalog.DEDICATED;
    QueueHttp.Reply deleting = http.send("DELETE", delete, null);
    assertThat(deleting.status()).isEqualTo(202);
    assertThat(http.poll(INSTANCES + "q7/last_operation?operation="
        + deleting.text("operation")).status()).isEqualTo(410);
    assertThat(backend.hasQueue("q7")).isFalse();
  }

  @Test
  void disabledInstanceRefusesBindsAndTheProviderCutsAccess() {
    http.send("PUT", INSTANCES + "q8", body(QueueCatalog.SMALL, "{}"));
    assertThat(http.send("PUT", "/bluemix_v1/service_instances/q8",
        "{\"enabled\":false,\"reason_code\":\"IBMCLOUD_ACCT_SUSPEND\"}").status()).isEqualTo(200);
    assertThat(backend.queue("q8").disabled()).isTrue();
    QueueHttp.Reply bind = http.send("PUT", INSTANCES + "q8/service_bindings/b1",
        body(QueueCatalog.SMALL, "{}"));
    assertThat(bind.status()).isEqualTo(422);
  }

  @Test
  void asyncBindDeliversTheKeyThatFetchesAndRepeatsAnswer() throws Exception {
    http.send("PUT", INSTANCES + "q9?accepts_incomplete=true", body(QueueCatalog.LARGE, "{}"));
    assertThat(http.poll(INSTANCES + "q9/last_operation").text("state")).isEqualTo("succeeded");
    String binding = INSTANCES + "q9/service_bindings/b9";
    QueueHttp.Reply accepted = http.send("PUT", binding + "?accepts_incomplete=true",
        body(QueueCatalog.LARGE, "{}"));
    assertThat(accepted.status()).isEqualTo(202);
    assertThat(http.poll(binding + "/last_operation").text("state")).isEqualTo("succeeded");
    QueueHttp.Reply fetched = http.send("GET", binding, null);
    assertThat(fetched.body().at("/credentials/api_key").asText())
        .isEqualTo(backend.key("q9", "b9"));
    assertThat(http.send("PUT", binding + "?accepts_incomplete=true",
        body(QueueCatalog.LARGE, "{}")).body().at("/credentials/api_key").asText())
        .isEqualTo(backend.key("q9", "b9"));
  }

  @Test
  void bindInAppModeWithoutAnAppGetsRequiresApp() {
    http.send("PUT", INSTANCES + "q10", body(QueueCatalog.SMALL, "{}"));
    QueueHttp.Reply refused = http.send("PUT", INSTANCES + "q10/service_bindings/b10",
        body(QueueCatalog.SMALL, "{\"mode\":\"app\"}"));
    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.text("error")).isEqualTo("RequiresApp");
  }
}
