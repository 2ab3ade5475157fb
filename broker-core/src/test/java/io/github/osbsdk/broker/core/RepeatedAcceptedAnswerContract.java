package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.body;
import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.BindResult;
import io.github.osbsdk.broker.api.binding.BindingMetadata;
import io.github.osbsdk.broker.api.instance.InstanceMetadata;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.api.instance.UpdateRequest;
import io.github.osbsdk.broker.api.instance.UpdateResult;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.broker.core.testsupport.Await;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An identical repeat of a provision or update that is still running gets 202 with the same
 * operation: a platform whose first answer was lost (a timeout, a dropped connection) has only
 * the repeat's answer, so it must carry what the first 202 carried, the dashboard URL and the
 * instance metadata, or a bind's metadata (osb-2.17.md "Status codes" and "Response bodies";
 * state.md "What the SDK then answers by itself"). Without {@code accepts_incomplete=true} the
 * repeat gets 422 {@code AsyncRequired}, whichever operation runs. Over real HTTP, on a store a
 * subclass chooses: what the repeat answers is what the operation's row recorded.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class RepeatedAcceptedAnswerContract {
  private static final String UPDATE = "{\"service_id\":\"svc-1\",\"parameters\":{\"a\":1}}";
  /** A bind on plan-sync whose provider answers with asynchronous work. */
  private static final String ASYNC_BIND = "{\"service_id\":\"svc-1\",\"plan_id\":\"plan-sync\","
      + "\"parameters\":{\"fail\":\"async\"}}";
  private static final BindingMetadata EXPIRY =
      new BindingMetadata(Instant.parse("2027-01-31T12:00:00Z"), null);
  private final AnsweringBroker sb = new AnsweringBroker();
  private TestServer server;

  /**
   * A broker builder on the store under test, for {@code provider}; the contract adds basic
   * authentication.
   *
   * @param provider the provider
   * @return the builder
   */
  protected abstract Broker.Builder builder(ServiceBroker provider);

  /** Called once the contract's broker is closed, to close what {@link #builder} opened. */
  protected void afterBrokerClosed() {
    // nothing by default
  }

  /**
   * Answers asynchronous provisions and binds with metadata and asynchronous updates with a new
   * URL.
   */
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

    @Override
    public BindResult bind(BindRequest request) {
      BindResult r = super.bind(request);
      return r instanceof BindResult.Accepted a ? a.withMetadata(EXPIRY) : r;
    }
  }

  @BeforeAll
  void start() {
    server = new TestServer(builder(sb)
        .authenticator(BasicAuthenticator.of(TestServer.USER, TestServer.PASSWORD))
        .retryAfter(Duration.ofSeconds(1)).build());
  }

  @AfterAll
  void stop() {
    server.close();
    afterBrokerClosed();
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

  /** @return the path of an instance whose asynchronous provision succeeded */
  private String provisioned() {
    String path = "/v2/service_instances/" + id();
    String created = provision(path).json().path("operation").asText();
    Await.until(() -> state(path, created).equals("succeeded"), "the provision succeeded");
    return path;
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
    String path = provisioned();
    sb.holdAsyncTasks();
    Reply first = update(path);
    assertThat(first.status()).isEqualTo(202);
    assertThat(first.json().path("dashboard_url").asText()).startsWith("https://dash/new/");

    Reply repeat = update(path);

    assertThat(repeat.status()).isEqualTo(202);
    assertThat(repeat.json().path("operation")).isEqualTo(first.json().path("operation"));
    assertThat(repeat.json().path("dashboard_url")).isEqualTo(first.json().path("dashboard_url"));
  }

  @Test
  void repeatedRunningUpdateWithoutAcceptsIncompleteIsAsyncRequired() {
    String path = provisioned();
    sb.holdAsyncTasks();
    assertThat(update(path).status()).isEqualTo(202);

    Reply repeat = server.call("PATCH", path).json(UPDATE).send();

    // as a repeated provision, bind or delete without accepts_incomplete is answered
    assertThat(repeat.status()).as(repeat.toString()).isEqualTo(422);
    assertThat(repeat.json().path("error").asText()).isEqualTo("AsyncRequired");
  }

  @Test
  void repeatedRunningBindAnswersTheMetadataOfTheFirstAnswer() {
    String ipath = "/v2/service_instances/" + id();
    assertThat(server.call("PUT", ipath).json(body("plan-sync", "{}")).send().status())
        .isEqualTo(201);
    String bpath = ipath + "/service_bindings/" + id();
    sb.holdAsyncTasks();
    Reply first = server.call("PUT", bpath + "?accepts_incomplete=true").json(ASYNC_BIND).send();
    assertThat(first.status()).isEqualTo(202);
    assertThat(first.json().path("metadata").path("expires_at").asText())
        .isEqualTo("2027-01-31T12:00:00Z");

    Reply repeat = server.call("PUT", bpath + "?accepts_incomplete=true").json(ASYNC_BIND).send();

    assertThat(repeat.status()).isEqualTo(202);
    assertThat(repeat.json().path("operation")).isEqualTo(first.json().path("operation"));
    assertThat(repeat.json().path("metadata")).isEqualTo(first.json().path("metadata"));
  }
}
