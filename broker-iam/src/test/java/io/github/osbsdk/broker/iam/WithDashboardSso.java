package io.github.osbsdk.broker.iam;

import io.github.osbsdk.broker.testkit.iam.IamSimulator;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Dashboard SSO tests over real HTTP against one IAM simulator per test class, which knows the
 * broker's API key ({@code broker-key}) and lets {@link #USER} view the dashboard of
 * {@link #CRN}. Before each test its faults are reset, {@link #USER} is signed in (account
 * acct1), and a fresh {@link #server} (not started: the test starts it with its own SSO) is
 * registered as IAM client {@code sso-client} with its {@code /dashboard/callback}; after each
 * test the server is closed. Also the HTTP helpers of a browser going through a sign-in.
 */
abstract class WithDashboardSso {
  static final String USER = "IBMid-alice";
  static final String STRANGER = "IBMid-mallory";
  static final String CRN = "crn:v1:bluemix:public:hello:us-south:a/acct1:inst-1::";
  static IamSimulator iam;
  final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(2)).build();
  TestServer server;

  @BeforeAll
  static void startIam() {
    iam = IamSimulator.start();
    iam.registerApiKey("broker-key", "iam-ServiceId-broker");
    iam.permit(USER, "hello.dashboard.view", CRN);
  }

  @AfterAll
  static void stopIam() {
    iam.close();
  }

  @BeforeEach
  void newServerSignedInAtIam() {
    iam.faults().reset();
    iam.loginAs(USER, "acct1");
    server = new TestServer();
    iam.registerClient("sso-client", "sso-secret", server.base.resolve("/dashboard/callback"));
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  /**
   * The SSO of service "hello" as IAM client {@code sso-client} of {@code iam}, called back at
   * {@code base}'s {@code /dashboard/callback}; its authz checks use the broker's key.
   */
  static DashboardSso.Builder ssoBuilder(IamSimulator iam, URI base) {
    IamConfig config = IamConfig.builder().iamUrl(iam.baseUrl()).build();
    AuthzClient authz = AuthzClient.builder(config,
        ServiceIdTokenProvider.builder(config, "broker-key").build()).build();
    return DashboardSso.builder(config).clientId("sso-client").clientSecret("sso-secret")
        .redirectUri(base.resolve("/dashboard/callback")).serviceName("hello").authz(authz);
  }

  /**
   * Starts an IAM simulator that knows the broker's key ({@code broker-key}), where {@code user}
   * is signed in (account acct1) and may view every dashboard.
   */
  static IamSimulator startIamWhereUserMayViewEveryDashboard(String user) {
    IamSimulator iam = IamSimulator.start();
    iam.registerApiKey("broker-key", "iam-ServiceId-broker");
    iam.permit(user, "hello.dashboard.view", "*");
    iam.loginAs(user, "acct1");
    return iam;
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  HttpResponse<String> get(URI uri, String cookies) throws Exception {
    return get(http, uri, cookies);
  }

  /** GETs {@code uri} on {@code http}, sending {@code cookies} (none when null or empty). */
  static HttpResponse<String> get(HttpClient http, URI uri, String cookies) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET();
    if (cookies != null && !cookies.isEmpty()) {
      b.header("Cookie", cookies);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The cookies a response sets, as a {@code Cookie} header sends them (cleared ones left out). */
  static String cookies(HttpResponse<?> r) {
    return r.headers().allValues("Set-Cookie").stream().map(c -> c.substring(0, c.indexOf(';')))
        .filter(c -> !c.endsWith("=")).collect(Collectors.joining("; "));
  }

  static URI location(HttpResponse<?> r, URI base) {
    return base.resolve(r.headers().firstValue("Location").orElseThrow());
  }
}
