package io.github.osbsdk.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** hello-kv with its default IAM bearer authentication against the embedded IAM simulator. */
class HelloBrokerIamTest {
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
  private static HelloServer server;

  @BeforeAll
  static void start() {
    server = HelloServer.start(HelloConfig.localIam(Duration.ofMillis(300)));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpResponse<String> catalog(String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUri() + "/v2/catalog"))
        .header("X-Broker-API-Version", "2.17");
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void iamIsTheDefaultScheme() {
    assertThat(HelloConfig.fromEnvironment(Map.of()).auth()).isEqualTo("iam");
    assertThat(HelloConfig.fromEnvironment(Map.of("BROKER_AUTH", "basic")).auth())
        .isEqualTo("basic");
  }

  @Test
  void printedTokenOpensTheCatalog() throws Exception {
    String token = HelloIam.forSettings(IamSettings.embedded()).exampleToken();
    HttpResponse<String> r = catalog("Bearer " + token);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("hello-kv");
  }

  @Test
  void noTokenIsUnauthorizedWithBearerChallenge() throws Exception {
    HttpResponse<String> r = catalog(null);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
  }

  @Test
  void instructionsCarryACurlWithAValidToken() {
    String text = Instructions.text(HelloConfig.localIam(Duration.ofMillis(300)),
        server.baseUri().toString());
    assertThat(text).contains("TOKEN='ey").contains("Authorization: Bearer $TOKEN")
        .contains("/v2/catalog");
  }

  @Test
  void realIamNeedsAllowedIdentities() {
    IamSettings real = IamSettings.fromEnvironment(Map.of("IAM_URL", "https://iam.test.example"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> HelloIam.forSettings(real))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("BROKER_ALLOWED_IDENTITIES");
  }
}
