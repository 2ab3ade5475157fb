package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.body;
import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.AuthenticatedCaller;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.auth.Authenticator;
import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the request path logs at the default level (INFO) while the provider fails on every
 * request (an implementation error, answered 500 without details): one ERROR with its stack
 * trace per operation and kind of failure a minute, not one per request, and a different
 * failure logs at once; likewise an authenticator that crashes. The answers stay what they
 * were.
 */
class ProviderFailureLoggingTest {
  private final TestServiceBroker sb = new TestServiceBroker() {
    @Override
    public ProvisionResult provision(ProvisionRequest request) {
      if ("internal".equals(request.parameters().get("fail"))) {
        throw ServiceBrokerException.internalError("backend said no");
      }
      return super.provision(request);
    }
  };
  private final TestServer server = TestServer.start(sb);

  @AfterEach
  void stop() {
    server.close();
  }

  private static List<String> lines(StderrCapture log, String text) {
    return log.lines().stream().filter(l -> l.contains(text)).toList();
  }

  private void provision(int times, String fail, int status) {
    for (int i = 0; i < times; i++) {
      Reply r = server.call("PUT", "/v2/service_instances/" + id())
          .json(body("plan-sync", "{\"fail\":\"" + fail + "\"}")).send();
      assertThat(r.status()).as(r.toString()).isEqualTo(status);
    }
  }

  private void bind(int times, String fail) {
    String iid = id();
    assertThat(server.call("PUT", "/v2/service_instances/" + iid)
        .json(body("plan-sync", "{}")).send().status()).isEqualTo(201);
    for (int i = 0; i < times; i++) {
      Reply r = server.call("PUT", "/v2/service_instances/" + iid + "/service_bindings/" + id())
          .json(String.format(BindingTest.BIND, "plan-sync", "{\"fail\":\"" + fail + "\"}"))
          .send();
      assertThat(r.status()).as(r.toString()).isEqualTo(500);
    }
  }

  @Test
  void aProviderThrowingOnEveryRequestLogsOneErrorWithItsStackTraceNotOnePerRequest() {
    try (StderrCapture log = new StderrCapture()) {
      provision(30, "runtime", 500);
      assertThat(lines(log, "failed unexpectedly")).singleElement().asString()
          .contains("ERROR").contains("provision");
      assertThat(lines(log, "java.lang.IllegalStateException: secret internal detail"))
          .hasSize(1);
    }
  }

  @Test
  void anotherExceptionClassOfTheSameOperationLogsAtOnce() {
    try (StderrCapture log = new StderrCapture()) {
      provision(5, "runtime", 500);
      provision(5, "checked", 500);
      assertThat(lines(log, "failed unexpectedly")).hasSize(2).allMatch(l -> l.contains("ERROR"));
      assertThat(lines(log, "java.io.IOException: secret internal detail")).hasSize(1);
    }
  }

  @Test
  void anotherOperationFailingAlikeLogsAtOnce() {
    try (StderrCapture log = new StderrCapture()) {
      provision(5, "runtime", 500);
      bind(5, "runtime");
      assertThat(lines(log, "failed unexpectedly")).hasSize(2);
      assertThat(lines(log, "failed unexpectedly in bind")).singleElement().asString()
          .contains("ERROR");
    }
  }

  @Test
  void aProviderAnsweringAServerErrorOnEveryRequestLogsOneErrorNotOnePerRequest() {
    try (StderrCapture log = new StderrCapture()) {
      provision(30, "internal", 500);
      assertThat(lines(log, "backend said no")).singleElement().asString().contains("ERROR");
    }
  }

  @Test
  void anAuthenticatorCrashingOnEveryRequestLogsOneErrorNotOnePerRequest() {
    Authenticator crashing = new Authenticator() {
      @Override
      public AuthenticatedCaller authenticate(String authorization) {
        throw new IllegalStateException("key cache broken");
      }

      @Override
      public String challenge() {
        return "Basic realm=\"broker\"";
      }
    };
    try (TestServer crashy = new TestServer(Broker.builder(sb).authenticator(crashing).build());
        StderrCapture log = new StderrCapture()) {
      for (int i = 0; i < 30; i++) {
        Reply r = crashy.call("GET", "/v2/catalog").send();
        assertThat(r.status()).as(r.toString()).isEqualTo(500);
      }
      assertThat(lines(log, "authenticator failed unexpectedly")).singleElement().asString()
          .contains("ERROR");
    }
  }
}
