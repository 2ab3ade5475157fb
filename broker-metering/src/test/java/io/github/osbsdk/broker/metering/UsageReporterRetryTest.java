package io.github.osbsdk.broker.metering;

import static io.github.osbsdk.broker.core.testsupport.ScriptedHttpServer.inTurn;
import static io.github.osbsdk.broker.metering.Fixtures.PLAN;
import static io.github.osbsdk.broker.metering.Fixtures.crn;
import static io.github.osbsdk.broker.metering.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.testsupport.Await;
import io.github.osbsdk.broker.core.testsupport.ScriptedHttpServer;
import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import io.github.osbsdk.broker.testkit.metering.RecordedBatch;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Answers and failures after which a reporter keeps its records and retries them: server errors,
 * throttling, statuses the API does not document, timeouts, oversized or trickling answers,
 * dropped connections and a token that cannot be sent.
 */
class UsageReporterRetryTest extends WithMeteringSimulator {
  @Test
  void serverErrorsAreRetriedUntilAcceptedAndBilledOnce() {
    sim.faults().failNext(2, 503).failNext(1, 500);
    reporter.report(record(crn(1), 1, 11));
    Await.until(() -> reporter.depth() == 0, "delivered");
    assertThat(sim.batches()).extracting(RecordedBatch::httpStatus)
        .containsExactly(503, 503, 500, 202);
    assertThat(listener.retryReasons).containsExactly("HTTP 503", "HTTP 503", "HTTP 500");
    sim.assertTotal(crn(1), PLAN, "API_CALL", 11);
  }

  @Test
  void perRecordServerErrorIsRetried() {
    sim.faults().rejectRecordsOf(crn(1), 503, "busy", "try again");
    reporter.report(record(crn(1), 1, 4));
    Await.until(() -> sim.batches().size() >= 2, "retried");
    sim.faults().reset();
    Await.until(() -> reporter.depth() == 0, "delivered");
    assertThat(reporter.rejected(10)).isEmpty();
    sim.assertTotal(crn(1), PLAN, "API_CALL", 4);
  }

  @Test
  void aPerRecordStatusTheApiDoesNotListIsLoggedOnceAsAnErrorAndTheRecordsKeptUntilDelivered() {
    // before: retried with an INFO line at each answer, so a change of the API went unnoticed
    try (ScriptedHttpServer server = new ScriptedHttpServer("/", inTurn(
        UsageAnswers.accepted(200), UsageAnswers.accepted(200), UsageAnswers.accepted(201)));
        StderrCapture log = new StderrCapture()) {
      RecordingListener heard = new RecordingListener();
      try (UsageReporter r = Fixtures.reporter(sim).baseUrl(server.baseUrl()).listener(heard)
          .build()) {
        r.report(List.of(record(crn(1), 1, 3), record(crn(2), 1, 4)));
        // the listener hears of a delivery after the outbox let the records go
        Await.until(() -> heard.accepted.size() >= 2, "both deliveries heard");
        assertThat(r.depth()).isZero();
        assertThat(heard.retryReasons).hasSize(4).containsOnly("record status 200");
        assertThat(heard.accepted).hasSize(2);
        assertThat(r.rejected(10)).isEmpty();
      }
      assertThat(server.requests).hasSize(3);
      assertThat(log.lines()).filteredOn(line -> line.contains("ERROR")).singleElement()
          .satisfies(line -> assertThat(line).contains("per-record status 200")
              .contains("kept and retried").contains("inst-").doesNotContain("API_CALL"));
    }
  }

  @Test
  void aWholeRequestStatusThatKeepsComingBackIsLoggedAsAnErrorOncePerStatus() {
    // before: an ERROR line at every retry of a 404 or a redirect
    try (ScriptedHttpServer server = new ScriptedHttpServer("/", inTurn(
        UsageAnswers.status(404, "0"), UsageAnswers.status(404, "0"),
        UsageAnswers.status(307, "0"), UsageAnswers.status(404, "0"),
        UsageAnswers.status(307, "0"), UsageAnswers.accepted(201)));
        StderrCapture log = new StderrCapture()) {
      RecordingListener heard = new RecordingListener();
      try (UsageReporter r = Fixtures.reporter(sim).baseUrl(server.baseUrl()).listener(heard)
          .build()) {
        r.report(record(crn(1), 1, 3));
        Await.until(() -> !heard.accepted.isEmpty(), "delivery at the sixth answer heard");
        assertThat(r.depth()).isZero();
        assertThat(heard.retryReasons).containsExactly("HTTP 404", "HTTP 404", "HTTP 307",
            "HTTP 404", "HTTP 307");
        assertThat(heard.accepted).hasSize(1);
      }
      assertThat(log.lines()).filteredOn(line -> line.contains("ERROR"))
          .satisfiesExactly(
              line -> assertThat(line).contains("HTTP 404").contains("kept and retried"),
              line -> assertThat(line).contains("HTTP 307").contains("kept and retried"));
    }
  }

