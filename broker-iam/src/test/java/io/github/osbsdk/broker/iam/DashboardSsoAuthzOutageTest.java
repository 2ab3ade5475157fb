package io.github.osbsdk.broker.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.testkit.iam.IamEndpoint;
import io.github.osbsdk.broker.testkit.iam.IamSimulator;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Dashboard sign-in when IAM's authz cannot decide (down, slow, an error, garbage, a 429), over
 * real HTTP: the user is told IAM is unavailable (503 with {@code Retry-After}), not that they
 * lack access; a real denial is still 403.
 */
class DashboardSsoAuthzOutageTest extends WithDashboardSso {
  @BeforeEach
  void start() {
    IamConfig config = IamConfig.builder().iamUrl(iam.baseUrl())
        .requestTimeout(Duration.ofSeconds(2)).build();
    ServiceIdTokenProvider tokens = ServiceIdTokenProvider.builder(config, "broker-key").build();
    tokens.token(); // only authz is faulted
    DashboardSso sso = DashboardSso.builder(config).clientId("sso-client")
        .clientSecret("sso-secret").redirectUri(server.base.resolve("/dashboard/callback"))
        .serviceName("hello").authz(AuthzClient.builder(config, tokens).build())
        .dashboard((id, user) -> "<html><body>instance " + id + "</body></html>").build();
    server.start(Set.of(sso.resource()));
  }

  HttpResponse<String> signIn() throws Exception {
    HttpResponse<String> start = get(URI.create(server.base + "/dashboard/" + enc(CRN)), null);
    assertThat(start.statusCode()).isEqualTo(303);
    URI authorize = location(start, server.base);
    HttpResponse<String> fromIam = get(authorize, null);
    assertThat(fromIam.statusCode()).isEqualTo(302);
    return get(location(fromIam, authorize), cookies(start));
  }

  void assertUnavailable(HttpResponse<String> r, String retryAfter) {
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).contains("IBM Cloud IAM is unavailable, try again")
        .doesNotContain("not allowed");
    assertThat(r.headers().firstValue("Retry-After")).hasValue(retryAfter);
    assertThat(r.headers().allValues("Set-Cookie"))
        .noneMatch(c -> c.startsWith("osb_dashboard_session="));
  }

  void assertUnavailableWhile(Consumer<IamSimulator> fault) throws Exception {
    fault.accept(iam);
    assertUnavailable(signIn(), "10");
    iam.faults().reset();
    assertThat(signIn().statusCode()).isEqualTo(303); // undecided is not cached
  }

  @Test
  void authzRefusingTheBrokersOwnTokenIsUnavailableNotDenied() throws Exception {
    assertUnavailableWhile(i -> i.faults().failWith(IamEndpoint.AUTHZ, 401));
  }

  @Test
  void authzRefusingTheBrokersServiceIdPermissionIsUnavailableNotDenied() throws Exception {
    assertUnavailableWhile(i -> i.faults().failWith(IamEndpoint.AUTHZ, 403));
  }

  @Test
  void authzDownIsUnavailableNotDenied() throws Exception {
    assertUnavailableWhile(s -> s.faults().down(IamEndpoint.AUTHZ));
  }

  @Test
  void authzServerErrorIsUnavailableNotDenied() throws Exception {
    assertUnavailableWhile(s -> s.faults().failWith(IamEndpoint.AUTHZ, 500));
  }

  @Test
  void authzGarbageIsUnavailableNotDenied() throws Exception {
    assertUnavailableWhile(s -> s.faults().malformedResponse(IamEndpoint.AUTHZ));
  }

  @Test
  void authzSlowerThanTheTimeoutIsUnavailableNotDenied() throws Exception {
    assertUnavailableWhile(s -> s.faults().delay(IamEndpoint.AUTHZ, Duration.ofSeconds(4)));
  }

  @Test
  void authzAnswering429IsUnavailableForItsRetryAfter() throws Exception {
    iam.faults().tooManyRequests(IamEndpoint.AUTHZ, Duration.ofSeconds(90));
    assertUnavailable(signIn(), "90");
    iam.faults().reset();
    HttpResponse<String> paused = signIn(); // IAM is not asked during its pause
    assertThat(paused.statusCode()).isEqualTo(503);
    assertThat(Long.parseLong(paused.headers().firstValue("Retry-After").orElseThrow()))
        .isBetween(1L, 90L);
  }

  @Test
  void aUserWithoutAccessIsStillDenied() throws Exception {
    iam.loginAs(STRANGER, "acct1");
    HttpResponse<String> r = signIn();
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("not allowed");
  }
}
