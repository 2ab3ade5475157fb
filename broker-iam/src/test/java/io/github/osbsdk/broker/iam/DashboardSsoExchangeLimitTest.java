package io.github.osbsdk.broker.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import io.github.osbsdk.broker.core.testsupport.TestClock;
import io.github.osbsdk.broker.testkit.iam.IamEndpoint;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How many times an unauthenticated caller can make the broker call IAM's token endpoint, over
 * real HTTP: a sign-in state costs one request to {@code GET /dashboard/{id}}, so callbacks with
 * junk codes and fresh states must not make the broker redeem codes at the caller's rate.
 */
class DashboardSsoExchangeLimitTest extends WithDashboardSso {
  /** The documented default: failed code exchanges a replica makes before it pauses them. */
  static final int DEFAULT_LIMIT = 60;
  TestClock clock;

  @BeforeEach
  void newClock() {
    clock = new TestClock(); // stands still: nothing refills unless a test moves it
    iam.resetCounters();
  }

  void start(DashboardSso.Builder sso) {
    start(sso, Ticks.following(clock));
  }

  /** Starts the SSO on {@link #clock} and its own monotonic clock. */
  void start(DashboardSso.Builder sso, LongSupplier nanoTime) {
    server.start(Set.of(sso.clock(clock).nanoTime(nanoTime)
        .dashboard((id, user) -> "<html><body>instance " + id + "</body></html>").build()
        .resource()));
  }

  /** Steps 1-2 of a real sign-in: returns [callback URL with IAM's code, nonce cookie]. */
  String[] signIn() throws Exception {
    HttpResponse<String> start = get(URI.create(server.base + "/dashboard/" + enc(CRN)), null);
    assertThat(start.statusCode()).isEqualTo(303);
    URI authorize = location(start, server.base);
    HttpResponse<String> fromIam = get(authorize, null);
    assertThat(fromIam.statusCode()).isEqualTo(302);
    return new String[] {location(fromIam, authorize).toString(), cookies(start)};
  }

  HttpResponse<String> complete(String[] flow) throws Exception {
    return get(URI.create(flow[0]), flow[1]);
  }

  /** Starts a sign-in and calls back with a code IAM never issued: the callback's answer. */
  HttpResponse<String> junkCallback(int i) throws Exception {
    HttpResponse<String> start = get(URI.create(server.base + "/dashboard/" + enc(CRN)), null);
    assertThat(start.statusCode()).isEqualTo(303);
    String state = DashboardSsoAttackTest.queryParam(location(start, server.base), "state");
    return get(URI.create(server.base + "/dashboard/callback?code=junk" + i + "&state="
        + enc(state)), cookies(start));
  }

  @Test
  void junkCodesWithFreshStatesStopReachingIamOnceTheDefaultLimitIsSpent() throws Exception {
    start(ssoBuilder(iam, server.base));
    for (int i = 0; i < 2 * DEFAULT_LIMIT; i++) {
      HttpResponse<String> r = junkCallback(i);
      if (i < DEFAULT_LIMIT) {
        assertThat(r.statusCode()).as("callback %d", i).isEqualTo(502);
      } else {
        assertThat(r.statusCode()).as("callback %d", i).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
      }
    }
    assertThat(iam.requestCount(IamEndpoint.TOKEN)).isEqualTo(DEFAULT_LIMIT);
  }

