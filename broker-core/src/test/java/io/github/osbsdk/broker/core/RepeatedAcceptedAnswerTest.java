package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.body;
import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.instance.InstanceMetadata;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.api.instance.UpdateRequest;
import io.github.osbsdk.broker.api.instance.UpdateResult;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.testsupport.Await;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An identical repeat of a provision or update that is still running gets 202 with the same
 * operation: a platform whose first answer was lost (a timeout, a dropped connection) has only
 * the repeat's answer, so it must carry what the first 202 carried, the dashboard URL and the
 * instance metadata (osb-2.17.md "Status codes" and "Response bodies"; state.md "What the SDK
 * then answers by itself").
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RepeatedAcceptedAnswerTest {
  private static final String UPDATE = "{\"service_id\":\"svc-1\",\"parameters\":{\"a\":1}}";
  private final AnsweringBroker sb = new AnsweringBroker();
  private final TestServer server = TestServer.start(sb);

  /** Answers asynchronous provisions with metadata and asynchronous updates with a new URL. */
  private static final class AnsweringBroker extends TestServiceBroker {
    @Override
    public ProvisionResult provision(ProvisionRequest request) {
      ProvisionResult r = super.provision(request);
      return r instanceof ProvisionResult.Accepted a
          ? a.withMetadata(new InstanceMetadata(Map.of("tier", "gold"), null)) : r;
    }

    @Override
    public UpdateResult update(UpdateRequest request) {
      UpdateResult r = super.update(request);
      return r instanceof UpdateResult.Accepted a
          ? a.withDashboardUrl("https://dash/new/" + request.instanceId()) : r;
    }
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @AfterEach
  void release() {
    sb.releaseAsyncTasks();
  }

  private Reply provision(String path) {
    return server.call("PUT", path + "?accepts_incomplete=true")
        .json(body("plan-async", "{}")).send();
  }

  private Reply update(String path) {
    return server.call("PATCH", path + "?accepts_incomplete=true").json(UPDATE).send();
  }

  private String state(String path, String operation) {
    Reply r = server.call("GET", path + "/last_operation?operation=" + operation).send();
    return r.status() == 200 ? r.json().path("state").asText() : String.valueOf(r.status());
  }

  @Test
  void repeatedRunningProvisionAnswersTheMetadataOfTheFirstAnswer() {
    sb.holdAsyncTasks();
    String path = "/v2/service_instances/" + id();
    Reply first = provision(path);
    assertThat(first.status()).isEqualTo(202);
    assertThat(first.json().path("metadata").path("labels").path("tier").asText())
        .isEqualTo("gold");

    Reply repeat = provision(path);

    assertThat(repeat.status()).isEqualTo(202);
    assertThat(repeat.json().path("operation")).isEqualTo(first.json().path("operation"));
    assertThat(repeat.json().path("metadata")).isEqualTo(first.json().path("metadata"));
  }

  @Test
  void repeatedRunningUpdateAnswersTheDashboardUrlOfTheFirstAnswer() {
    String path = "/v2/service_instances/" + id();
    String created = provision(path).json().path("operation").asText();
    Await.until(() -> state(path, created).equals("succeeded"), "the provision succeeded");
    sb.holdAsyncTasks();
    Reply first = update(path);
    assertThat(first.status()).isEqualTo(202);
    assertThat(first.json().path("dashboard_url").asText()).startsWith("https://dash/new/");

    Reply repeat = update(path);

    assertThat(repeat.status()).isEqualTo(202);
    assertThat(repeat.json().path("operation")).isEqualTo(first.json().path("operation"));
    assertThat(repeat.json().path("dashboard_url")).isEqualTo(first.json().path("dashboard_url"));
  }
}
