package io.github.osbsdk.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
  void printedPlatformApiKeyGetsAFreshTokenThatOpensTheCatalog() throws Exception {
    // before: only a token valid for an hour was printed, and the simulator knew no API key of
    // the platform's identity, so after an hour nobody could call the broker without a restart
    String text = Instructions.text(HelloConfig.localIam(Duration.ofMillis(300)),
        server.baseUri().toString());
    Matcher key = Pattern.compile("PLATFORM_API_KEY='([^']+)'").matcher(text);
    assertThat(key.find()).as(text).isTrue();
    Matcher curl = Pattern.compile("TOKEN=\\$\\(curl -s -X POST (\\S+) -d (\\S+) -d"
        + " apikey=\\$PLATFORM_API_KEY").matcher(text);
    assertThat(curl.find()).as(text).isTrue();
    HttpResponse<String> issued = CLIENT.send(HttpRequest.newBuilder(URI.create(curl.group(1)))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(curl.group(2) + "&apikey="
            + URLEncoder.encode(key.group(1), StandardCharsets.UTF_8)))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
    Matcher token = Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(issued.body());
    assertThat(token.find()).as(issued.body()).isTrue();
    HttpResponse<String> r = catalog("Bearer " + token.group(1));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("hello-kv");
  }

  @Test
  void instructionsWithRealIamSayWhatToSetPlatformApiKeyTo() {
    // found by a new-user walkthrough: with IAM_URL the token line used $PLATFORM_API_KEY, which
    // only the embedded simulator's instructions define, so the line exchanged an empty key
    HelloConfig config = HelloConfig.fromEnvironment(Map.of("IAM_URL",
        "https://iam.test.example", "IAM_APIKEY", "broker-key-value",
        "BROKER_ALLOWED_IDENTITIES", "iam-ServiceId-walkthrough"));
    String text = Instructions.text(config, "http://localhost:8080");
    assertThat(text).contains("apikey=$PLATFORM_API_KEY").doesNotContain("broker-key-value");
    assertThat(text.lines().filter(l -> l.contains("PLATFORM_API_KEY")
            && !l.contains("apikey=$PLATFORM_API_KEY")))
        .as(text).anySatisfy(l -> assertThat(l).contains("iam-ServiceId-walkthrough"));
  }

  @Test
  void realIamNeedsAllowedIdentities() {
    IamSettings real = IamSettings.fromEnvironment(Map.of("IAM_URL", "https://iam.test.example"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> HelloIam.forSettings(real))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("BROKER_ALLOWED_IDENTITIES");
  }
}
