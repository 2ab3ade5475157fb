package io.github.osbsdk.broker.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.core.testsupport.TestClock;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Dashboard single sign-on over real HTTP against the IAM simulator: the whole sign-in, its
 * session, and what it refuses.
 */
class DashboardSsoTest extends WithDashboardSso {
  TestClock clock;

  @BeforeEach
  void start() {
    clock = new TestClock();
    DashboardSso sso = ssoBuilder(iam, server.base).clock(clock)
        .dashboard((id, user) -> "<html><body>instance " + id + " for " + user.id()
            + "</body></html>")
        .build();
    server.start(Set.of(sso.resource()));
  }

  URI dashboard(String instance) {
    return URI.create(server.base + "/dashboard/" + enc(instance));
  }

  /**
   * Steps 1-2: dashboard -> IAM authorize -> callback URL; returns [callback URL, nonce cookie].
   */
  String[] signIn(String instance) throws Exception {
    HttpResponse<String> start = get(dashboard(instance), null);
    assertThat(start.statusCode()).isEqualTo(303);
    URI authorize = location(start, server.base);
    assertThat(authorize.getHost()).isEqualTo(iam.baseUrl().getHost());
    assertThat(authorize.getPort()).isEqualTo(iam.baseUrl().getPort());
    assertThat(authorize.getRawQuery()).contains("client_id=sso-client")
        .contains("response_type=code").contains("state=")
        .contains("redirect_uri=" + enc(server.base + "/dashboard/callback"));
    HttpResponse<String> fromIam = get(authorize, null);
    assertThat(fromIam.statusCode()).isEqualTo(302);
    return new String[] {location(fromIam, authorize).toString(), cookies(start)};
  }

  @Test
  void permittedUserSignsInAndSeesTheDashboard() throws Exception {
    String[] flow = signIn(CRN);
    HttpResponse<String> callback = get(URI.create(flow[0]), flow[1]);
    assertThat(callback.statusCode()).isEqualTo(303);
    assertThat(callback.headers().firstValue("Location").orElseThrow())
        .endsWith("/dashboard/" + enc(CRN));
    List<String> setCookies = callback.headers().allValues("Set-Cookie");
    String session = setCookies.stream().filter(c -> c.startsWith("osb_dashboard_session="))
        .findFirst().orElseThrow();
    assertThat(session).contains("HttpOnly").contains("Secure").contains("SameSite=Lax")
        .contains("Max-Age=").doesNotContain("eyJhbGciOi");
    HttpResponse<String> page = get(location(callback, server.base), cookies(callback));
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("instance " + CRN + " for " + USER);
    assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
  }

  @Test
  void userWithoutPolicyGetsForbiddenPage() throws Exception {
    iam.loginAs(STRANGER, "acct1");
    String[] flow = signIn(CRN);
    HttpResponse<String> callback = get(URI.create(flow[0]), flow[1]);
    assertThat(callback.statusCode()).isEqualTo(403);
    assertThat(callback.body()).contains("not allowed");
    assertThat(callback.headers().allValues("Set-Cookie"))
        .noneMatch(c -> c.startsWith("osb_dashboard_session="));
  }

  @Test
  void forgedStateIsRefused() throws Exception {
    String[] flow = signIn(CRN);
    String tampered = flow[0].replaceFirst("state=([^&]{5})", "state=AAAAA");
    assertThat(get(URI.create(tampered), flow[1]).statusCode()).isEqualTo(400);
    URI noState = URI.create(server.base + "/dashboard/callback?code=abc");
    assertThat(get(noState, flow[1]).statusCode()).isEqualTo(400);
  }

  @Test
  void expiredStateIsRefused() throws Exception {
    String[] flow = signIn(CRN);
    clock.advance(Duration.ofMinutes(11));
    assertThat(get(URI.create(flow[0]), flow[1]).statusCode()).isEqualTo(400);
  }

  @Test
  void stateFromAnotherBrowserIsRefused() throws Exception {
    String[] flow = signIn(CRN);
    assertThat(get(URI.create(flow[0]), null).statusCode()).isEqualTo(403);
    String[] other = signIn(CRN);
    assertThat(get(URI.create(flow[0]), other[1]).statusCode()).isEqualTo(403);
  }

  @Test
  void signInsStartedInTwoTabsOfOneBrowserBothComplete() throws Exception {
    HttpResponse<String> firstTab = get(dashboard(CRN), null);
    String jar = jar("", firstTab);
    HttpResponse<String> secondTab = get(dashboard(CRN), jar);
    jar = jar(jar, secondTab); // the browser keeps the latest value of each cookie
    URI firstCallback = location(get(location(firstTab, server.base), null), iam.baseUrl());
    URI secondCallback = location(get(location(secondTab, server.base), null), iam.baseUrl());
    // before: the second start replaced the first one's nonce, so the first tab got "started
    // in another browser" (403)
    HttpResponse<String> first = get(firstCallback, jar);
    assertThat(first.statusCode()).isEqualTo(303);
    jar = jar(jar, first);
    HttpResponse<String> second = get(secondCallback, jar);
    assertThat(second.statusCode()).isEqualTo(303);
    // a used sign-in's nonce leaves the cookie: replaying it from this browser is refused
    assertThat(get(firstCallback, jar(jar, second)).statusCode()).isEqualTo(400);
  }