  @Test
  void aTokenRefusedOnceIsLoggedAtInfoAndOneRefusedAgainAfterItsRenewalAtWarnOnce() {
    // before: the first 401 (after a key rotation, healed by the next token) was an ERROR, and
    // any later one, e.g. a wrong API key, only a DEBUG line
    try (ScriptedHttpServer server = new ScriptedHttpServer("/", inTurn(
        UsageAnswers.status(401, "0"), UsageAnswers.accepted(201),
        UsageAnswers.status(401, "0"), UsageAnswers.status(401, "0"),
        UsageAnswers.status(401, "0"), UsageAnswers.accepted(201)));
        StderrCapture log = new StderrCapture()) {
      try (UsageReporter r = Fixtures.reporter(sim).baseUrl(server.baseUrl()).build()) {
        r.report(record(crn(1), 1, 3));
        Await.until(() -> r.depth() == 0, "delivered at the second answer");
        assertThat(log.lines()).noneMatch(line -> line.contains("WARN")
            || line.contains("ERROR")).anyMatch(line -> line.contains("INFO")
            && line.contains("HTTP 401")).anyMatch(line -> line.contains("INFO")
            && line.contains("accepted the renewed token"));
        r.report(record(crn(2), 1, 4));
        Await.until(() -> r.depth() == 0, "delivered at the sixth answer");
      }
      assertThat(server.requests).hasSize(6);
      assertThat(log.lines()).noneMatch(line -> line.contains("ERROR"))
          .filteredOn(line -> line.contains("WARN")).singleElement()
          .satisfies(line -> assertThat(line).contains("HTTP 401").contains("again after the"
              + " token was renewed").contains("API key").doesNotContain("test-token"));
    }
  }

