package io.github.osbsdk.broker.iam;

import static io.github.osbsdk.broker.core.testsupport.ScriptedHttpServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.core.testsupport.ScriptedHttpServer;
import io.github.osbsdk.broker.iam.internal.Discovery;
import java.net.URI;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/** IAM's endpoints receive the broker's API key, its tokens and users' codes. */
class IamConfigTest {
  private static final List<BiConsumer<IamConfig.Builder, URI>> SETTERS = List.of(
      IamConfig.Builder::iamUrl, IamConfig.Builder::keysUrl, IamConfig.Builder::tokenUrl,
      IamConfig.Builder::authzUrl, IamConfig.Builder::discoveryUrl);

  @Test
  void iamUrlsMustBeHttpsOrPlainHttpOnALoopbackHost() {
    for (BiConsumer<IamConfig.Builder, URI> setter : SETTERS) {
      for (String refused : List.of("http://iam.cloud.ibm.com", "http://10.1.2.3/identity/keys",
          "http://127.0.0.1.evil.example", "ftp://iam.cloud.ibm.com", "/identity/token")) {
        assertThatThrownBy(() -> setter.accept(IamConfig.builder(), URI.create(refused)))
            .as(refused).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("https");
      }
      for (String accepted : List.of("https://iam.cloud.ibm.com", "http://127.0.0.1:8080",
          "http://localhost:8080/identity/token", "http://[::1]:9000")) {
        assertThatCode(() -> setter.accept(IamConfig.builder(), URI.create(accepted)))
            .as(accepted).doesNotThrowAnyException();
      }
    }
  }

  @Test
  void iamUrlWithUserInfoIsRefusedWithoutEchoingIt() {
    for (BiConsumer<IamConfig.Builder, URI> setter : SETTERS) {
      assertThatThrownBy(() -> setter.accept(IamConfig.builder(),
          URI.create("https://svc:secret-pw@iam.cloud.ibm.com")))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("user info")
          .message().doesNotContain("secret-pw");
    }
  }

  @Test
  void discoveredTokenEndpointOverPlainHttpToAPublicHostIsRefused() throws Exception {
    try (ScriptedHttpServer server = new ScriptedHttpServer(
        "/identity/.well-known/openid-configuration",
        json(n -> "{\"authorization_endpoint\":\"https://iam.example.com/identity/authorize\","
            + "\"token_endpoint\":\"http://iam.example.com/identity/token\"}"))) {
      Discovery discovery = new Discovery(IamConfig.builder()
          .iamUrl(server.baseUrl()).build(), System::nanoTime);
      // before: the client secret and the user's code were then posted there in clear
      assertThatThrownBy(discovery::endpoints).isInstanceOf(IamException.class)
          .hasMessageContaining("token_endpoint").hasMessageContaining("https");
      assertThat(server.calls.get()).isEqualTo(1);
    }
  }
}