  @Test
  void aSignInReplayedInTheBrowserThatCompletedItSaysItWasAlreadyUsed() throws Exception {
    // before: the used sign-in's nonce had left the cookie, so the replay (the browser's back
    // button, a reload of the callback) was told it was "started in another browser" (403)
    String[] flow = signIn(CRN);
    HttpResponse<String> done = get(URI.create(flow[0]), flow[1]);
    assertThat(done.statusCode()).isEqualTo(303);
    HttpResponse<String> replay = get(URI.create(flow[0]), jar(flow[1], done));
    assertThat(replay.statusCode()).isEqualTo(400);
    assertThat(replay.body()).contains("already used").contains("open the dashboard again")
        .doesNotContain("another browser");
    assertThat(replay.headers().allValues("Set-Cookie")).isEmpty();
  }

  /** A one-path cookie jar: the cookies of {@code previous} updated by a reply's Set-Cookie. */
  static String jar(String previous, HttpResponse<?> r) {
    Map<String, String> cookies = new LinkedHashMap<>();
    for (String c : previous.split("; ")) {
      if (c.contains("=")) {
        cookies.put(c.substring(0, c.indexOf('=')), c.substring(c.indexOf('=') + 1));
      }
    }
    for (String c : r.headers().allValues("Set-Cookie")) {
      String pair = c.substring(0, c.indexOf(';'));
      String name = pair.substring(0, pair.indexOf('='));
      if (pair.endsWith("=") || c.contains("Max-Age=0;")) {
        cookies.remove(name);
      } else {
        cookies.put(name, pair.substring(pair.indexOf('=') + 1));
      }
    }
    return cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining("; "));
  }

  @Test
  void replayedStateIsRefused() throws Exception {
    String[] flow = signIn(CRN);
    assertThat(get(URI.create(flow[0]), flow[1]).statusCode()).isEqualTo(303);
    assertThat(get(URI.create(flow[0]), flow[1]).statusCode()).isEqualTo(400);
  }

  @Test
  void openRedirectAttemptsStayOnIamOrOwnDashboard() throws Exception {
    iam.permit(USER, "hello.dashboard.view", "//evil.example");
    String[] flow = signIn("//evil.example");
    HttpResponse<String> callback = get(URI.create(flow[0] + "&redirect_uri="
        + enc("https://evil.example/") + "&next=" + enc("https://evil.example/")), flow[1]);
    assertThat(callback.statusCode()).isEqualTo(303);
    String target = callback.headers().firstValue("Location").orElseThrow();
    URI resolved = location(callback, server.base);
    assertThat(resolved.getHost()).isEqualTo("127.0.0.1");
    assertThat(resolved.getRawPath()).isEqualTo("/dashboard/%2F%2Fevil.example");
    assertThat(target).doesNotStartWith("//");

    HttpResponse<String> start = get(dashboard("https://evil.example/x"), null);
    assertThat(location(start, server.base).getPort()).isEqualTo(iam.baseUrl().getPort());
  }

  @Test
  void sessionIsBoundToItsInstanceAndTamperingRestartsSignIn() throws Exception {
    String[] flow = signIn(CRN);
    HttpResponse<String> callback = get(URI.create(flow[0]), flow[1]);
    String session = cookies(callback);
    HttpResponse<String> otherInstance = get(dashboard(CRN.replace("inst-1", "inst-2")), session);
    assertThat(otherInstance.statusCode()).isEqualTo(303);
    String forged = session.replaceFirst("osb_dashboard_session=.", "osb_dashboard_session=X");
    assertThat(get(dashboard(CRN), forged).statusCode()).isEqualTo(303);
    clock.advance(Duration.ofMinutes(31));
    assertThat(get(dashboard(CRN), session).statusCode()).isEqualTo(303);
  }

  @Test
  void redirectUriMustBeHttpsOrPlainHttpOnALoopbackHost() {
    DashboardSso.Builder b = DashboardSso.builder(IamConfig.builder().build());
    for (String refused : List.of("ftp://broker.example.com/dashboard/callback",
        "javascript://broker.example.com/dashboard/callback",
        "http://broker.example.com/dashboard/callback",
        "http://127.0.0.1.evil.example/dashboard/callback",
        "http://localhost.evil.example/dashboard/callback",
        "http://10.0.0.1/dashboard/callback")) {
      assertThatThrownBy(() -> b.redirectUri(URI.create(refused)))
          .as(refused).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("redirectUri").hasMessageContaining("https");
    }
    for (String accepted : List.of("https://broker.example.com/dashboard/callback",
        "HTTPS://broker.example.com:8443/sso/dashboard/callback",
        "http://localhost:8080/dashboard/callback", "http://127.0.0.1:8080/dashboard/callback",
        "http://127.1.2.3/dashboard/callback", "http://[::1]:8080/dashboard/callback")) {
      assertThatCode(() -> b.redirectUri(URI.create(accepted))).as(accepted)
          .doesNotThrowAnyException();
    }
  }

  @Test
  void redirectUriWithUserInfoIsRefusedAtConfiguration() {
    DashboardSso.Builder b = DashboardSso.builder(IamConfig.builder().build());
    assertThatThrownBy(() -> b.redirectUri(
        URI.create("https://user:pw@broker.example.com/dashboard/callback")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("user info");
    assertThatThrownBy(() -> b.redirectUri(
        URI.create("https://broker.example.com@evil.example/dashboard/callback")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("user info");
  }

  @Test
  void redirectUriMustPointAtTheCallback() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> DashboardSso.builder(
        IamConfig.builder().build()).redirectUri(URI.create("https://evil.example/x")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
