package io.github.osbsdk.broker.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.core.TestServer.Reply;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code maxAnswerBytes}: its default (1 MiB) takes a large certificate chain and refuses a
 * provider's runaway credentials map; a provider that answers too much on every request logs one
 * ERROR line, which names sizes, never the values (credentials); the setting must be positive.
 */
class AnswerLimitDefaultsTest {
  private static final String SERVICE = "svc-answer-limit";
  private static final String PLAN = "plan-answer-limit";
  private static final String BODY = "{\"service_id\":\"" + SERVICE + "\",\"plan_id\":\"" + PLAN
      + "\",\"organization_guid\":\"o\",\"space_guid\":\"s\"}";

  private final AnswerLimitContract.Provider provider = new AnswerLimitContract.Provider();

  private TestServer server() {
    return new TestServer(Broker.builder(provider)
        .authenticator(BasicAuthenticator.of(TestServer.USER, TestServer.PASSWORD)).build());
  }

  private static Reply bind(TestServer s, String instanceId) {
    return s.call("PUT", "/v2/service_instances/" + instanceId + "/service_bindings/"
        + UUID.randomUUID()).json(BODY).send();
  }

  private static String provisioned(TestServer s) {
    String id = UUID.randomUUID().toString();
    assertThat(s.call("PUT", "/v2/service_instances/" + id).json(BODY).send().status())
        .isEqualTo(201);
    return id;
  }

  @Test
  void theDefaultLimitRefusesTwoMebibytesOfCredentials() {
    try (TestServer s = server()) {
      String id = provisioned(s);
      provider.credentialChars = 2 * 1024 * 1024;

      Reply refused = bind(s, id);

      assertThat(refused.status()).isEqualTo(500);
      assertThat(refused.json().get("description").asText())
          .contains("larger than the 1048576 bytes of JSON");
    }
  }

  @Test
  void theDefaultLimitTakesAQuarterMebibyteCertificateChain() {
    try (TestServer s = server()) {
      String id = provisioned(s);
      provider.credentialChars = 256 * 1024;

      assertThat(bind(s, id).status()).isEqualTo(201);
    }
  }

  @Test
  void aProviderAnsweringTooMuchOnEveryBindLogsOneErrorWithoutTheValues() {
    try (TestServer s = server(); StderrCapture log = new StderrCapture()) {
      String id = provisioned(s);
      provider.credentialChars = 2 * 1024 * 1024;

      for (int i = 0; i < 5; i++) {
        assertThat(bind(s, id).status()).isEqualTo(500);
      }

      List<String> errors = log.lines().stream().filter(l -> l.contains(" ERROR ")).toList();
      assertThat(errors).singleElement().asString()
          .contains("bind answered more than 1048576 bytes of JSON")
          .contains("Broker.Builder.maxAnswerBytes");
      assertThat(log.lines()).noneMatch(l -> l.contains("p4ss-") || l.contains("cccccccc"));
    }
  }

  @Test
  void maxAnswerBytesMustBePositive() {
    assertThatThrownBy(() -> Broker.builder(provider).maxAnswerBytes(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("> 0");
    assertThatCode(() -> Broker.builder(provider).maxAnswerBytes(1))
        .doesNotThrowAnyException();
  }
}
