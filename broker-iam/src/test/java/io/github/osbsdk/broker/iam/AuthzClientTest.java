package io.github.osbsdk.broker.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.osbsdk.broker.testkit.iam.IamEndpoint;
import io.github.osbsdk.broker.testkit.iam.IamSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuthzClientTest {
  static final String USER = "IBMid-user1";
  static final String OTHER = "IBMid-user2";
  static final String CRN = "crn:v1:bluemix:public:hello:us-south:a/acct1:inst1::";
  static final String ACTION = "hello.dashboard.view";
  static IamSimulator iam;
  IamConfig config;
  MutableClock clock;
  ServiceIdTokenProvider tokens;

  @BeforeAll
  static void startIam() {
    iam = IamSimulator.start();
    iam.registerApiKey("broker-key", "iam-ServiceId-broker");
    iam.permit(USER, ACTION, CRN);
  }

  @AfterAll
  static void stopIam() {
    iam.close();
  }

  @BeforeEach
  void reset() {
    iam.faults().reset();
    iam.resetCounters();
    // generous: on a loaded machine a cold first call (the token's) can take seconds; a test of
    // what a timeout does sets its own (iamDownOrSlowDenies)
    config = IamConfig.builder().iamUrl(iam.baseUrl()).requestTimeout(Duration.ofSeconds(30))
        .build();
    clock = new MutableClock();
    tokens = ServiceIdTokenProvider.builder(config, "broker-key").build();
  }

  AuthzClient client() {
    return AuthzClient.builder(config, tokens).clock(clock).build();
  }

  @Test
  void permittedSubjectIsPermitted() {
    assertThat(client().isPermitted(USER, "ibm openid", ACTION, CRN)).isTrue();
    assertThat(iam.lastTransactionId()).startsWith("osb-broker-");
  }

  @Test
  void otherSubjectIsDenied() {
    assertThat(client().isPermitted(OTHER, "ibm openid", ACTION, CRN)).isFalse();
    assertThat(client().isPermitted(USER, "ibm openid", "hello.other", CRN)).isFalse();
  }

  @Test
  void subjectWithoutAKnownScopeIsSentWithIamsDefaultScope() {
    assertThat(client().isPermitted(USER, null, ACTION, CRN)).isTrue();
    assertThat(iam.lastAuthzRequestBody()).contains("\"scope\":\"ibm openid\"");
    assertThat(client().isPermitted(USER, "ibm", ACTION, CRN)).isTrue();
    assertThat(iam.lastAuthzRequestBody()).contains("\"scope\":\"ibm\"");
  }

  @Test
  void eachCallCarriesItsOwnTransactionId() {
    AuthzClient c = client();
    c.isPermitted(USER, null, ACTION, CRN);
    String first = iam.lastTransactionId();
    c.isPermitted(OTHER, null, ACTION, CRN);
    assertThat(iam.lastTransactionId()).isNotEqualTo(first);
  }

  @Test
  void decisionsAreCachedWithSeparatePermitAndDenyLifetimes() {
    AuthzClient c = AuthzClient.builder(config, tokens).clock(clock)
        .cache(Duration.ofMinutes(5), Duration.ofSeconds(10), 100).build();
    assertThat(c.isPermitted(USER, null, ACTION, CRN)).isTrue();
    assertThat(c.isPermitted(OTHER, null, ACTION, CRN)).isFalse();
    assertThat(c.isPermitted(USER, null, ACTION, CRN)).isTrue();
    assertThat(c.isPermitted(OTHER, null, ACTION, CRN)).isFalse();
    assertThat(iam.requestCount(IamEndpoint.AUTHZ)).isEqualTo(2);
    clock.advance(Duration.ofSeconds(11)); // deny expired, permit not
    assertThat(c.isPermitted(USER, null, ACTION, CRN)).isTrue();
    assertThat(c.isPermitted(OTHER, null, ACTION, CRN)).isFalse();
    assertThat(iam.requestCount(IamEndpoint.AUTHZ)).isEqualTo(3);
  }

  @Test
  void batchIsOneRequestWithOneDecisionPerCheck() {
    List<Boolean> decisions = client().check(List.of(
        new AuthzCheck(new AuthzSubject(USER, "ibm", null), ACTION, CRN),
        new AuthzCheck(new AuthzSubject(OTHER, "ibm", null), ACTION, CRN)));
    assertThat(decisions).containsExactly(true, false);
    assertThat(iam.requestCount(IamEndpoint.AUTHZ)).isEqualTo(1);
    assertThat(iam.lastAuthzRequestBody()).contains("\"attributes\"").contains(CRN);
  }

  @Test
  void accessTokenBodyFormSendsTheUsersToken() {
    String userToken = iam.token().iamId(USER).scope("ibm openid").sign();
    AuthzClient c = AuthzClient.builder(config, tokens)
        .subjectForm(AuthzClient.SubjectForm.ACCESS_TOKEN_BODY).build();
    assertThat(c.isPermitted(new AuthzCheck(new AuthzSubject(USER, "ibm openid", userToken),
        ACTION, CRN))).isTrue();
    assertThat(iam.lastAuthzRequestBody()).contains("accessTokenBody");
    String otherToken = iam.token().iamId(OTHER).sign();
    assertThat(c.isPermitted(new AuthzCheck(new AuthzSubject(OTHER, null, otherToken),
        ACTION, CRN))).isFalse();
  }

  @Test
  void iamServerErrorDeniesAndIsNotCached() {
    AuthzClient c = client();
    tokens.token();
    iam.faults().failWith(IamEndpoint.AUTHZ, 500);
    assertThat(c.isPermitted(USER, null, ACTION, CRN)).isFalse();
    iam.faults().reset();
    assertThat(c.isPermitted(USER, null, ACTION, CRN)).isTrue();
  }

  @Test
  void iamForbiddenMeansNotPermitted() {
    iam.faults().failWith(IamEndpoint.AUTHZ, 403);
    assertThat(client().isPermitted(USER, null, ACTION, CRN)).isFalse();
  }

  @Test
  void iamDownOrSlowDenies() {
    tokens.token(); // with the generous timeout: only the authz call is to time out
    IamConfig impatient = IamConfig.builder().iamUrl(iam.baseUrl())
        .requestTimeout(Duration.ofMillis(700)).build();
    AuthzClient c = AuthzClient.builder(impatient, tokens).clock(clock).build();
    iam.faults().down(IamEndpoint.AUTHZ);
    assertThat(c.isPermitted(USER, null, ACTION, CRN)).isFalse();
    iam.faults().reset().delay(IamEndpoint.AUTHZ, Duration.ofSeconds(2)); // then it would permit
    assertThat(c.isPermitted(USER, null, ACTION, CRN)).isFalse();
  }

  @Test
  void garbageReplyDenies() {
    tokens.token();
    iam.faults().malformedResponse(IamEndpoint.AUTHZ);
    assertThat(client().isPermitted(USER, null, ACTION, CRN)).isFalse();
  }

  @Test
  void brokerTokenRefusedBeforeItsExpiryIsRenewedForTheNextCall() {
    tokens = ServiceIdTokenProvider.builder(config, "broker-key").clock(clock).build();
    AuthzClient c = client();
    tokens.token();
    clock.advance(Duration.ofMillis(ServiceIdTokenProvider.REFUSED_TOKEN_MIN_AGE_MILLIS));
    iam.faults().failWith(IamEndpoint.AUTHZ, 401).forNextRequests(IamEndpoint.AUTHZ, 1);

    assertThat(c.isPermitted(USER, null, ACTION, CRN)).isFalse();
    // before: the refused token was used until it expired (up to an hour of denials)
    assertThat(c.isPermitted(USER, null, ACTION, CRN)).isTrue();
    assertThat(iam.requestCount(IamEndpoint.TOKEN)).isEqualTo(2);
  }

  @Test
  void freshBrokerTokenRefusedIsNotRenewedAgainAndAgain() {
    tokens = ServiceIdTokenProvider.builder(config, "broker-key").clock(clock).build();
    AuthzClient c = client();
    iam.faults().failWith(IamEndpoint.AUTHZ, 401);
    for (int i = 0; i < 5; i++) {
      assertThat(c.isPermitted(USER, null, ACTION + i, CRN)).isFalse();
    }
    assertThat(iam.requestCount(IamEndpoint.TOKEN)).isEqualTo(1);
  }

  @Test
  void noBrokerTokenDenies() {
    iam.faults().failWith(IamEndpoint.TOKEN, 500);
    assertThat(client().isPermitted(USER, null, ACTION, CRN)).isFalse();
    assertThat(iam.requestCount(IamEndpoint.AUTHZ)).isZero();
  }

  @Test
  void checkIamCouldNotDecideIsDeniedAndNotCached() throws Exception {
    String[] replies = {
        "{\"responses\":[{\"status\":\"500\",\"error\":{\"message\":\"try later\"}}]}",
        "{\"responses\":[{\"status\":\"200\",\"authorizationDecision\":{\"permitted\":true}}]}"};
    try (ScriptedAuthz server = new ScriptedAuthz(n -> replies[Math.min(n, 1)])) {
      AuthzClient c = server.client(clock);
      assertThat(c.isPermitted(USER, null, ACTION, CRN)).isFalse();
      // before: the failed check was cached as a deny for the deny lifetime
      assertThat(c.isPermitted(USER, null, ACTION, CRN)).isTrue();
      assertThat(server.calls.get()).isEqualTo(2);
    }
  }

  @Test
  void decisionInFlightWhileTheCacheIsClearedIsNotKept() throws Exception {
    CountDownLatch arrived = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    String permit =
        "{\"responses\":[{\"status\":\"200\",\"authorizationDecision\":{\"permitted\":true}}]}";
    try (ScriptedAuthz server = new ScriptedAuthz(n -> {
      if (n == 0) {
        arrived.countDown();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return permit;
    })) {
      AuthzClient c = server.client(clock);
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        Future<Boolean> inFlight = pool.submit(() -> c.isPermitted(USER, null, ACTION, CRN));
        assertThat(arrived.await(30, TimeUnit.SECONDS)).isTrue();
        c.clearCache(); // e.g. the broker learned of a policy change
        release.countDown();
        assertThat(inFlight.get(30, TimeUnit.SECONDS)).isTrue();
      } finally {
        pool.shutdownNow();
      }
      c.isPermitted(USER, null, ACTION, CRN);
      // before: the decision asked for before the clear was cached after it
      assertThat(server.calls.get()).isEqualTo(2);
    }
  }

  @Test
  void identicalChecksAskedTogetherMakeOneCallToIam() throws Exception {
    CountDownLatch arrived = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (ScriptedAuthz server = new ScriptedAuthz(n -> {
      if (n == 0) {
        arrived.countDown();
        await(release);
      }
      return PERMIT;
    })) {
      AuthzClient c = server.client(clock);
      List<FutureTask<Boolean>> checks = new ArrayList<>();
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < 8; i++) { // e.g. a popular dashboard's users arriving at once
        FutureTask<Boolean> check = new FutureTask<>(() -> c.isPermitted(USER, null, ACTION, CRN));
        checks.add(check);
        threads.add(new Thread(check));
        threads.get(i).start();
        if (i == 0) {
          assertThat(arrived.await(30, TimeUnit.SECONDS)).isTrue();
        }
      }
      awaitAllWaitingOrDone(threads); // each has looked at the cache and is on its way
      release.countDown();
      for (FutureTask<Boolean> check : checks) {
        assertThat(check.get(30, TimeUnit.SECONDS)).isTrue();
      }
      // before: each of the 8 callers made its own call to IAM
      assertThat(server.calls.get()).isEqualTo(1);
    }
  }

  @Test
  void identicalChecksInOneBatchAreAskedOnce() throws Exception {
    try (ScriptedAuthz server = new ScriptedAuthz(n -> PERMIT)) {
      AuthzCheck check = new AuthzCheck(new AuthzSubject(USER, null, null), ACTION, CRN);
      assertThat(server.client(clock).check(List.of(check, check))).containsExactly(true, true);
      assertThat(server.calls.get()).isEqualTo(1);
    }
  }

  @Test
  void checkAskedAfterAClearDoesNotWaitForACallStartedBeforeIt() throws Exception {
    CountDownLatch arrived = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    String deny =
        "{\"responses\":[{\"status\":\"200\",\"authorizationDecision\":{\"permitted\":false}}]}";
    try (ScriptedAuthz server = new ScriptedAuthz(n -> {
      if (n == 0) {
        arrived.countDown();
        await(release);
        return PERMIT; // decided before the policy change
      }
      return deny;
    })) {
      AuthzClient c = server.client(clock);
      FutureTask<Boolean> before = new FutureTask<>(() -> c.isPermitted(USER, null, ACTION, CRN));
      new Thread(before).start();
      try {
        assertThat(arrived.await(30, TimeUnit.SECONDS)).isTrue();
        c.clearCache(); // e.g. the user's access was revoked
        assertThat(c.isPermitted(USER, null, ACTION, CRN)).isFalse();
      } finally {
        release.countDown();
      }
      assertThat(before.get(30, TimeUnit.SECONDS)).isTrue();
      assertThat(server.calls.get()).isEqualTo(2);
    }
  }

  static final String PERMIT =
      "{\"responses\":[{\"status\":\"200\",\"authorizationDecision\":{\"permitted\":true}}]}";

  /** An answer as IAM gives it: with a requestId unless it is null. */
  static String answer(String requestId, boolean permitted) {
    return "{" + (requestId == null ? "" : "\"requestId\":\"" + requestId + "\",")
        + "\"status\":\"200\",\"authorizationDecision\":{\"permitted\":" + permitted + "}}";
  }

  @Test
  void answersInAnotherOrderThanTheChecksAreMatchedByRequestId() throws Exception {
    // IAM's answers carry the requestId sent; this one answers them last check first
    try (ScriptedAuthz server = ScriptedAuthz.byChecks(checks -> {
      List<String> answers = new ArrayList<>();
      for (int i = checks.size() - 1; i >= 0; i--) {
        JsonNode check = checks.get(i);
        answers.add(answer(check.path("requestId").asText(null),
            USER.equals(check.path("subject").path("attributes").path("id").asText())));
      }
      return "{\"responses\":[" + String.join(",", answers) + "]}";
    })) {
      AuthzClient c = server.client(clock);
      // before: read by position, the user was denied and the other subject permitted
      assertThat(c.check(List.of(
          new AuthzCheck(new AuthzSubject(USER, "ibm", null), ACTION, CRN),
          new AuthzCheck(new AuthzSubject(OTHER, "ibm", null), ACTION, CRN))))
          .containsExactly(true, false);
      assertThat(c.check(List.of(
          new AuthzCheck(new AuthzSubject(OTHER, "ibm", null), "hello.other", CRN),
          new AuthzCheck(new AuthzSubject(USER, "ibm", null), "hello.other", CRN))))
          .containsExactly(false, true);
    }
  }

  @Test
  void replyWhoseRequestIdsDoNotMatchTheChecksDeniesThemAllAndIsNotCached() throws Exception {
    List<Function<JsonNode, String>> replies = List.of(
        checks -> "{\"responses\":[" + answer("someone-else", true) + ","
            + answer(checks.get(1).path("requestId").asText(), true) + "]}",
        checks -> "{\"responses\":[" + answer(checks.get(0).path("requestId").asText(), true)
            + "," + answer(checks.get(0).path("requestId").asText(), true) + "]}",
        checks -> "{\"responses\":[" + answer(checks.get(0).path("requestId").asText(), true)
            + "," + answer(null, true) + "]}");
    for (Function<JsonNode, String> reply : replies) {
      try (ScriptedAuthz server = ScriptedAuthz.byChecks(reply)) {
        AuthzClient c = server.client(clock);
        List<AuthzCheck> checks = List.of(
            new AuthzCheck(new AuthzSubject(USER, "ibm", null), ACTION, CRN),
            new AuthzCheck(new AuthzSubject(OTHER, "ibm", null), ACTION, CRN));
        assertThat(c.check(checks)).containsExactly(false, false);
        assertThat(c.check(checks)).containsExactly(false, false);
        assertThat(server.calls.get()).isEqualTo(2);
      }
    }
  }

  @Test
  void replyWithoutRequestIdsIsReadInTheOrderAsked() throws Exception {
    try (ScriptedAuthz server = ScriptedAuthz.byChecks(checks -> "{\"responses\":["
        + answer(null, true) + "," + answer(null, false) + "]}")) {
      assertThat(server.client(clock).check(List.of(
          new AuthzCheck(new AuthzSubject(USER, "ibm", null), ACTION, CRN),
          new AuthzCheck(new AuthzSubject(OTHER, "ibm", null), ACTION, CRN))))
          .containsExactly(true, false);
    }
  }

  static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits until every thread is parked (waiting for an answer) or has ended. */
  static void awaitAllWaitingOrDone(List<Thread> threads) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!threads.stream().allMatch(t -> t.getState() == Thread.State.WAITING
        || t.getState() == Thread.State.TIMED_WAITING || t.getState() == Thread.State.TERMINATED)) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  /** A /v2/authz on 127.0.0.1 answering 200 with the body the script gives for the n-th call. */
  /** A scripted {@code /v2/authz}. */
  static final class ScriptedAuthz extends ScriptedJsonServer {
    ScriptedAuthz(IntFunction<String> script) throws IOException {
      super("/v2/authz", script);
    }

    private ScriptedAuthz(BiFunction<Integer, String, String> script) throws IOException {
      super("/v2/authz", script);
    }

    /** Replies to each call with the body {@code script} makes of the checks it was sent. */
    static ScriptedAuthz byChecks(Function<JsonNode, String> script) throws IOException {
      return new ScriptedAuthz((n, request) -> {
        try {
          return script.apply(new ObjectMapper().readTree(request));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }

    /** A client asking this server, with IAM's token from the simulator. */
    AuthzClient client(MutableClock clock) {
      IamConfig cfg = IamConfig.builder().iamUrl(iam.baseUrl()).authzUrl(URI.create(
          baseUrl() + "/v2/authz"))
          .requestTimeout(Duration.ofSeconds(30)).build();
      return AuthzClient.builder(cfg, ServiceIdTokenProvider.builder(cfg, "broker-key").build())
          .clock(clock).build();
    }
  }
}
