package io.github.osbsdk.broker.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.api.AuthenticatedCaller;
import io.github.osbsdk.broker.api.ServiceBroker;
import io.github.osbsdk.broker.api.catalog.Catalog;
import io.github.osbsdk.broker.api.catalog.Plan;
import io.github.osbsdk.broker.api.catalog.ServiceOffering;
import io.github.osbsdk.broker.api.instance.DeprovisionRequest;
import io.github.osbsdk.broker.api.instance.DeprovisionResult;
import io.github.osbsdk.broker.api.instance.ProvisionRequest;
import io.github.osbsdk.broker.api.instance.ProvisionResult;
import io.github.osbsdk.broker.core.Broker;
import io.github.osbsdk.broker.testkit.iam.IamEndpoint;
import io.github.osbsdk.broker.testkit.iam.IamSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The IAM authenticator mounted in a real Broker on Jersey/Grizzly, called over HTTP. */
class BrokerIamHttpTest {
  static final String CALLER = "crn-crn:v1:bluemix:public:hello::a/acct1::";
  static final AtomicReference<AuthenticatedCaller> SEEN = new AtomicReference<>();
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
      .version(HttpClient.Version.HTTP_1_1).build();
  static IamSimulator iam;
  static TestServer server;
  static Broker broker;

  static final class HelloBroker implements ServiceBroker {
    @Override
    public Catalog catalog() {
      return Catalog.of(ServiceOffering.builder("svc-hello", "hello", "Hello service")
          .plan(Plan.builder("plan-hello", "lite", "Lite plan").build()).build());
    }

    @Override
    public ProvisionResult provision(ProvisionRequest request) {
      SEEN.set(request.requestContext().caller());
      return ProvisionResult.created();
    }

    @Override
    public DeprovisionResult deprovision(DeprovisionRequest request) {
      return DeprovisionResult.deleted();
    }
  }

  @BeforeAll
  static void start() {
    iam = IamSimulator.start();
    IamConfig config = IamConfig.builder().iamUrl(iam.baseUrl()).build();
    broker = Broker.builder(new HelloBroker())
        .authenticator(IamAuthenticator.builder(config).allowedIdentities(Set.of(CALLER)).build())
        .build();
    server = new TestServer().start(broker.singletons());
  }

  @AfterAll
  static void stop() {
    server.close();
    iam.close();
  }

  static HttpResponse<String> send(String method, String path, String authorization,
      String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.base + path))
        .header("X-Broker-API-Version", "2.17")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String token(String iamId) {
    return iam.token().iamId(iamId).accountId("acct1").scope("ibm openid").sign();
  }

  @Test
  void validTokenGetsTheCatalog() throws Exception {
    HttpResponse<String> r = send("GET", "/v2/catalog", "Bearer " + token(CALLER), null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("svc-hello");
  }

  @Test
  void missingTokenIsUnauthorizedWithBearerChallenge() throws Exception {
    HttpResponse<String> r = send("GET", "/v2/catalog", null, null);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"osb-broker\"");
    assertThat(r.body()).contains("description");
  }

  @Test
  void invalidTokenIsUnauthorizedWithInvalidTokenErrorAndNoEcho() throws Exception {
    String forged = token(CALLER).replaceFirst("\\.[^.]{4}", ".AAAA");
    HttpResponse<String> r = send("GET", "/v2/catalog", "Bearer " + forged, null);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer realm=\"osb-broker\", error=\"invalid_token\"");
    assertThat(r.body()).doesNotContain(forged.substring(0, 20));
  }

  @Test
  void wrongSchemeIsUnauthorized() throws Exception {
    assertThat(send("GET", "/v2/catalog", "Basic dXNlcjpwYXNz", null).statusCode())
        .isEqualTo(401);
  }

  @Test
  void callerNotAllowedIsForbiddenWithOsbErrorBody() throws Exception {
    HttpResponse<String> r = send("GET", "/v2/catalog",
        "Bearer " + token("iam-ServiceId-stranger"), null);
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("description");
  }

  @Test
  void oversizedTokenIsRefusedWithoutKeyWork() throws Exception {
    long before = iam.requestCount(IamEndpoint.KEYS);
    String big = iam.token().iamId(CALLER).claim("pad", "x".repeat(20_000)).sign();
    int status = send("GET", "/v2/catalog", "Bearer " + big, null).statusCode();
    assertThat(status).isBetween(400, 499);
    assertThat(iam.requestCount(IamEndpoint.KEYS)).isEqualTo(before);
  }

  @Test
  void verifiedCallerReachesTheProvider() throws Exception {
    String body = "{\"service_id\":\"svc-hello\",\"plan_id\":\"plan-hello\","
        + "\"context\":{\"platform\":\"ibmcloud\",\"account_id\":\"acct1\"}}";
    HttpResponse<String> r = send("PUT", "/v2/service_instances/inst-1", "Bearer "
        + token(CALLER), body);
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(SEEN.get().id()).isEqualTo(CALLER);
    assertThat(SEEN.get().scheme()).isEqualTo("bearer");
    assertThat(SEEN.get().accountId()).isEqualTo("acct1");
    assertThat(SEEN.get().scope()).isEqualTo("ibm openid");
  }
}