  @Test
  void throttlingWaitsAtLeastRetryAfter() {
    reporter.close();
    // a request timeout that a loaded machine cannot hit: the retry must be the 429's
    reporter = Fixtures.reporter(sim).listener(listener).requestTimeout(Duration.ofSeconds(8))
        .lease(Duration.ofSeconds(60)).build();
    sim.faults().throttleNext(1, Duration.ofSeconds(1));
    reporter.report(record(crn(1), 1, 3));
    Await.until(() -> reporter.depth() == 0, "delivered");
    assertThat(listener.retryReasons).containsExactly("HTTP 429");
    List<RecordedBatch> batches = sim.batches();
    assertThat(batches).extracting(RecordedBatch::httpStatus).containsExactly(429, 202);
    assertThat(Duration.between(batches.get(0).receivedAt(), batches.get(1).receivedAt()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(990));
    sim.assertTotal(crn(1), PLAN, "API_CALL", 3);
  }

  @Test
  void answerAfterTheTimeoutIsResentAndBilledOnce() {
    sim.faults().slowNext(1, Duration.ofSeconds(3));
    reporter.report(record(crn(1), 1, 9));
    // before: waited for the outbox to empty only, but the listener hears of a delivery after
    // the outbox let the record go, so a loaded machine saw no duplicate yet
    Await.until(() -> !listener.duplicates.isEmpty() || !listener.accepted.isEmpty(),
        "delivery heard");
    assertThat(reporter.depth()).isZero();
    assertThat(listener.retryReasons).containsExactly("timeout");
    assertThat(listener.accepted).isEmpty();
    assertThat(listener.duplicates).hasSize(1);
    assertThat(sim.duplicateCount()).isEqualTo(1);
    sim.assertTotal(crn(1), PLAN, "API_CALL", 9);
  }

  @Test
  void absurdRetryAfterStillReleasesTheRecordForARetry() {
    try (ScriptedHttpServer server = new ScriptedHttpServer("/", inTurn(
        UsageAnswers.status(429, "9223372036854775807")))) {
      RecordingListener heard = new RecordingListener();
      try (UsageReporter r = Fixtures.reporter(sim).baseUrl(server.baseUrl()).listener(heard)
          .lease(Duration.ofMinutes(5)).build()) {
        r.report(record(crn(1), 1, 3));
        // before: the overflow escaped the answer's handling and the record stayed leased
        // (unsent, unreleased) until the lease ended
        Await.until(() -> heard.retryReasons.contains("HTTP 429"), "released for a retry");
        assertThat(r.outbox().claim("other", 10, Instant.now().plus(Duration.ofMinutes(61)),
            Duration.ofSeconds(1))).hasSize(1);
      }
    }
  }

  @Test
  void answerWhoseBodyTricklesPastTheTimeoutIsRetried() {
    try (ScriptedHttpServer server = new ScriptedHttpServer("/", inTurn((exchange, request) -> {
      exchange.sendResponseHeaders(202, 0);
      exchange.getResponseBody().write("{\"resources\":[".getBytes(StandardCharsets.UTF_8));
      exchange.getResponseBody().flush();
      for (int i = 0; i < 300; i++) { // a byte every 100 ms: the client's timeout never fires
        Thread.sleep(100);
        exchange.getResponseBody().write(' ');
        exchange.getResponseBody().flush();
      }
    }))) {
      RecordingListener heard = new RecordingListener();
      try (UsageReporter r = Fixtures.reporter(sim).baseUrl(server.baseUrl()).listener(heard)
          .flushTimeout(Duration.ofMillis(100)).build()) {
        r.report(record(crn(1), 1, 3));
        // request timeout 1.5 s: before, the sender waited for the body for ever
        Await.until(() -> heard.retryReasons.contains("timeout"), "timed out and retried");
      }
    }
  }

  @Test
  void answerLargerThanAMebibyteIsDroppedAndRetriedNotRead() {
    byte[] chunk = new byte[64 * 1024];
    java.util.Arrays.fill(chunk, (byte) ' ');
    try (ScriptedHttpServer server = new ScriptedHttpServer("/", inTurn((exchange, request) -> {
      exchange.sendResponseHeaders(202, 0);
      exchange.getResponseBody().write("{\"resources\":[".getBytes(StandardCharsets.UTF_8));
      for (int i = 0; i < 64 * 16; i++) { // 64 MiB of blanks, unless the reader stops
        exchange.getResponseBody().write(chunk);
      }
    }, UsageAnswers.accepted(201)))) {
      RecordingListener heard = new RecordingListener();
      try (UsageReporter r = Fixtures.reporter(sim).baseUrl(server.baseUrl()).listener(heard)
          .build()) {
        r.report(record(crn(1), 1, 3));
        Await.until(() -> heard.retryReasons.contains("answer over 1048576 bytes"),
            "dropped and retried");
        Await.until(() -> r.depth() == 0, "delivered by the next answer");
      }
      assertThat(server.requests).hasSize(2);
    }
  }

  @Test
  void droppedConnectionsAreRetriedWithoutDoubleBilling() {
    sim.faults().dropNext(1).dropAfterRecordingNext(1);
    reporter.report(record(crn(1), 1, 6));
    Await.until(() -> reporter.depth() == 0, "delivered");
    assertThat(sim.batches()).extracting(RecordedBatch::httpStatus).containsExactly(0, 202, 202);
    assertThat(listener.retryReasons).hasSize(2)
        .allSatisfy(r -> assertThat(r).startsWith("connection error"));
    sim.assertTotal(crn(1), PLAN, "API_CALL", 6);
  }

  @Test
  void tokenThatIsNoValidHeaderValueIsNeitherLoggedNorShownInTheHealth() {
    reporter.close();
    // e.g. a token read from a file with its trailing line break
    RecordingListener heard = new RecordingListener();
    try (UsageReporter withBadToken = Fixtures.reporter(sim)
        .tokenSource(() -> "secret-token-42\n").listener(heard).build()) {
      withBadToken.report(record(crn(1), 1, 2));
      Await.until(() -> !heard.retryReasons.isEmpty(), "retried");
      assertThat(heard.retryReasons).allSatisfy(reason ->
          assertThat(reason).doesNotContain("secret-token-42").contains("token"));
      assertThat(withBadToken.health().check().details().toString())
          .doesNotContain("secret-token-42");
      assertThat(withBadToken.depth()).isEqualTo(1);
    }
    assertThat(sim.batches()).isEmpty();
  }
}
