package io.github.osbsdk.broker.core;

import static io.github.osbsdk.broker.core.ProvisionTest.id;
import static io.github.osbsdk.broker.core.RegistryTest.builder;
import static io.github.osbsdk.broker.core.RegistryTest.provision;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.api.internal.SdkOnlyErrors;
import io.github.osbsdk.broker.api.binding.BindRequest;
import io.github.osbsdk.broker.api.binding.BindResult;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.api.state.InstanceStateRequest;
import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.auth.Authenticator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Over real HTTP: 401, 412 and 413 are statuses only the SDK answers (its authenticator, its
 * API-version check, its body limit). A provider's method that throws one anyway gets a generic
 * 500, logged as a provider bug: a platform would take the provider's 401 for a wrong broker
 * password (and find no {@code WWW-Authenticate}), its 412 for an old platform, its 413 for a body
 * too large. The SDK's own answers with those statuses are unchanged. (Its constructors refuse
 * those statuses, so a provider gets one only from {@link Authenticator#unauthorized} or, on the
 * class path, the SDK's internal {@link SdkOnlyErrors}.)
 */
class ProviderReservedStatusTest {
  private final TestServiceBroker provider = new TestServiceBroker() {
    @Override
    public ProvisionResult provision(ProvisionRequest request) {
      if (request.parameters().get("status") instanceof Integer status) {
        throw status == 422
            ? new ServiceBrokerException(status, null, "The provider said " + status + ".")
            : SdkOnlyErrors.of(status, "The provider said " + status + ".");
      }
      return super.provision(request);
    }

    @Override
    public BindResult bind(BindRequest request) {
      throw Authenticator.unauthorized("The backend refused our key.");
    }

    @Override
    public void instanceStateChanged(InstanceStateRequest request) {
      throw SdkOnlyErrors.of(412, "The backend is too old.");
    }
  };
  private final TestServer server = new TestServer(builder(provider).build());

  @AfterEach
  void stop() {
    server.close();
  }

  private static void genericInternalError(Reply r) {
    assertThat(r.status()).as(r.toString()).isEqualTo(500);
    assertThat(r.json().get("description").asText()).as(r.toString())
        .startsWith("An internal error occurred in the service broker.")
        .doesNotContain("provider said", "backend");
    assertThat(r.header("WWW-Authenticate")).as(r.toString()).isNull();
  }

  @ParameterizedTest
  @ValueSource(ints = {401, 412, 413})
  void provisionThrowingAStatusOnlyTheSdkAnswersIsAnswered500(int status) {
    Reply r = provision(server, id(), "plan-sync", "{\"status\":" + status + "}", false);

    genericInternalError(r);
  }

  @Test
  void bindThrowing401IsAnswered500() {
    String id = id();
    assertThat(provision(server, id, "plan-sync", "{}", false).status()).isEqualTo(201);

    Reply r = RegistryTest.bind(server, id, id(), "{}");

    genericInternalError(r);
  }

  @Test
  void instanceStateChangeThrowing412IsAnswered500() {
    String id = id();
    assertThat(provision(server, id, "plan-sync", "{}", false).status()).isEqualTo(201);

    Reply r = server.call("PUT", "/bluemix_v1/service_instances/" + id)
        .json("{\"enabled\":false}").send();

    genericInternalError(r);
  }

  @Test
  void providersOtherClientErrorsStillReachThePlatform() {
    Reply r = provision(server, id(), "plan-sync", "{\"status\":422}", false);

    assertThat(r.status()).as(r.toString()).isEqualTo(422);
    assertThat(r.json().get("description").asText()).isEqualTo("The provider said 422.");
  }

  @Test
  void theSdksOwnUnauthorizedIsStill401WithItsChallenge() {
    Reply r = server.call("GET", "/v2/catalog").header("Authorization", null).send();

    assertThat(r.status()).as(r.toString()).isEqualTo(401);
    assertThat(r.header("WWW-Authenticate")).as(r.toString()).startsWith("Basic");
  }
}
