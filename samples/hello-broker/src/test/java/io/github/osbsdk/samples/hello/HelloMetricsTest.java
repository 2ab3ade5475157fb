package io.github.osbsdk.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.core.auth.Authenticator;
import io.github.osbsdk.broker.core.auth.BasicAuthenticator;
import io.github.osbsdk.broker.core.store.BrokerStore;
import io.github.osbsdk.broker.core.store.StoreUnavailableException;
import io.github.osbsdk.broker.testkit.Capabilities;
import io.github.osbsdk.broker.testkit.ConformanceSuite;
import io.github.osbsdk.broker.testkit.SuiteResult;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code BROKER_METRICS=true}: the conformance suite runs against the sample, then
 * {@code /metrics} is scraped over HTTP and shows the SDK's meters, and {@code /health} answers
 * 200 {@code UP} (503 {@code DOWN} when the store does not answer).
 */
class HelloMetricsTest {
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> ON = Map.of("BROKER_METRICS", "true");
  private static final Set<String> ENDPOINTS = Set.of("catalog", "provision", "update",
      "deprovision", "fetch_instance", "last_operation", "bind", "unbind", "fetch_binding",
      "last_binding_operation", "instance_state", "instance_state_update", "other");

  static HttpResponse<String> get(URI uri, String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
        .getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void conformanceRunShowsUpInMetricsAndHealthIsUp() throws Exception {
    try (HelloServer server = HelloServer.start(
        HelloConfig.local("platform", "s3cret", Duration.ofMillis(200)),
        HelloMetrics.fromEnvironment(ON))) {
      SuiteResult result = ConformanceSuite.builder()
          .url(server.baseUri())
          .basicAuth("platform", "s3cret")
          .apiVersion("2.17")
          .capabilities(Capabilities.builder()
              .asyncOnlyPlans(HelloCatalog.ASYNC_PLAN_ID)
              .dashboardUrl(true)
              .update(true)
              .concurrency(true)
              .build())
          .build()
          .run();
      assertThat(result.failures()).as(result.report()).isEmpty();

      URI metrics = URI.create(server.baseUri() + MetricsEndpoints.METRICS_PATH);
      assertThat(get(metrics, null).statusCode()).isEqualTo(401);
      assertThat(get(metrics, basic("platform", "wrong")).statusCode()).isEqualTo(401);
      HttpResponse<String> scrape = get(metrics, basic("platform", "s3cret"));
      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.headers().firstValue("Content-Type").orElse(""))
          .startsWith("text/plain; version=0.0.4");
      String text = scrape.body();
      // requests by endpoint and status, with latency
      assertThat(text).contains("osb_requests_seconds_count{endpoint=\"catalog\",status=\"200\"}")
          .contains("osb_requests_seconds_sum{endpoint=\"provision\",status=\"201\"}")
          .contains("endpoint=\"provision\",status=\"202\"")
          .contains("endpoint=\"last_operation\",status=\"200\"")
          .contains("endpoint=\"bind\",status=\"201\"")
          .contains("endpoint=\"deprovision\",status=\"200\"")
          .contains("endpoint=\"catalog\",status=\"401\"");
      // SDK-answered repeats and conflicts
      assertThat(text).containsPattern(
          "osb_registry_answers_total\\{answer=\"repeat\",operation=\"provision\",status=\"200\"}")
          .contains("answer=\"conflict\",operation=\"provision\",status=\"409\"")
          .contains("answer=\"gone\",operation=\"deprovision\",status=\"410\"");
      // operations by type, mode and final state, with durations
      assertThat(text)
          .contains("osb_operations_seconds_count{mode=\"async\",state=\"succeeded\","
              + "type=\"provision\"}")
          .contains("mode=\"sync\",state=\"succeeded\",type=\"bind\"");
      // tags are low-cardinality: only known endpoint names
      Matcher m = Pattern.compile("endpoint=\"([^\"]*)\"").matcher(text);
      while (m.find()) {
        assertThat(ENDPOINTS).contains(m.group(1));
      }

      HttpResponse<String> health = get(URI.create(server.baseUri()
          + MetricsEndpoints.HEALTH_PATH), null);
      assertThat(health.statusCode()).isEqualTo(200);
      JsonNode h = JSON.readTree(health.body());
      assertThat(h.path("status").asText()).isEqualTo("UP");
      assertThat(h.path("components").path("store").path("status").asText()).isEqualTo("UP");
    }
  }