  @Test
  void aSignInAfterTheBurstCompletesOnceTheLimitRefills() throws Exception {
    start(ssoBuilder(iam, server.base).failedExchangeLimit(5, Duration.ofSeconds(50)));
    for (int i = 0; i < 10; i++) {
      assertThat(junkCallback(i).statusCode()).as("callback %d", i).isEqualTo(i < 5 ? 502 : 503);
    }
    assertThat(iam.requestCount(IamEndpoint.TOKEN)).isEqualTo(5);
    String[] flow = signIn();
    HttpResponse<String> paused = complete(flow);
    assertThat(paused.statusCode()).isEqualTo(503);
    assertThat(paused.body()).contains("Sign-in busy").contains("try again");
    assertThat(paused.headers().firstValue("Retry-After")).hasValue("10"); // one every 10 s
    assertThat(paused.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(paused.headers().allValues("Set-Cookie")).isEmpty();
    assertThat(iam.requestCount(IamEndpoint.TOKEN)).isEqualTo(5); // the code is unspent

    clock.advance(Duration.ofSeconds(10));
    HttpResponse<String> done = complete(flow); // the same callback, retried: the user's reload
    assertThat(done.statusCode()).isEqualTo(303);
    assertThat(done.headers().allValues("Set-Cookie"))
        .anyMatch(c -> c.startsWith("osb_dashboard_session="));
  }

  @Test
  void signInsThatCompleteDoNotSpendTheLimit() throws Exception {
    start(ssoBuilder(iam, server.base).failedExchangeLimit(2, Duration.ofMinutes(1)));
    for (int i = 0; i < 10; i++) {
      assertThat(complete(signIn()).statusCode()).as("sign-in %d", i).isEqualTo(303);
    }
    assertThat(junkCallback(0).statusCode()).isEqualTo(502);
    assertThat(junkCallback(1).statusCode()).isEqualTo(502);
    assertThat(junkCallback(2).statusCode()).isEqualTo(503);
  }

  @Test
  void twentySignInsAtOnceAllCompleteUnderTheDefaultLimit() throws Exception {
    start(ssoBuilder(iam, server.base));
    List<String[]> flows = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      flows.add(signIn());
    }
    ExecutorService pool = Executors.newFixedThreadPool(20);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Integer>> statuses = new ArrayList<>();
      for (String[] flow : flows) {
        statuses.add(pool.submit(() -> {
          go.await();
          return complete(flow).statusCode();
        }));
      }
      go.countDown();
      for (Future<Integer> status : statuses) {
        assertThat(status.get(30, TimeUnit.SECONDS)).isEqualTo(303);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aCallbackWhoseStateFailsVerificationNeverCallsIam() throws Exception {
    start(ssoBuilder(iam, server.base));
    String[] flow = signIn();
    String tampered = flow[0].replaceFirst("state=([^&]{5})", "state=AAAAA");
    assertThat(get(URI.create(tampered), flow[1]).statusCode()).isEqualTo(400);
    String truncated = flow[0].replaceFirst("(state=[^&]{10})[^&]*", "$1");
    assertThat(get(URI.create(truncated), flow[1]).statusCode()).isEqualTo(400);
    String withoutState = flow[0].replaceFirst("&?state=[^&]*", "");
    assertThat(get(URI.create(withoutState), flow[1]).statusCode()).isEqualTo(400);
    assertThat(get(URI.create(flow[0]), null).statusCode()).isEqualTo(403); // another browser
    assertThat(iam.requestCount(IamEndpoint.TOKEN)).isZero();

    assertThat(complete(flow).statusCode()).isEqualTo(303); // IAM redeems a code once: unspent
    String[] late = signIn();
    clock.advance(Duration.ofMinutes(11)); // past the state's 10 minutes
    long before = iam.requestCount(IamEndpoint.TOKEN);
    assertThat(complete(late).statusCode()).isEqualTo(400);
    assertThat(iam.requestCount(IamEndpoint.TOKEN)).isEqualTo(before);
  }

  @Test
  void aWallClockStepForwardDoesNotRefillSpentExchanges() throws Exception {
    TestClock elapsed = new TestClock(Instant.EPOCH);
    start(ssoBuilder(iam, server.base).failedExchangeLimit(2, Duration.ofMinutes(1)),
        Ticks.following(elapsed));
    assertThat(junkCallback(0).statusCode()).isEqualTo(502);
    assertThat(junkCallback(1).statusCode()).isEqualTo(502);

    clock.advance(Duration.ofHours(1));
    elapsed.advance(Duration.ofSeconds(1));

    HttpResponse<String> paused = junkCallback(2);
    assertThat(paused.statusCode()).isEqualTo(503);
    assertThat(paused.headers().firstValue("Retry-After")).hasValue("29");
    assertThat(iam.requestCount(IamEndpoint.TOKEN)).isEqualTo(2);
  }

  @Test
  void aWallClockStepBackDoesNotPauseExchangesLonger() throws Exception {
    TestClock elapsed = new TestClock(Instant.EPOCH);
    start(ssoBuilder(iam, server.base).failedExchangeLimit(2, Duration.ofMinutes(1)),
        Ticks.following(elapsed));
    assertThat(junkCallback(0).statusCode()).isEqualTo(502);
    assertThat(junkCallback(1).statusCode()).isEqualTo(502);

    clock.advance(Duration.ofHours(-5));
    elapsed.advance(Duration.ofSeconds(30)); // one exchange refilled

    assertThat(junkCallback(2).statusCode()).isEqualTo(502);
    assertThat(iam.requestCount(IamEndpoint.TOKEN)).isEqualTo(3);
  }

  @Test
  void pausedExchangesWarnOnceAMinute() throws Exception {
    start(ssoBuilder(iam, server.base).failedExchangeLimit(1, Duration.ofMinutes(1)));
    try (StderrCapture log = new StderrCapture()) {
      assertThat(junkCallback(0).statusCode()).isEqualTo(502);
      for (int i = 1; i < 6; i++) {
        assertThat(junkCallback(i).statusCode()).isEqualTo(503);
      }
      assertThat(log.lines()).filteredOn(l -> l.contains("dashboard code exchanges paused"))
          .singleElement().asString().contains("WARN");
    }
  }

  @Test
  void theLimitRefusesNonsenseAtConfiguration() {
    DashboardSso.Builder b = ssoBuilder(iam, server.base);
    assertThatThrownBy(() -> b.failedExchangeLimit(0, Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.failedExchangeLimit(5, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.failedExchangeLimit(5, Duration.ofDays(2)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
