package io.github.osbsdk.broker.iam;

import static io.github.osbsdk.broker.core.testsupport.ScriptedHttpServer.json;
import static io.github.osbsdk.broker.iam.AuthzClientTest.ACTION;
import static io.github.osbsdk.broker.iam.AuthzClientTest.CRN;
import static io.github.osbsdk.broker.iam.AuthzClientTest.OTHER;
import static io.github.osbsdk.broker.iam.AuthzClientTest.USER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.osbsdk.broker.core.testsupport.ScriptedHttpServer;
import io.github.osbsdk.broker.core.testsupport.TestClock;
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
import org.junit.jupiter.api.Test;

/**
 * AuthzClient against a scripted {@code /v2/authz} (broker tokens from the simulator): answers
 * the simulator does not give (a check IAM could not decide, answers out of order or with
 * request ids that do not match), and calls held in flight while others arrive or the cache is
 * cleared.
 */
class AuthzClientScriptedTest extends WithIamSimulator {
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
    HeldFirstCall held = new HeldFirstCall();
    try (ScriptedAuthz server = held.answering(n -> PERMIT)) {
      AuthzClient c = server.client(clock);
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        Future<Boolean> inFlight = pool.submit(() -> c.isPermitted(USER, null, ACTION, CRN));
        assertThat(held.arrived.await(30, TimeUnit.SECONDS)).isTrue();
        c.clearCache(); // e.g. the broker learned of a policy change
        held.release.countDown();
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
    HeldFirstCall held = new HeldFirstCall();
    try (ScriptedAuthz server = held.answering(n -> PERMIT)) {
      AuthzClient c = server.client(clock);
      List<FutureTask<Boolean>> checks = new ArrayList<>();
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < 8; i++) { // e.g. a popular dashboard's users arriving at once
        FutureTask<Boolean> check = new FutureTask<>(() -> c.isPermitted(USER, null, ACTION, CRN));
        checks.add(check);
        threads.add(new Thread(check));
        threads.get(i).start();
        if (i == 0) {
          assertThat(held.arrived.await(30, TimeUnit.SECONDS)).isTrue();
        }
      }
      awaitAllWaitingOrDone(threads); // each has looked at the cache and is on its way
      held.release.countDown();
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
    HeldFirstCall held = new HeldFirstCall();
    String deny =
        "{\"responses\":[{\"status\":\"200\",\"authorizationDecision\":{\"permitted\":false}}]}";
    // the held first call was decided before the policy change
    try (ScriptedAuthz server = held.answering(n -> n == 0 ? PERMIT : deny)) {
      AuthzClient c = server.client(clock);
      FutureTask<Boolean> before = new FutureTask<>(() -> c.isPermitted(USER, null, ACTION, CRN));
      new Thread(before).start();
      try {
        assertThat(held.arrived.await(30, TimeUnit.SECONDS)).isTrue();
        c.clearCache(); // e.g. the user's access was revoked
        assertThat(c.isPermitted(USER, null, ACTION, CRN)).isFalse();
      } finally {
        held.release.countDown();
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

  /** A scripted {@code /v2/authz} whose first call is held until the test releases it. */
  static final class HeldFirstCall {
    /** Counted down when the first call has arrived. */
    final CountDownLatch arrived = new CountDownLatch(1);
    /** Lets the first call be answered. */
    final CountDownLatch release = new CountDownLatch(1);

    /** The server: each call answered by {@code answer}, the first once released. */
    ScriptedAuthz answering(IntFunction<String> answer) throws IOException {
      return new ScriptedAuthz(n -> {
        if (n == 0) {
          arrived.countDown();
          await(release);
        }
        return answer.apply(n);
      });
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

  /**
   * A scripted {@code /v2/authz} on 127.0.0.1 answering 200 with the body the script gives for
   * the n-th call.
   */
  static final class ScriptedAuthz extends ScriptedHttpServer {
    ScriptedAuthz(IntFunction<String> script) throws IOException {
      super("/v2/authz", json(script));
    }

    private ScriptedAuthz(BiFunction<Integer, String, String> script) throws IOException {
      super("/v2/authz", json(script));
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
    AuthzClient client(TestClock clock) {
      IamConfig cfg = IamConfig.builder().iamUrl(iam.baseUrl()).authzUrl(URI.create(
          baseUrl() + "/v2/authz"))
          .requestTimeout(Duration.ofSeconds(30)).build();
      return AuthzClient.builder(cfg, ServiceIdTokenProvider.builder(cfg, "good-key").build())
          .clock(clock).nanoTime(Ticks.following(clock)).build();
    }
  }
}
