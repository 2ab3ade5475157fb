package io.github.osbsdk.broker.iam;

import static io.github.osbsdk.broker.core.testsupport.ScriptedHttpServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.core.testsupport.Await;
import io.github.osbsdk.broker.core.testsupport.ScriptedHttpServer;
import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import io.github.osbsdk.broker.core.testsupport.TestClock;
import io.github.osbsdk.broker.testkit.iam.IamEndpoint;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class ServiceIdTokenProviderTest extends WithIamSimulator {
  ServiceIdTokenProvider provider(String apiKey) {
    return ServiceIdTokenProvider.builder(config, apiKey).clock(clock)
        .nanoTime(Ticks.following(clock)).build();
  }

  @Test
  void tokenIsIssuedForTheServiceIdAndVerifies() {
    String token = provider("good-key").token();
    IamAuthenticator auth = IamAuthenticator.builder(config)
        .allowedIdentities(Set.of(SERVICE_ID)).build();
    assertThat(auth.authenticate("Bearer " + token).id()).isEqualTo(SERVICE_ID);
  }

  @Test
  void tokenIsCachedUntilRefreshIsDue() {
    ServiceIdTokenProvider p = provider("good-key");
    String first = p.token();
    clock.advance(Duration.ofMinutes(30));
    assertThat(p.token()).isEqualTo(first);
    assertThat(iam.requestCount(IamEndpoint.TOKEN)).isEqualTo(1);
  }

  @Test
  void concurrentCallersCauseOneFetch() throws Exception {
    iam.faults().delay(IamEndpoint.TOKEN, Duration.ofMillis(300));
    ServiceIdTokenProvider p = provider("good-key");
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        results.add(pool.submit(() -> {
          go.await();
          return p.token();
        }));
      }
      go.countDown();
      String first = results.get(0).get();
      for (Future<String> f : results) {
        assertThat(f.get()).isEqualTo(first);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(iam.requestCount(IamEndpoint.TOKEN)).isEqualTo(1);
  }

  @Test
  void refreshesInBackgroundAfterEightyPercentOfLifetime() throws Exception {
    ServiceIdTokenProvider p = provider("good-key");
    String first = p.token();
    clock.advance(Duration.ofMinutes(47)); // before 80 % (48 of 60 minutes): no refresh
    assertThat(p.token()).isEqualTo(first);
    assertThat(iam.requestCount(IamEndpoint.TOKEN)).isEqualTo(1);
    clock.advance(Duration.ofMinutes(4)); // 51 of 60 minutes: refresh due, old token still good
    assertThat(p.token()).isEqualTo(first);
    awaitTokenRequests(2);
    assertThat(p.lastError()).isEmpty();
  }

  @Test
  void refreshFollowsTheLifetimeIamStates() throws Exception {
    iam.tokenLifetime(Duration.ofSeconds(100));
    ServiceIdTokenProvider p = provider("good-key");
    p.token();
    clock.advance(Duration.ofSeconds(85));
    p.token();
    awaitTokenRequests(2);
  }

  @Test
  void tokenCountsAsExpiredTenSecondsBeforeExp() {
    ServiceIdTokenProvider p = provider("good-key");
    p.token();
    clock.advance(Duration.ofMinutes(60).minusSeconds(5));
    p.token(); // must block for a new token, not hand out one about to expire
    assertThat(iam.requestCount(IamEndpoint.TOKEN)).isEqualTo(2);
  }

  @Test
  void fetchErrorIsReportedWhenNoValidTokenIsLeft() {
    ServiceIdTokenProvider p = provider("unknown-key");
    assertThat(p.lastError()).isEmpty(); // no fetch yet
    assertThatThrownBy(p::token).isInstanceOf(IamException.class).hasMessageContaining("400")
        .hasMessageNotContaining("unknown-key");
    assertThat(p.lastError()).get().extracting(Throwable::getMessage).asString()
        .contains("400").doesNotContain("unknown-key");
  }

  @Test
  void cachedTokenSurvivesFailedRefreshThenErrorIsReportedAfterExpiry() throws Exception {
    ServiceIdTokenProvider p = provider("good-key");
    String first = p.token();
    iam.faults().failWith(IamEndpoint.TOKEN, 503);
    clock.advance(Duration.ofMinutes(50));
    assertThat(p.token()).isEqualTo(first);
    awaitTokenRequests(2);
    clock.advance(Duration.ofMinutes(10));
    assertThatThrownBy(p::token).isInstanceOf(IamException.class).hasMessageContaining("503");
  }

  @Test
  void tokenReplyWithoutAnyLifetimeLeftIsAFailedFetch() {
    iam.tokenLifetime(Duration.ZERO); // expires_in 0: the token is dead on arrival
    ServiceIdTokenProvider p = provider("good-key");
    for (int i = 0; i < 5; i++) {
      // before: each call handed out the dead token and asked IAM again (5 calls, 5 requests)
      assertThatThrownBy(p::token).isInstanceOf(IamException.class)
          .hasMessageContaining("expired");
    }
    assertThat(iam.requestCount(IamEndpoint.TOKEN)).isEqualTo(1);
    iam.tokenLifetime(Duration.ofHours(1));
    clock.advance(Duration.ofMillis(ServiceIdTokenProvider.RETRY_PAUSE_MILLIS));
    assertThat(p.token()).isNotEmpty();
  }

  @Test
  void tokenShorterLivedThanTheExpiryMarginIsReusedForHalfItsLifetime() {
    iam.tokenLifetime(Duration.ofSeconds(4)); // e.g. a misconfigured test IAM
    ServiceIdTokenProvider p = provider("good-key");
    try (StderrCapture log = new StderrCapture()) {
      String first = p.token();
      for (int i = 0; i < 5; i++) {
        assertThat(p.token()).isEqualTo(first);
      }
      // before: each call fetched a new token (6 calls, 6 requests)
      assertThat(iam.requestCount(IamEndpoint.TOKEN)).isEqualTo(1);
      clock.advance(Duration.ofSeconds(2));
      p.token();
      p.token();
      assertThat(iam.requestCount(IamEndpoint.TOKEN)).isEqualTo(2);
      assertThat(log.lines()).filteredOn(l -> l.contains("WARN")).singleElement()
          .asString().contains("4000 ms").contains("expiry margin");
    }
  }

  @Test
  void expirationInMillisecondsDoesNotKeepTheTokenPastItsExpiresIn() throws Exception {
    long expirationMillis = System.currentTimeMillis() + 3_600_000; // milliseconds, not seconds
    try (ScriptedToken server = new ScriptedToken(n -> "{\"access_token\":\"tok" + n
        + "\",\"expires_in\":3600,\"expiration\":" + expirationMillis + "}")) {
      ServiceIdTokenProvider p = server.provider(clock);
      assertThat(p.token()).isEqualTo("tok0");
      clock.advance(Duration.ofMinutes(60));
      // before: the token counted as valid for tens of thousands of years
      assertThat(p.token()).isEqualTo("tok1");
      assertThat(server.calls.get()).isEqualTo(2);
    }
  }

  @Test
  void expirationImplausiblyFarAheadWithoutExpiresInIsAFailedFetch() throws Exception {
    long expirationMillis = System.currentTimeMillis() + 3_600_000;
    try (ScriptedToken server = new ScriptedToken(
        n -> "{\"access_token\":\"tok" + n + "\",\"expiration\":" + expirationMillis + "}")) {
      ServiceIdTokenProvider p = server.provider(clock);
      // before: the token was handed out and reused until a 401 dropped it
      assertThatThrownBy(p::token).isInstanceOf(IamException.class)
          .hasMessageContaining("implausible");
      assertThat(server.calls.get()).isEqualTo(1);
    }
  }

  @Test
  void absurdExpiresInIsAFailedFetchWithAClearMessageEvenWithAPlausibleExpiration()
      throws Exception {
    long expiration = System.currentTimeMillis() / 1000 + 3600;
    Map<String, String> absurd = new LinkedHashMap<>();
    absurd.put("-60", "expired");
    absurd.put("0", "expired");
    absurd.put(Long.toString(10L * 365 * 24 * 3600), "implausible");
    absurd.put("1e30", "not a number of seconds");
    absurd.put("99999999999999999999999", "not a number of seconds");
    absurd.put("\"3600\"", "not a number of seconds");
    absurd.put("true", "not a number of seconds");
    for (Map.Entry<String, String> e : absurd.entrySet()) {
      try (ScriptedToken server = new ScriptedToken(n -> "{\"access_token\":\"tok" + n
          + "\",\"expires_in\":" + e.getKey() + ",\"expiration\":" + expiration + "}")) {
        ServiceIdTokenProvider p = server.provider(clock);
        // before: 1e30, a number beyond long, a string or a boolean was read as "no expires_in"
        // and the token was used until the expiration the same reply stated
        assertThatThrownBy(p::token).as(e.getKey()).isInstanceOf(IamException.class)
            .hasMessageContaining(e.getValue());
        assertThat(server.calls.get()).isEqualTo(1);
      }
    }
  }

  /** An IAM token endpoint on 127.0.0.1 answering 200 with the body the script gives. */
  /** A scripted IAM token endpoint. */
  static final class ScriptedToken extends ScriptedHttpServer {
    ScriptedToken(IntFunction<String> script) throws IOException {
      super("/identity/token", json(script));
    }

    ServiceIdTokenProvider provider(TestClock clock) {
      IamConfig cfg = IamConfig.builder().iamUrl(baseUrl()).requestTimeout(
          Duration.ofSeconds(30)).build();
      return ServiceIdTokenProvider.builder(cfg, "good-key").clock(clock)
          .nanoTime(Ticks.following(clock)).build();
    }
  }

  static void awaitTokenRequests(long n) throws InterruptedException {
    Await.until(() -> iam.requestCount(IamEndpoint.TOKEN) >= n, n + " token requests");
    Thread.sleep(20); // one more, were there one (it does not decide a pass)
    assertThat(iam.requestCount(IamEndpoint.TOKEN)).isEqualTo(n);
  }
}
