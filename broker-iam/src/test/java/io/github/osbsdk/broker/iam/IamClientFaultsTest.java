package io.github.osbsdk.broker.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpServer;
import io.github.osbsdk.broker.api.ServiceBrokerException;
import io.github.osbsdk.broker.iam.testsupport.StderrCapture;
import io.github.osbsdk.broker.testkit.iam.IamEndpoint;
import io.github.osbsdk.broker.testkit.iam.IamSimulator;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The IAM client side under faults: stalled replies, failing and racing token fetches. */
class IamClientFaultsTest {
  static final String SERVICE_ID = "iam-ServiceId-broker";
  static final String CRN = "crn:v1:bluemix:public:hello:us-south:a/acct1:inst1::";
  /** Far above every timeout configured here: reaching it means the call hangs. */
  static final long HANG_SECONDS = 30;
  static IamSimulator iam;
  IamConfig config;
  MutableClock clock;
  ExecutorService pool;

  @BeforeAll
  static void startIam() {
    iam = IamSimulator.start();
    iam.registerApiKey("good-key", SERVICE_ID);
  }

  @AfterAll
  static void stopIam() {
    iam.close();
  }

  @BeforeEach
  void reset() {
    iam.faults().reset();
    iam.resetCounters();
    iam.tokenLifetime(Duration.ofHours(1));
    config = IamConfig.builder().iamUrl(iam.baseUrl()).requestTimeout(Duration.ofSeconds(2))
        .build();
    clock = new MutableClock();
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
  void failedTokenFetchIsNotRepeatedByEveryCallerRightAway() {
    iam.faults().failWith(IamEndpoint.TOKEN, 429);
    ServiceIdTokenProvider p = ServiceIdTokenProvider.builder(config, "good-key").clock(clock)
        .executor(Runnable::run).build();
    for (int i = 0; i < 20; i++) {
      assertThatThrownBy(p::token).isInstanceOf(IamException.class).hasMessageContaining("429");
    }
    assertThat(iam.requestCount(IamEndpoint.TOKEN)).isEqualTo(1);
    iam.faults().reset();
    clock.advance(Duration.ofMinutes(2));
    assertThat(p.token()).isNotEmpty();
    assertThat(iam.requestCount(IamEndpoint.TOKEN)).isEqualTo(2);
  }

  @Test
  void failedBackgroundRefreshIsNotRepeatedByEveryCallerRightAway() {
    ServiceIdTokenProvider p = ServiceIdTokenProvider.builder(config, "good-key").clock(clock)
        .executor(Runnable::run).build();
    String first = p.token();
    iam.faults().failWith(IamEndpoint.TOKEN, 503);
    clock.advance(Duration.ofMinutes(50)); // refresh due, token still valid
    for (int i = 0; i < 20; i++) {
      assertThat(p.token()).isEqualTo(first);
    }
    assertThat(iam.requestCount(IamEndpoint.TOKEN)).isEqualTo(2);
  }

  @Test
  void retryAfterOfA429IsHonoured() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    HttpServer server = HttpServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/identity/token", ex -> {
      calls.incrementAndGet();
      byte[] body = "{\"errorCode\":\"BXNIM0429E\"}".getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Retry-After", "120");
      ex.sendResponseHeaders(429, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
    try {
      IamConfig cfg = IamConfig.builder()
          .iamUrl(URI.create("http://127.0.0.1:" + server.getAddress().getPort())).build();
      ServiceIdTokenProvider p = ServiceIdTokenProvider.builder(cfg, "good-key").clock(clock)
          .executor(Runnable::run).build();
      assertThatThrownBy(p::token).isInstanceOf(IamException.class);
      clock.advance(Duration.ofSeconds(100));
      assertThatThrownBy(p::token).isInstanceOf(IamException.class);
      assertThat(calls.get()).isEqualTo(1);
      clock.advance(Duration.ofSeconds(21));
      assertThatThrownBy(p::token).isInstanceOf(IamException.class);
      assertThat(calls.get()).isEqualTo(2);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void retryAfterOfMoreThanNineDigitsPausesForTheLongestWaitHonoured() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    HttpServer server = HttpServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/identity/token", ex -> {
      calls.incrementAndGet();
      byte[] body = "{\"errorCode\":\"BXNIM0429E\"}".getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Retry-After", "99999999999");
      ex.sendResponseHeaders(429, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
    try {
      IamConfig cfg = IamConfig.builder()
          .iamUrl(URI.create("http://127.0.0.1:" + server.getAddress().getPort())).build();
      ServiceIdTokenProvider p = ServiceIdTokenProvider.builder(cfg, "good-key").clock(clock)
          .executor(Runnable::run).build();
      assertThatThrownBy(p::token).isInstanceOf(IamException.class);
      // before: the value was unreadable, so IAM was asked again after the 1 s default pause
      clock.advance(Duration.ofMillis(ServiceIdTokenProvider.MAX_RETRY_AFTER_MILLIS - 1_000));
      assertThatThrownBy(p::token).isInstanceOf(IamException.class);
      assertThat(calls.get()).isEqualTo(1);
      clock.advance(Duration.ofSeconds(2));
      assertThatThrownBy(p::token).isInstanceOf(IamException.class);
      assertThat(calls.get()).isEqualTo(2);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void retryAfterAsHttpDateOfA429IsHonoured() {
    iam.faults().tooManyRequests(IamEndpoint.TOKEN, java.time.Instant.now().plusSeconds(120));
    ServiceIdTokenProvider p = ServiceIdTokenProvider.builder(config, "good-key").clock(clock)
        .executor(Runnable::run).build();
    assertThatThrownBy(p::token).isInstanceOf(IamException.class).hasMessageContaining("429");
    clock.advance(Duration.ofSeconds(100));
    assertThatThrownBy(p::token).isInstanceOf(IamException.class);
    assertThat(iam.requestCount(IamEndpoint.TOKEN)).isEqualTo(1);
    clock.advance(Duration.ofSeconds(25));
    iam.faults().reset();
    assertThat(p.token()).isNotEmpty();
    assertThat(iam.requestCount(IamEndpoint.TOKEN)).isEqualTo(2);
  }

  @Test
  void authzAnswering429IsNotAskedAgainBeforeItsRetryAfter() {
    iam.permit("IBMid-user1", "hello.dashboard.view", CRN);
    ServiceIdTokenProvider tokens = ServiceIdTokenProvider.builder(config, "good-key").build();
    AuthzClient authz = AuthzClient.builder(config, tokens).clock(clock).build();
    iam.faults().tooManyRequests(IamEndpoint.AUTHZ, Duration.ofSeconds(60));
    for (int i = 0; i < 10; i++) {
      assertThat(authz.isPermitted("IBMid-user1", null, "hello.dashboard.view", CRN)).isFalse();
    }
    assertThat(iam.requestCount(IamEndpoint.AUTHZ)).isEqualTo(1);
    iam.faults().reset();
    clock.advance(Duration.ofSeconds(59));
    assertThat(authz.isPermitted("IBMid-user1", null, "hello.dashboard.view", CRN)).isFalse();
    assertThat(iam.requestCount(IamEndpoint.AUTHZ)).isEqualTo(1);
    clock.advance(Duration.ofSeconds(2));
    assertThat(authz.isPermitted("IBMid-user1", null, "hello.dashboard.view", CRN)).isTrue();
    assertThat(iam.requestCount(IamEndpoint.AUTHZ)).isEqualTo(2);
  }

  @Test
  void callerThatSawTheExpiredTokenUsesTheRefreshThatLandedMeanwhile() throws Exception {
    MutableClock gate = new MutableClock();
    ServiceIdTokenProvider p = ServiceIdTokenProvider.builder(config, "good-key").clock(gate)
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
    HttpServer server = HttpServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/identity/token", ex -> {
      byte[] body = "{\"access_token\":\"secret-tok\\nen\",\"expires_in\":3600}"
          .getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
    try {
      IamConfig cfg = IamConfig.builder()
          .iamUrl(URI.create("http://127.0.0.1:" + server.getAddress().getPort())).build();
      ServiceIdTokenProvider p = ServiceIdTokenProvider.builder(cfg, "good-key").build();
      AuthzClient authz = AuthzClient.builder(cfg, p).build();
      try (StderrCapture err = new StderrCapture()) {
        assertThat(authz.isPermitted("IBMid-user1", null, "hello.dashboard.view", CRN))
            .isFalse();
        assertThat(String.join("\n", err.lines())).doesNotContain("secret-tok");
      }
      assertThatThrownBy(p::token).isInstanceOf(IamException.class)
          .hasMessageNotContaining("secret-tok");
    } finally {
      server.stop(0);
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
        .build();
    // before: the fetch's thread died without ending the fetch: this caller and every later
    // one waited for it for ever
    Throwable first = withinHangLimit(pool.submit(() -> catchThrowable(p::token)));
    assertThat(first).isInstanceOf(IamException.class).hasMessageContaining("OutOfMemoryError");
    clock.advance(Duration.ofMillis(ServiceIdTokenProvider.RETRY_PAUSE_MILLIS));
    assertThat(withinHangLimit(pool.submit(p::token))).isNotEmpty();
  }

  /** An HttpClient that hands every call to another one. */
  static class DelegatingHttpClient extends HttpClient {
    private final HttpClient delegate;

    DelegatingHttpClient(HttpClient delegate) {
      this.delegate = delegate;
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
      return delegate.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
      return delegate.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
      return delegate.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
      return delegate.proxy();
    }

    @Override
    public SSLContext sslContext() {
      return delegate.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
      return delegate.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
      return delegate.authenticator();
    }

    @Override
    public Version version() {
      return delegate.version();
    }

    @Override
    public Optional<Executor> executor() {
      return delegate.executor();
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
        throws IOException, InterruptedException {
      return delegate.send(request, handler);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
        HttpResponse.BodyHandler<T> handler) {
      return delegate.sendAsync(request, handler);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
        HttpResponse.BodyHandler<T> handler, HttpResponse.PushPromiseHandler<T> push) {
      return delegate.sendAsync(request, handler, push);
    }
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
    Thread.sleep(100);
    assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> !before.contains(t))
        .filteredOn(t -> t.isAlive() && !t.isDaemon()).extracting(Thread::getName).isEmpty();
  }
}
