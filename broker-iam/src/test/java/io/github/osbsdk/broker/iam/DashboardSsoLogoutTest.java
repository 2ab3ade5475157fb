package io.github.osbsdk.broker.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.testkit.iam.IamSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Signing out of a dashboard over real HTTP: {@code POST /dashboard/logout} from the broker's own
 * origin expires the session cookies with the attributes they were set with; a forged request
 * (another origin, {@code Origin: null}, no origin at all) changes nothing; the redirect goes
 * only to the configured URL; {@code GET /dashboard/logout} stays the dashboard of instance
 * "logout".
 */
class DashboardSsoLogoutTest {
  static final String USER = "IBMid-alice";
  static final String CRN = WithDashboardSso.CRN;
  static IamSimulator iam;
  final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
      .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade offered along with a form body
      .connectTimeout(Duration.ofSeconds(2)).build();
  TestServer server;
  URI publicUrl;

  @BeforeAll
  static void startIam() {
    iam = WithDashboardSso.startIamWhereUserMayViewEveryDashboard(USER);
  }

  @AfterAll
  static void stopIam() {
    iam.close();
  }

  /** Mounts the SSO at a public base URL (null: the server's own) and a signed-out URL. */
  void start(String publicBase, URI signedOutUrl) {
    server = new TestServer();
    publicUrl = URI.create(publicBase != null ? publicBase : server.base.toString());
    iam.registerClient("sso-client", "sso-secret", publicUrl.resolve("/dashboard/callback"),
        server.base.resolve("/dashboard/callback"));
    DashboardSso.Builder b = WithDashboardSso.ssoBuilder(iam, publicUrl)
        .dashboard((id, user) -> "<html><body>instance " + id + "</body></html>");
    if (signedOutUrl != null) {
      b.signedOutUrl(signedOutUrl);
    }
    server.start(Set.of(b.build().resource()));
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  HttpResponse<String> get(URI uri, String cookies) throws Exception {
    return WithDashboardSso.get(http, uri, cookies);
  }

  /** A sign-out form post with the given headers (name, value, ...). */
  HttpResponse<String> logout(String query, String cookies, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.base + "/dashboard/logout"
        + (query == null ? "" : "?" + query)))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("redirect_uri=https%3A%2F%2Fevil.example"));
    if (cookies != null) {
      b.header("Cookie", cookies);
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  String origin() {
    return server.base.getScheme() + "://" + server.base.getAuthority();
  }

  /** Signs in to an instance on the server's own URL; returns the cookie jar. */
  String signIn(String instance) throws Exception {
    URI dashboard = URI.create(server.base + "/dashboard/" + WithDashboardSso.enc(instance));
    HttpResponse<String> start = get(dashboard, null);
    assertThat(start.statusCode()).isEqualTo(303);
    URI authorize = WithDashboardSso.location(start, server.base);
    HttpResponse<String> fromIam = get(authorize, null);
    URI callback = WithDashboardSso.location(fromIam, authorize);
    URI onServer = URI.create(server.base + callback.getRawPath() + "?" + callback.getRawQuery());
    String jar = DashboardSsoTest.jar("", start);
    HttpResponse<String> done = get(onServer, jar);
    assertThat(done.statusCode()).isEqualTo(303);
    jar = DashboardSsoTest.jar(jar, done);
    assertThat(get(dashboard, jar).statusCode()).isEqualTo(200);
    return jar;
  }

  /** A Set-Cookie header's attributes, without its value and Max-Age. */
  static List<String> attributes(String setCookie) {
    return Arrays.stream(setCookie.split(";\\s*")).skip(1)
        .filter(a -> !a.startsWith("Max-Age=")).collect(Collectors.toList());
  }

  static String setCookie(HttpResponse<?> r, String name) {
    return r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "="))
        .findFirst().orElse(null);
  }

  @Test
  void signOutExpiresTheSessionCookiesWithTheAttributesTheyWereSetWith() throws Exception {
    start(null, null);
    URI dashboard = URI.create(server.base + "/dashboard/" + WithDashboardSso.enc(CRN));
    HttpResponse<String> start = get(dashboard, null);
    String nonceSet = setCookie(start, "osb_sso_nonce");
    String jar = signIn(CRN);
    HttpResponse<String> page = get(dashboard, jar);
    assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("same-origin");

    HttpResponse<String> out = logout(null, jar, "Origin", origin());
    assertThat(out.statusCode()).isEqualTo(200);
    assertThat(out.body()).contains("Signed out");
    assertThat(out.headers().firstValue("Cache-Control")).hasValue("no-store");
    String session = setCookie(out, "osb_dashboard_session");
    assertThat(session).startsWith("osb_dashboard_session=;").contains("; Max-Age=0");
    assertThat(attributes(session)).containsExactly("Path=/dashboard/", "HttpOnly", "Secure",
        "SameSite=Lax");
    String nonce = setCookie(out, "osb_sso_nonce");
    assertThat(nonce).startsWith("osb_sso_nonce=;").contains("; Max-Age=0");
    assertThat(attributes(nonce)).isEqualTo(attributes(nonceSet));

    jar = DashboardSsoTest.jar(jar, out);
    assertThat(jar).doesNotContain("osb_dashboard_session");
    HttpResponse<String> again = get(dashboard, jar);
    assertThat(again.statusCode()).isEqualTo(303); // signed out: sign-in starts again
    assertThat(WithDashboardSso.location(again, server.base).getPort())
        .isEqualTo(iam.baseUrl().getPort());
  }

  @Test
  void signOutFromAnotherSiteChangesNothing() throws Exception {
    start(null, null);
    String jar = signIn(CRN);
    String other = "http://127.0.0.1:" + (server.base.getPort() == 1 ? 2 : 1);
    List<String[]> forged = List.of(
        new String[] {"Origin", "https://evil.example"},
        new String[] {"Origin", "null"},
        new String[] {"Origin", other},
        new String[] {"Origin", "https://" + server.base.getAuthority()},
        new String[] {"Origin", origin() + ".evil.example"},
        new String[] {"Origin", origin() + "/dashboard/"},
        new String[] {"Referer", "https://evil.example/dashboard/x"},
        new String[] {"Referer", "http://user@" + server.base.getAuthority() + "/dashboard/"},
        new String[] {"Referer", "/dashboard/x"},
        new String[] {"Origin", "https://evil.example", "Referer", server.base + "/dashboard/x"},
        new String[] {});
    for (String[] headers : forged) {
      HttpResponse<String> out = logout(null, jar, headers);
      assertThat(out.statusCode()).as(String.join(" ", headers)).isEqualTo(403);
      assertThat(out.headers().allValues("Set-Cookie")).as(String.join(" ", headers)).isEmpty();
      assertThat(out.body()).contains("Sign-out refused");
    }
    // a browser that sends no Origin but a Referer of the dashboard page
    HttpResponse<String> out = logout(null, jar, "Referer",
        server.base + "/dashboard/" + WithDashboardSso.enc(CRN));
    assertThat(out.statusCode()).isEqualTo(200);
    assertThat(setCookie(out, "osb_dashboard_session")).contains("Max-Age=0");
  }

  @Test
  void signOutRedirectsOnlyToTheConfiguredUrl() throws Exception {
    start(null, URI.create("https://provider.example/signed-out?from=dashboard"));
    String jar = signIn(CRN);
    HttpResponse<String> out = logout("next=https%3A%2F%2Fevil.example&redirect_uri="
        + "https%3A%2F%2Fevil.example", jar, "Origin", origin());
    assertThat(out.statusCode()).isEqualTo(303);
    assertThat(out.headers().firstValue("Location"))
        .hasValue("https://provider.example/signed-out?from=dashboard");
    assertThat(setCookie(out, "osb_dashboard_session")).contains("Max-Age=0");
  }

  @Test
  void signOutBehindAProxyComparesWithThePublicUrlNotTheHost() throws Exception {
    start("https://broker.example.com", null);
    HttpResponse<String> own = logout(null, null, "Origin", "https://broker.example.com");
    assertThat(own.statusCode()).isEqualTo(200);
    assertThat(own.headers().allValues("Set-Cookie")).hasSize(2);
    assertThat(logout(null, null, "Origin", "https://BROKER.example.com:443").statusCode())
        .isEqualTo(200);
    assertThat(logout(null, null, "Origin", origin()).statusCode()).isEqualTo(403);
    assertThat(logout(null, null, "Origin", "http://broker.example.com").statusCode())
        .isEqualTo(403);
  }

  @Test
  void getOnTheSignOutPathIsTheDashboardOfInstanceLogout() throws Exception {
    start(null, null);
    HttpResponse<String> start = get(URI.create(server.base + "/dashboard/logout"), null);
    assertThat(start.statusCode()).isEqualTo(303); // sign-in for instance "logout"
    assertThat(setCookie(start, "osb_dashboard_session")).isNull();
    String jar = signIn("logout");
    HttpResponse<String> page = get(URI.create(server.base + "/dashboard/logout"), jar);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("instance logout");
    HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(server.base
        + "/dashboard/logout")).PUT(HttpRequest.BodyPublishers.noBody()).header("Origin",
        origin()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).isEqualTo(405);
    assertThat(put.headers().allValues("Set-Cookie")).isEmpty();
  }

  @Test
  void signedOutUrlMustBeAnAbsoluteHttpUrl() {
    DashboardSso.Builder b = DashboardSso.builder(IamConfig.builder().build());
    for (String bad : List.of("/signed-out", "javascript:alert(1)", "ftp://x.example/",
        "https://x.example/#f", "https://user@x.example/")) {
      assertThatThrownBy(() -> b.signedOutUrl(URI.create(bad))).as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
