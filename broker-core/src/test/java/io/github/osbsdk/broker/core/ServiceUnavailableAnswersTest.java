package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static io.github.osbsdk.broker.core.RegistryTest.builder;
import static io.github.osbsdk.broker.core.RegistryTest.poll;
import static io.github.osbsdk.broker.core.RegistryTest.provision;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.AuthenticatedCaller;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.auth.Authenticator;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.broker.core.testsupport.RefusingExecutor;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Over real HTTP: every 503 the SDK answers says when to try again. The executor that refuses an
 * asynchronous operation's work (an overload) answers each operation 503 with an OSB error body
 * and {@code Retry-After}, as an unavailable store does, and the retry then runs; so do a
 * provider's own 503 {@code ServiceBrokerException} (which has no way to set one) and an
 * authenticator's, and a bare 503 the container (or a host's component) answers on an SDK path,
 * which the SDK gives an OSB error body.
 */
class ServiceUnavailableAnswersTest {
  /** The {@code Retry-After} of the SDK's 503s (that of an unavailable store). */
  private static final String RETRY_AFTER = "5";
  private static final String INSTANCES = "/v2/service_instances/";

  private final RefusingExecutor executor = new RefusingExecutor(2);
  private final TestServiceBroker provider = new TestServiceBroker() {
    @Override
    public ProvisionResult provision(ProvisionRequest request) {
      if ("503".equals(request.parameters().get("fail"))) {
        throw new ServiceBrokerException(503, "BackendDown", "The region is down.");
      }
      return super.provision(request);
    }
  };
  private final TestServer server = new TestServer(builder(provider).executor(executor).build());

  @AfterEach
  void stop() {
    server.close();
    executor.shutdownNow();
  }

  /** A 503 with an OSB error body and the SDK's {@code Retry-After}. */
  private static void unavailable(Reply r) {
    assertThat(r.status()).as(r.toString()).isEqualTo(503);
    assertThat(r.header("Retry-After")).as(r.toString()).isEqualTo(RETRY_AFTER);
    assertThat(r.header("Content-Type")).as(r.toString()).startsWith("application/json");
    assertThat(r.json().get("description").asText()).as(r.toString()).isNotBlank();
  }

  /**
   * Sends {@code call} with the executor refusing its work: 503, the operation undone; then again,
   * the platform's retry: accepted.
   */
  private Reply refusedThenRetried(TestServer.Call call) {
    executor.refuseNext();
    Reply refused = call.send();
    unavailable(refused);
    assertThat(refused.json().get("description").asText()).contains("busy");
    Reply again = call.send();
    assertThat(again.status()).as(again.toString()).isEqualTo(202);
    return again;
  }

  private String asyncInstance() {
    String id = id();
    Reply created = provision(server, id, "plan-async", "{}", true);
    assertThat(created.status()).as(created.toString()).isEqualTo(202);
    succeeded(poll(server, id, created.json().get("operation").asText()));
    return id;
  }

  private static void succeeded(Reply poll) {
    assertThat(poll.status()).as(poll.toString()).isEqualTo(200);
    assertThat(poll.json().get("state").asText()).as(poll.toString()).isEqualTo("succeeded");
  }

  private TestServer.Call asyncProvision(String id) {
    return server.call("PUT", INSTANCES + id + "?accepts_incomplete=true")
        .json(ProvisionTest.body("plan-async", "{}"));
  }

  @Test
  void asyncProvisionTheExecutorRefusesIsAnswered503WithRetryAfter() {
    String id = id();
    Reply retried = refusedThenRetried(asyncProvision(id));
    succeeded(poll(server, id, retried.json().get("operation").asText()));
  }

  private TestServer.Call asyncUpdate(String id) {
    return server.call("PATCH", INSTANCES + id + "?accepts_incomplete=true")
        .json("{\"service_id\":\"svc-1\",\"parameters\":{\"size\":2}}");
  }

  @Test
  void asyncUpdateTheExecutorRefusesIsAnswered503WithRetryAfter() {
    String id = asyncInstance();
    Reply retried = refusedThenRetried(asyncUpdate(id));
    succeeded(poll(server, id, retried.json().get("operation").asText()));
  }

  private TestServer.Call asyncDeprovision(String id) {
    return server.call("DELETE", INSTANCES + id
        + "?service_id=svc-1&plan_id=plan-async&accepts_incomplete=true");
  }

  @Test
  void asyncDeprovisionTheExecutorRefusesIsAnswered503WithRetryAfter() {
    String id = asyncInstance();
    Reply retried = refusedThenRetried(asyncDeprovision(id));
    Reply gone = poll(server, id, retried.json().get("operation").asText());
    assertThat(gone.status()).as(gone.toString()).isEqualTo(410);
  }

  private TestServer.Call asyncBind(String id, String bindingId) {
    return server.call("PUT", INSTANCES + id + "/service_bindings/" + bindingId
        + "?accepts_incomplete=true").json("{\"service_id\":\"svc-1\",\"plan_id\":\"plan-async\","
        + "\"parameters\":{\"fail\":\"async\"}}");
  }

