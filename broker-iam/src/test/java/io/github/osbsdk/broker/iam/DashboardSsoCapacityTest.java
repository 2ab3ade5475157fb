package io.github.osbsdk.broker.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import io.github.osbsdk.broker.testkit.iam.IamEndpoint;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A replica's sign-in capacity and its calls to IAM's token endpoint, over real HTTP: users
 * without access cannot use up the replay guard, a full guard says "busy" (503), and one sign-in
 * state cannot make IAM redeem codes again and again.
 */
class DashboardSsoCapacityTest extends WithDashboardSso {
  /** The replica's sign-in capacity in these tests (10,000 in production). */
  static final int CAPACITY = 5;

  @BeforeEach
  void start() {
    iam.resetCounters();
    DashboardSso sso = ssoBuilder(iam, server.base)
        .maxSignInsPerSlice(CAPACITY)
        .dashboard((id, user) -> "<html><body>instance " + id + "</body></html>").build();
    server.start(Set.of(sso.resource()));
  }

  /** Steps 1-2: returns [callback URL with IAM's code, nonce cookie]. */
  String[] signIn(String instance) throws Exception {
    HttpResponse<String> start = get(URI.create(server.base + "/dashboard/" + enc(instance)),
        null);
    assertThat(start.statusCode()).isEqualTo(303);
    URI authorize = location(start, server.base);
    HttpResponse<String> fromIam = get(authorize, null);
    assertThat(fromIam.statusCode()).isEqualTo(302);
    return new String[] {location(fromIam, authorize).toString(), cookies(start)};
  }

  HttpResponse<String> complete(String[] flow) throws Exception {
    return get(URI.create(flow[0]), flow[1]);
  }

  @Test
  void signInsRefusedForLackOfAccessDoNotUseUpTheReplicasCapacity() throws Exception {
    iam.loginAs(STRANGER, "acct1");
    for (int i = 0; i < 4 * CAPACITY; i++) {
      assertThat(complete(signIn(CRN)).statusCode()).isEqualTo(403);
    }
    iam.loginAs(USER, "acct1");
    HttpResponse<String> permitted = complete(signIn(CRN));
    assertThat(permitted.statusCode()).isEqualTo(303);
    assertThat(permitted.headers().allValues("Set-Cookie"))
        .anyMatch(c -> c.startsWith("osb_dashboard_session="));
  }

  @Test
  void aFullReplayGuardAnswersBusyWithRetryAfterNotAlreadyUsed() throws Exception {
    for (int i = 0; i < CAPACITY; i++) {
      assertThat(complete(signIn(CRN)).statusCode()).isEqualTo(303);
    }
    long exchangesBefore = iam.requestCount(IamEndpoint.TOKEN);
    HttpResponse<String> busy = complete(signIn(CRN));
    assertThat(busy.statusCode()).isEqualTo(503);
    assertThat(busy.body()).contains("try again").doesNotContain("already used");
    // a slice is a tenth of the 10-minute state lifetime: states started a minute later fit
    assertThat(busy.headers().firstValue("Retry-After")).hasValue("60");
    assertThat(busy.headers().allValues("Set-Cookie"))
        .noneMatch(c -> c.startsWith("osb_dashboard_session="));
    assertThat(iam.requestCount(IamEndpoint.TOKEN)).isEqualTo(exchangesBefore); // code unspent
  }

  @Test
  void aReplayedCallbackOfARefusedSignInGetsNoSessionEvenOnceAccessIsGranted()
      throws Exception {
    iam.loginAs(STRANGER, "acct1");
    String[] flow = signIn(CRN);
    assertThat(complete(flow).statusCode()).isEqualTo(403);
    iam.permit(STRANGER, "hello.dashboard.view", CRN);
    try {
      HttpResponse<String> replay = complete(flow); // IAM redeems a code once
      assertThat(replay.statusCode()).isEqualTo(502);
      assertThat(replay.headers().allValues("Set-Cookie"))
          .noneMatch(c -> c.startsWith("osb_dashboard_session="));
    } finally {
      iam.revokeAll();
      iam.permit(USER, "hello.dashboard.view", CRN);
    }
  }

  @Test
  void oneSignInStateMakesAtMostThreeCodeExchangesAndWarnsOnce() throws Exception {
    String[] flow = signIn(CRN);
    long exchangesBefore = iam.requestCount(IamEndpoint.TOKEN);
    try (StderrCapture log = new StderrCapture()) {
      for (int i = 0; i < 50; i++) {
        HttpResponse<String> r = get(URI.create(
            flow[0].replaceFirst("code=[^&]+", "code=junk" + i)), flow[1]);
        if (i < 3) {
          assertThat(r.statusCode()).as("attempt %d", i).isEqualTo(502);
        } else {
          assertThat(r.statusCode()).as("attempt %d", i).isEqualTo(400);
          assertThat(r.body()).contains("start the sign-in again");
        }
      }
      assertThat(log.lines()).filteredOn(l -> l.contains("WARN")).hasSize(1)
          .allMatch(l -> l.contains("dashboard code exchange failed"));
    }
    assertThat(iam.requestCount(IamEndpoint.TOKEN) - exchangesBefore).isEqualTo(3);
    // the real code of that state is refused too, without calling IAM: the user starts again
    assertThat(complete(flow).statusCode()).isEqualTo(400);
    assertThat(iam.requestCount(IamEndpoint.TOKEN) - exchangesBefore).isEqualTo(3);
    assertThat(complete(signIn(CRN)).statusCode()).isEqualTo(303);
  }
}
