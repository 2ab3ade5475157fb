package io.github.osbsdk.broker.iam;

import static io.github.osbsdk.broker.core.testsupport.ScriptedHttpServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.core.testsupport.Await;
import io.github.osbsdk.broker.core.testsupport.ScriptedHttpServer;
import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import io.github.osbsdk.broker.core.testsupport.TestClock;
import io.github.osbsdk.broker.testkit.iam.IamEndpoint;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The IAM client side under faults: stalled replies, a reply that cannot be used, failing and
 * racing token fetches; throttling and retry pauses are {@link IamRetryPauseTest}'s.
 */
class IamClientFaultsTest extends WithIamSimulator {
  static final String CRN = "crn:v1:bluemix:public:hello:us-south:a/acct1:inst1::";
  /** Far above every timeout configured here: reaching it means the call hangs. */
  static final long HANG_SECONDS = 30;
  ExecutorService pool;

  @BeforeEach
  void startPool() {
    pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "iam-faults-test");
      t.setDaemon(true);
      return t;
    });
  }

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  <T> T withinHangLimit(Future<T> f) throws Exception {
    try {
      return f.get(HANG_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("the call still hangs after " + HANG_SECONDS + " s", e);
    }
  }

  @Test
  void tokenFetchWhoseReplyBodyStallsFailsWithinTheRequestTimeout() throws Exception {
    try (StallingServer stall = new StallingServer()) {
      IamConfig cfg = IamConfig.builder().iamUrl(stall.base())
          .requestTimeout(Duration.ofMillis(500)).build();
      ServiceIdTokenProvider p = ServiceIdTokenProvider.builder(cfg, "good-key").build();
      Throwable t = withinHangLimit(pool.submit(() -> catchThrowable(p::token)));
      assertThat(t).isInstanceOf(IamException.class);
    }
  }

  @Test
  void authzCallWhoseReplyBodyStallsDeniesWithinTheRequestTimeout() throws Exception {
    try (StallingServer stall = new StallingServer()) {
      IamConfig cfg = IamConfig.builder().iamUrl(iam.baseUrl())
          .authzUrl(stall.base().resolve("/v2/authz"))
          .requestTimeout(Duration.ofMillis(500)).build();
      ServiceIdTokenProvider tokens = ServiceIdTokenProvider.builder(cfg, "good-key").build();
      AuthzClient authz = AuthzClient.builder(cfg, tokens).build();
      Boolean permitted = withinHangLimit(pool.submit(
          () -> authz.isPermitted("IBMid-user1", null, "hello.dashboard.view", CRN)));
      assertThat(permitted).isFalse();
    }
  }

  @Test
  void keyFetchWhoseReplyBodyStallsRefusesTokensWithinTheRequestTimeout() throws Exception {
    try (StallingServer stall = new StallingServer()) {
      IamConfig cfg = IamConfig.builder().iamUrl(iam.baseUrl())
          .keysUrl(stall.base().resolve("/identity/keys"))
          .requestTimeout(Duration.ofMillis(500)).build();
      IamAuthenticator auth = IamAuthenticator.builder(cfg)
          .allowedIdentities(Set.of(SERVICE_ID)).build();
      String token = iam.token().iamId(SERVICE_ID).sign();
      Throwable t = withinHangLimit(pool.submit(
          () -> catchThrowable(() -> auth.authenticate("Bearer " + token))));
      assertThat(t).isInstanceOf(ServiceBrokerException.class);
      assertThat(((ServiceBrokerException) t).status()).isEqualTo(401);
    }
  }

  @Test
  void callerThatSawTheExpiredTokenUsesTheRefreshThatLandedMeanwhile() throws Exception {
    TestClock gate = new TestClock();
    ServiceIdTokenProvider p = ServiceIdTokenProvider.builder(config, "good-key").clock(gate)
        .nanoTime(Ticks.following(gate))
        .build();
    p.token();
    gate.advance(Duration.ofHours(1)); // expired
    Future<String> late = pool.submit(() -> {
      gate.holdThisThread(); // reads the expired token, then is held in clock.millis()
      return p.token();
    });
    gate.held.await();
    String fresh = p.token(); // the one fetch for the expired token
    gate.release.countDown();
    boolean same = withinHangLimit(late).equals(fresh);
    assertThat(iam.requestCount(IamEndpoint.TOKEN)).isEqualTo(2);
    assertThat(same).as("the held caller got the token fetched meanwhile").isTrue();
  }

  @Test
  void accessTokenThatCannotBeSentInAHeaderIsRefusedWithoutEchoingIt() throws Exception {
    try (ScriptedHttpServer server = new ScriptedHttpServer("/identity/token",
        json(n -> "{\"access_token\":\"secret-tok\\nen\",\"expires_in\":3600}"))) {
      IamConfig cfg = IamConfig.builder().iamUrl(server.baseUrl()).build();
      ServiceIdTokenProvider p = ServiceIdTokenProvider.builder(cfg, "good-key").build();
      AuthzClient authz = AuthzClient.builder(cfg, p).build();
      try (StderrCapture err = new StderrCapture()) {
        assertThat(authz.isPermitted("IBMid-user1", null, "hello.dashboard.view", CRN))
            .isFalse();
        assertThat(String.join("\n", err.lines())).doesNotContain("secret-tok");
      }
      assertThatThrownBy(p::token).isInstanceOf(IamException.class)
          .hasMessageNotContaining("secret-tok");
    }
  }

  @Test
  void fetchEndingInAnErrorLeavesNoCallerWaitingForever() throws Exception {
    HttpClient real = HttpClient.newHttpClient();
    AtomicInteger sends = new AtomicInteger();
    HttpClient failingOnce = new DelegatingHttpClient(real) {
      @Override
      public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
          HttpResponse.BodyHandler<T> handler) {
        if (sends.getAndIncrement() == 0) {
          throw new OutOfMemoryError("simulated"); // e.g. memory short for a moment
        }
        return super.sendAsync(request, handler);
      }
    };
    IamConfig cfg = IamConfig.builder().iamUrl(iam.baseUrl()).httpClient(failingOnce)
        .requestTimeout(Duration.ofSeconds(2)).build();
    ServiceIdTokenProvider p = ServiceIdTokenProvider.builder(cfg, "good-key").clock(clock)
        .nanoTime(Ticks.following(clock))
        .build();
    // before: the fetch's thread died without ending the fetch: this caller and every later
    // one waited for it for ever
    Throwable first = withinHangLimit(pool.submit(() -> catchThrowable(p::token)));
    assertThat(first).isInstanceOf(IamException.class).hasMessageContaining("OutOfMemoryError");
    clock.advance(Duration.ofMillis(ServiceIdTokenProvider.RETRY_PAUSE_MILLIS));
    assertThat(withinHangLimit(pool.submit(p::token))).isNotEmpty();
  }

  @Test
  void keySetRefreshAheadLeavesNoNonDaemonThreadBehind() throws Exception {
    IamAuthenticator auth = IamAuthenticator.builder(config)
        .allowedIdentities(Set.of(SERVICE_ID))
        .keys(Duration.ofMillis(400), Duration.ofMillis(100), Duration.ofHours(1))
        .verifiedTokenCache(0, Duration.ofMinutes(1)).build();
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    String token = iam.token().iamId(SERVICE_ID).sign();
    long refetchesWanted = 3; // each key set lives 400 ms; its last 40 ms refresh ahead
    for (int i = 0; i < 20_000 && iam.requestCount(IamEndpoint.KEYS) < refetchesWanted; i++) {
      auth.authenticate("Bearer " + token);
      Thread.sleep(1);
    }
    // a refresh's thread that ends soon is not left behind; one that stays fails after 30 s
    Await.until(() -> Thread.getAllStackTraces().keySet().stream()
        .noneMatch(t -> !before.contains(t) && t.isAlive() && !t.isDaemon()),
        "only daemon threads are left");
    assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> !before.contains(t))
        .filteredOn(t -> t.isAlive() && !t.isDaemon()).extracting(Thread::getName).isEmpty();
  }
}