  @Test
  void iamModeCountsTokenVerificationsAndReportsTheKeys() throws Exception {
    try (HelloServer server = HelloServer.start(HelloConfig.localIam(Duration.ofMillis(200)),
        HelloMetrics.fromEnvironment(ON))) {
      String token = HelloIam.forSettings(IamSettings.embedded()).exampleToken();
      URI catalog = URI.create(server.baseUri() + "/v2/catalog");
      HttpRequest.Builder r = HttpRequest.newBuilder(catalog).header("X-Broker-API-Version",
          "2.17");
      assertThat(CLIENT.send(r.copy().header("Authorization", "Bearer " + token).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
      assertThat(CLIENT.send(r.copy().header("Authorization", "Bearer " + token).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
      assertThat(CLIENT.send(r.copy().build(), HttpResponse.BodyHandlers.ofString())
          .statusCode()).isEqualTo(401);

      // in IAM mode, /metrics still takes BROKER_USERNAME/BROKER_PASSWORD
      String text = get(URI.create(server.baseUri() + MetricsEndpoints.METRICS_PATH),
          basic("broker", "unused")).body();
      assertThat(text).contains("osb_iam_tokens_accepted_total{source=\"verified\"} 1.0")
          .contains("osb_iam_tokens_accepted_total{source=\"cache\"} 1.0")
          .contains("osb_iam_tokens_refused_total{reason=\"missing\"} 1.0")
          .contains("osb_iam_key_refreshes_total{outcome=\"success\"}");

      JsonNode h = JSON.readTree(get(URI.create(server.baseUri()
          + MetricsEndpoints.HEALTH_PATH), null).body());
      assertThat(h.path("components").path("iam").path("status").asText()).isEqualTo("UP");
      assertThat(h.path("components").path("iam").path("details").path("keys").asInt())
          .isPositive();
    }
  }

  @Test
  void healthIs503WhenTheStoreIsDownOnItsOwnPort() throws Exception {
    BrokerStore down = (BrokerStore) Proxy.newProxyInstance(BrokerStore.class.getClassLoader(),
        new Class<?>[] {BrokerStore.class}, (proxy, method, args) -> {
          throw new StoreUnavailableException("connection refused", null);
        });
    Authenticator auth = BasicAuthenticator.of("platform", "s3cret");
    HelloMetrics metrics = HelloMetrics.fromEnvironment(Map.of("BROKER_METRICS", "true",
        "METRICS_PORT", "0"));
    try (Broker broker = metrics.configure(Broker.builder(new HelloServiceBroker(
            new InMemoryKeyValueStore(), () -> "http://localhost", Duration.ofMillis(10)))
            .store(down).authenticator(auth)).build();
        MetricsEndpoints endpoints = MetricsEndpoints.mount(metrics, null, null, () -> null)) {
      metrics.watch(broker, auth, null);
      assertThat(endpoints.baseUri().getHost()).isEqualTo("127.0.0.1");

      HttpResponse<String> health = get(URI.create(endpoints.baseUri()
          + MetricsEndpoints.HEALTH_PATH), null);
      assertThat(health.statusCode()).isEqualTo(503);
      JsonNode h = JSON.readTree(health.body());
      assertThat(h.path("status").asText()).isEqualTo("DOWN");
      assertThat(h.path("components").path("store").path("status").asText()).isEqualTo("DOWN");
      assertThat(h.path("components").path("store").path("details").path("error").asText())
          .isEqualTo("StoreUnavailableException");
      // on its own listener, /metrics needs no credentials
      assertThat(get(URI.create(endpoints.baseUri() + MetricsEndpoints.METRICS_PATH), null)
          .statusCode()).isEqualTo(200);
    }
  }

  @Test
  void metricsAreOffUnlessBrokerMetricsIsTrue() {
    assertThat(HelloMetrics.fromEnvironment(Map.of()).enabled()).isFalse();
    assertThat(HelloMetrics.fromEnvironment(Map.of("BROKER_METRICS", "false")).enabled())
        .isFalse();
    assertThat(HelloMetrics.fromEnvironment(ON).enabled()).isTrue();
    assertThat(HelloMetrics.off().registry()).isNull();
  }

  @Test
  void brokerMetricsTakesAnyCaseAndBlankIsOff() {
    assertThat(HelloMetrics.fromEnvironment(Map.of("BROKER_METRICS", " TRUE ")).enabled())
        .isTrue();
    assertThat(HelloMetrics.fromEnvironment(Map.of("BROKER_METRICS", "False")).enabled())
        .isFalse();
    assertThat(HelloMetrics.fromEnvironment(Map.of("BROKER_METRICS", " ")).enabled()).isFalse();
  }

  @Test
  void brokerMetricsOtherThanTrueOrFalseIsRefusedInsteadOfMeaningOff() {
    Map<String, String> shown = Map.of("yes", "a value of 3 characters (not shown)",
        "1", "1", "on", "a value of 2 characters (not shown)",
        "tru", "a value of 3 characters (not shown)");
    shown.forEach((value, refused) ->
        assertThatThrownBy(() -> HelloMetrics.fromEnvironment(Map.of("BROKER_METRICS", value)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("BROKER_METRICS must be true or false, not " + refused));
  }
}