  private void bindingSucceeded(String id, String bindingId, Reply accepted) {
    succeeded(bindingPoll(id, bindingId, accepted.json().get("operation").asText()));
  }

  /** Polls a binding's operation until it leaves "in progress". */
  private Reply bindingPoll(String id, String bindingId, String operation) {
    String path = INSTANCES + id + "/service_bindings/" + bindingId
        + "/last_operation?service_id=svc-1&plan_id=plan-async&operation=" + operation;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    Reply r = server.call("GET", path).send();
    while (r.status() == 200 && r.json().get("state").asText().equals("in progress")
        && System.nanoTime() < deadline) {
      RegistryTest.sleep(20);
      r = server.call("GET", path).send();
    }
    return r;
  }

  @Test
  void asyncBindTheExecutorRefusesIsAnswered503WithRetryAfter() {
    String id = asyncInstance();
    String bindingId = id();
    Reply retried = refusedThenRetried(asyncBind(id, bindingId));
    bindingSucceeded(id, bindingId, retried);
  }

  private TestServer.Call asyncUnbind(String id, String bindingId) {
    return server.call("DELETE", INSTANCES + id + "/service_bindings/" + bindingId
        + "?service_id=svc-1&plan_id=plan-async&accepts_incomplete=true");
  }

  @Test
  void asyncUnbindTheExecutorRefusesIsAnswered503WithRetryAfter() {
    String id = asyncInstance();
    String bindingId = id();
    bindingSucceeded(id, bindingId, asyncBind(id, bindingId).send());

    Reply retried = refusedThenRetried(asyncUnbind(id, bindingId));
    Reply gone = bindingPoll(id, bindingId, retried.json().get("operation").asText());
    assertThat(gone.status()).as(gone.toString()).isEqualTo(410);
  }

  /**
   * A provider's own 503: {@code ServiceBrokerException} carries no {@code Retry-After}, so the
   * SDK sends its own with the provider's error body.
   */
  @Test
  void providersOwn503IsAnsweredWithItsBodyAndRetryAfter() {
    Reply r = provision(server, id(), "plan-sync", "{\"fail\":\"503\"}", false);

    unavailable(r);
    assertThat(r.json().get("error").asText()).isEqualTo("BackendDown");
    assertThat(r.json().get("description").asText()).isEqualTo("The region is down.");
  }

  /** An authenticator that cannot decide (its identity provider is down) answers 503. */
  @Test
  void authenticatorsOwn503IsAnsweredWithRetryAfter() {
    Authenticator down = new Authenticator() {
      @Override
      public AuthenticatedCaller authenticate(String authorization) {
        throw new ServiceBrokerException(503, null, "The identity provider is unavailable.");
      }

      @Override
      public String challenge() {
        return BasicAuthenticator.of(TestServer.USER, TestServer.PASSWORD).challenge();
      }
    };
    try (TestServer s = new TestServer(builder(provider).authenticator(down).build())) {
      unavailable(s.call("GET", "/v2/catalog").send());
    }
  }

  /**
   * A host's filter that answers every request itself with a bare 503 (a maintenance switch, or
   * the container's own overload answer), with the given {@code Retry-After} or none.
   */
  public static final class Bare503 implements ContainerRequestFilter {
    private final String retryAfter;

    Bare503(String retryAfter) {
      this.retryAfter = retryAfter;
    }

    @Override
    public void filter(ContainerRequestContext request) {
      Response.ResponseBuilder r = Response.status(503);
      if (retryAfter != null) {
        r.header(HttpHeaders.RETRY_AFTER, retryAfter);
      }
      request.abortWith(r.build());
    }
  }

  /**
   * A 503 without a body that the SDK did not produce is rewritten into an OSB error answer by
   * the same code as the SDK's own: it carries {@code Retry-After} too.
   */
  @Test
  void containersOwn503OnABrokerPathIsAnsweredWithAnOsbBodyAndRetryAfter() {
    try (TestServer s = new TestServer(builder(provider).register(new Bare503(null)).build())) {
      Reply r = s.call("GET", "/v2/catalog").send();

      unavailable(r);
      assertThat(r.header("X-Broker-API-Request-Identity")).as(r.toString()).isNotBlank();
    }
  }

  /** A container's 503 that says when to retry keeps its own {@code Retry-After}. */
  @Test
  void containersOwn503KeepsItsOwnRetryAfter() {
    try (TestServer s = new TestServer(builder(provider).register(new Bare503("120")).build())) {
      Reply r = s.call("GET", "/v2/catalog").send();

      assertThat(r.status()).as(r.toString()).isEqualTo(503);
      assertThat(r.header("Retry-After")).as(r.toString()).isEqualTo("120");
      assertThat(r.json().get("description").asText()).as(r.toString()).isNotBlank();
    }
  }
}
