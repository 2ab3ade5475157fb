package io.github.osbsdk.broker.metering;

import static io.github.osbsdk.broker.metering.Fixtures.PLAN;
import static io.github.osbsdk.broker.metering.Fixtures.crn;
import static io.github.osbsdk.broker.metering.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.iam.testsupport.StderrCapture;
import io.github.osbsdk.broker.testkit.metering.MeteringSimulator;
import io.github.osbsdk.broker.testkit.metering.RecordedBatch;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UsageReporterTest {
  MeteringSimulator sim;
  RecordingListener listener;
  UsageReporter reporter;

  @BeforeEach
  void start() {
    sim = MeteringSimulator.start();
    listener = new RecordingListener();
    reporter = Fixtures.reporter(sim).listener(listener).build();
  }

  @AfterEach
  void stop() {
    reporter.close();
    sim.close();
  }

  @Test
  void acceptedRecordIsBilledAndLeavesTheOutbox() {
    assertThat(reporter.report(record(crn(1), 1, 42))).isTrue();
    Await.until(() -> reporter.depth() == 0, "delivered");
    sim.assertTotal(crn(1), PLAN, "API_CALL", 42);
    assertThat(listener.accepted).hasSize(1);
    assertThat(sim.batches()).extracting(RecordedBatch::resourceId)
        .containsExactly(Fixtures.RESOURCE);
  }

  @Test
  void duplicateAnswerCountsAsDelivered() {
    reporter.report(record(crn(1), 1, 5));
    Await.until(() -> reporter.depth() == 0, "first delivery");
    assertThat(reporter.report(record(crn(1), 1, 7))).isTrue(); // same key, removed after 201
    Await.until(() -> listener.duplicates.size() == 1, "409 seen");
    assertThat(reporter.depth()).isZero();
    assertThat(reporter.rejected(10)).isEmpty();
    sim.assertTotal(crn(1), PLAN, "API_CALL", 5);
  }

  @Test
  void sameKeyQueuedTwiceIsSentOnce() {
    reporter.close(); // stopped sender: both reports meet in the outbox
    UsageOutbox outbox = new InMemoryUsageOutbox();
    try (UsageReporter r = Fixtures.reporter(sim).outbox(outbox).build()) {
      r.report(List.of(record(crn(1), 1, 5), record(crn(1), 1, 6)));
      Await.until(() -> r.depth() == 0, "delivered");
    }
    sim.assertTotal(crn(1), PLAN, "API_CALL", 5);
    assertThat(sim.duplicateCount()).isZero();
  }

  @Test
  void batchesHoldAtMostOneHundredRecordsOfOneResourceId() {
    List<UsageRecord> records = new ArrayList<>();
    for (int i = 0; i < 230; i++) {
      records.add(record(crn(i), 1, 1));
    }
    Instant end = records.get(0).end();
    for (int i = 0; i < 30; i++) {
      records.add(UsageRecord.builder(crn(i), Fixtures.OTHER_PLAN)
          .window(end.minus(Duration.ofHours(1)), end).measure("API_CALL", 2).build());
    }
    reporter.report(records);
    Await.until(() -> reporter.depth() == 0, "all delivered");
    assertThat(sim.batches()).allSatisfy(b -> assertThat(b.size()).isBetween(1, 100));
    assertThat(sim.batches()).filteredOn(b -> b.resourceId().equals(Fixtures.OTHER_RESOURCE))
        .extracting(RecordedBatch::size).containsExactly(30);
    assertThat(sim.batches()).filteredOn(b -> b.resourceId().equals(Fixtures.RESOURCE))
        .extracting(RecordedBatch::size).containsExactlyInAnyOrder(100, 100, 30);
    assertThat(sim.acceptedRecords()).hasSize(260);
    sim.assertTotal(crn(7), Fixtures.OTHER_PLAN, "API_CALL", 2);
  }

  @Test
  void theBatchesOfOneClaimArePostedInParallel() {
    reporter.close();
    sim.faults().slowNext(3, Duration.ofMillis(1500));
    List<UsageRecord> records = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      records.add(record(crn(i), 1, 1));
    }
    UsageOutbox outbox = new InMemoryUsageOutbox();
    outbox.append(records); // queued before the sender starts: one claim takes all three batches
    try (UsageReporter r = Fixtures.reporter(sim).outbox(outbox)
        .requestTimeout(Duration.ofSeconds(5)).lease(Duration.ofSeconds(30)).build()) {
      Await.until(() -> r.depth() == 0, "delivered");
    }
    List<Instant> arrivals = sim.batches().stream().map(RecordedBatch::receivedAt).toList();
    assertThat(arrivals).hasSize(3);
    // one after the other, each batch would arrive only after the previous slow answer
    assertThat(Duration.between(arrivals.get(0), arrivals.get(2)))
        .isLessThan(Duration.ofMillis(1500));
    assertThat(sim.acceptedRecords()).hasSize(300);
    assertThat(sim.duplicateCount()).isZero();
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 404, 424})
  void refusedRecordIsKeptWithIbmsReasonAndNeverResent(int status) {
    sim.faults().rejectRecordsOf(crn(2), status, "E" + status, "refused with " + status);
    reporter.report(List.of(record(crn(1), 1, 1), record(crn(2), 1, 3)));
    Await.until(() -> listener.rejected.size() == 1 && reporter.depth() == 0, "answered");
    RejectedUsage rejection = reporter.rejected(10).get(0);
    assertThat(rejection.record().resourceInstanceId()).isEqualTo(crn(2));
    assertThat(rejection.status()).isEqualTo(status);
    assertThat(rejection.code()).isEqualTo("E" + status);
    assertThat(rejection.message()).isEqualTo("refused with " + status);
    assertThat(listener.rejected).containsExactly(rejection);
    reporter.close();
    assertThat(sim.batches()).hasSize(1);
    sim.assertTotal(crn(1), PLAN, "API_CALL", 1);
  }

  @Test
  void ibmsReasonForARejectedRecordIsKeptAndLoggedCutAndWithoutControlCharacters() {
    // before: kept, told and logged as IBM sent it: of any length, with line breaks that forge
    // log lines and a NUL that a PostgreSQL outbox cannot store
    String forged = "bad\n[usage-sender] INFO forged line\0" + "x".repeat(5000);
    sim.faults().rejectRecordsOf(crn(2), 400, "E\r\n400", forged);
    try (StderrCapture log = new StderrCapture()) {
      reporter.report(List.of(record(crn(1), 1, 1), record(crn(2), 1, 3)));
      Await.until(() -> listener.rejected.size() == 1 && reporter.depth() == 0, "answered");
      RejectedUsage rejection = reporter.rejected(10).get(0);
      assertThat(rejection.code()).isEqualTo("E  400");
      assertThat(rejection.message()).hasSize(1000)
          .startsWith("bad [usage-sender] INFO forged line xxx")
          .doesNotContainPattern("\\p{Cntrl}");
      assertThat(listener.rejected).containsExactly(rejection);
      assertThat(log.lines()).filteredOn(line -> line.contains("forged line")).singleElement()
          .satisfies(line -> assertThat(line).contains("rejected for good").hasSizeLessThan(1500));
    }
    sim.assertTotal(crn(1), PLAN, "API_CALL", 1);
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 422})
  void aWholeBatchRefusedForItsBodyIsSplitUntilTheBadRecordIsAloneAndRejectedTheOthersBilledOnce(
      int status) {
    // before: the whole batch was retried for ever, so one bad record blocked every record
    // (for a 422, the unprocessable body, until this was found in review)
    sim.faults().refuseBatchesWith(crn(13), status, "invalid_request", "record cannot be read");
    List<UsageRecord> records = new ArrayList<>();
    for (int i = 10; i < 17; i++) {
      records.add(record(crn(i), 1, i));
    }
    reporter.report(records);
    Await.until(() -> reporter.depth() == 0, "the batch answered");
    RejectedUsage rejection = reporter.rejected(10).get(0);
    assertThat(reporter.rejected(10)).hasSize(1);
    assertThat(rejection.record().resourceInstanceId()).isEqualTo(crn(13));
    assertThat(rejection.status()).isEqualTo(status);
    assertThat(rejection.code()).isEqualTo("invalid_request");
    assertThat(rejection.message()).isEqualTo("record cannot be read");
    assertThat(listener.rejected).containsExactly(rejection);
    assertThat(sim.acceptedRecords()).hasSize(6);
    assertThat(sim.duplicateCount()).isZero();
    for (int i = 10; i < 17; i++) {
      sim.assertTotal(crn(i), PLAN, "API_CALL", i == 13 ? 0 : i);
    }
    assertThat(listener.retryReasons).isEmpty(); // a split is no retry: no backoff, no attempt
  }

  @Test
  void aRecordEndingAfterTheSendersClockWaitsInTheOutboxUntilItsEndHasPassed() throws Exception {
    // before: sent at once, refused by IBM as ending in the future, and so never billed
    reporter.close();
    sim.close();
    Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
    TestClock clock = new TestClock(hour.plus(Duration.ofMinutes(55)));
    sim = MeteringSimulator.start(null, clock);
    UsageOutbox shared = new InMemoryUsageOutbox();
    // a replica whose clock runs five minutes ahead closed 10:00-11:00 at 10:55
    shared.append(List.of(UsageRecord.builder(crn(1), PLAN)
        .window(hour, hour.plus(Duration.ofHours(1))).measure("API_CALL", 6).build()));
    reporter = Fixtures.reporter(sim).outbox(shared).clock(clock).listener(listener).build();
    Thread.sleep(500); // ten polls
    assertThat(sim.batches()).isEmpty();
    assertThat(reporter.depth()).isOne();
    clock.set(hour.plus(Duration.ofHours(1)).plusSeconds(1));
    Await.until(() -> reporter.depth() == 0, "delivered once its end has passed");
    assertThat(reporter.rejected(10)).isEmpty();
    sim.assertTotal(crn(1), PLAN, "API_CALL", 6);
  }

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
    try (ScriptedUsageServer server = ScriptedUsageServer.start(ScriptedUsageServer.accepted(200),
        ScriptedUsageServer.accepted(200), ScriptedUsageServer.accepted(201));
        StderrCapture log = new StderrCapture()) {
      RecordingListener heard = new RecordingListener();
      try (UsageReporter r = Fixtures.reporter(sim).baseUrl(server.baseUrl()).listener(heard)
          .build()) {
        r.report(List.of(record(crn(1), 1, 3), record(crn(2), 1, 4)));
        Await.until(() -> r.depth() == 0, "delivered at the third answer");
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
    try (ScriptedUsageServer server = ScriptedUsageServer.start(
        ScriptedUsageServer.status(404, "0"), ScriptedUsageServer.status(404, "0"),
        ScriptedUsageServer.status(307, "0"), ScriptedUsageServer.status(404, "0"),
        ScriptedUsageServer.status(307, "0"), ScriptedUsageServer.accepted(201));
        StderrCapture log = new StderrCapture()) {
      RecordingListener heard = new RecordingListener();
      try (UsageReporter r = Fixtures.reporter(sim).baseUrl(server.baseUrl()).listener(heard)
          .build()) {
        r.report(record(crn(1), 1, 3));
        Await.until(() -> r.depth() == 0, "delivered at the sixth answer");
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
    Await.until(() -> reporter.depth() == 0, "delivered");
    assertThat(listener.retryReasons).containsExactly("timeout");
    assertThat(listener.duplicates).hasSize(1);
    assertThat(sim.duplicateCount()).isEqualTo(1);
    sim.assertTotal(crn(1), PLAN, "API_CALL", 9);
  }

  @Test
  void absurdRetryAfterStillReleasesTheRecordForARetry() {
    try (ScriptedUsageServer server = ScriptedUsageServer.start(
        ScriptedUsageServer.status(429, "9223372036854775807"))) {
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
    try (ScriptedUsageServer server = ScriptedUsageServer.start((exchange, request) -> {
      exchange.sendResponseHeaders(202, 0);
      exchange.getResponseBody().write("{\"resources\":[".getBytes(StandardCharsets.UTF_8));
      exchange.getResponseBody().flush();
      for (int i = 0; i < 300; i++) { // a byte every 100 ms: the client's timeout never fires
        Thread.sleep(100);
        exchange.getResponseBody().write(' ');
        exchange.getResponseBody().flush();
      }
    })) {
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
    try (ScriptedUsageServer server = ScriptedUsageServer.start((exchange, request) -> {
      exchange.sendResponseHeaders(202, 0);
      exchange.getResponseBody().write("{\"resources\":[".getBytes(StandardCharsets.UTF_8));
      for (int i = 0; i < 64 * 16; i++) { // 64 MiB of blanks, unless the reader stops
        exchange.getResponseBody().write(chunk);
      }
    }, ScriptedUsageServer.accepted(201))) {
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
  void recordIsInvalidWhenItEndsInTheFutureOrItsPlanOrMeasureIsNotMetered() {
    Instant now = Instant.now();
    UsageRecord future = UsageRecord.builder(crn(1), PLAN).window(now, now.plusSeconds(60))
        .measure("API_CALL", 1).build();
    UsageRecord unknownPlan = UsageRecord.builder(crn(1), "free").window(now.minusSeconds(9), now)
        .measure("API_CALL", 1).build();
    UsageRecord undeclared = UsageRecord.builder(crn(1), PLAN).window(now.minusSeconds(9), now)
        .measure("STORAGE", 1).build();
    assertThatThrownBy(() -> reporter.report(List.of(record(crn(3), 1, 1), future, unknownPlan,
        undeclared)))
        .isInstanceOfSatisfying(InvalidUsageRecordException.class, e -> {
          assertThat(e.problems()).hasSize(3);
          assertThat(e.problems().get(0)).contains("is in the future");
          assertThat(e.problems().get(1)).contains("plan free is not metered");
          assertThat(e.problems().get(2)).contains("measure STORAGE is not declared");
        });
    assertThat(reporter.depth()).isZero();
    reporter.close();
    sim.assertNothingBilled();
    assertThat(sim.batches()).isEmpty();
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

  @Test
  void closeFlushesQueuedRecords() {
    UsageReporter slowPoller = Fixtures.reporter(sim).pollInterval(Duration.ofHours(1)).build();
    for (int i = 0; i < 50; i++) {
      slowPoller.report(record(crn(i), 2, 1));
    }
    slowPoller.close();
    assertThat(slowPoller.depth()).isZero();
    assertThat(sim.acceptedRecords()).hasSize(50);
    assertThatThrownBy(() -> slowPoller.report(record(crn(1), 3, 1)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void reportRacingCloseIsEitherSentOrRefusedNeverDroppedSilently() throws Exception {
    InMemoryUsageOutbox memory = new InMemoryUsageOutbox();
    CountDownLatch inAppend = new CountDownLatch(1);
    CountDownLatch goOn = new CountDownLatch(1);
    // an outbox whose append is slow, so that close() runs while a report is under way
    UsageOutbox slowAppend = (UsageOutbox) Proxy.newProxyInstance(
        UsageOutbox.class.getClassLoader(), new Class<?>[] {UsageOutbox.class},
        (proxy, method, args) -> {
          if (method.getName().equals("append")) {
            inAppend.countDown();
            goOn.await(10, TimeUnit.SECONDS);
          }
          try {
            return method.invoke(memory, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    UsageReporter r = Fixtures.reporter(sim).outbox(slowAppend).build();
    AtomicReference<Object> outcome = new AtomicReference<>();
    Thread reporting = new Thread(() -> {
      try {
        outcome.set(r.report(record(crn(1), 2, 3)));
      } catch (RuntimeException e) {
        outcome.set(e);
      }
    });
    reporting.start();
    assertThat(inAppend.await(10, TimeUnit.SECONDS)).isTrue();
    Thread closing = new Thread(r::close);
    closing.start();
    closing.join(500); // before: close had ended by now; its flush found nothing to send
    goOn.countDown();
    reporting.join(10_000);
    closing.join(10_000);
    if (outcome.get() instanceof IllegalStateException) {
      assertThat(memory.depth()).isZero();
    } else {
      // reported without an exception: it must be billed, not left in a stopped outbox
      assertThat(outcome.get()).isEqualTo(true);
      assertThat(memory.depth()).isZero();
      sim.assertTotal(crn(1), PLAN, "API_CALL", 3);
    }
  }

  @Test
  void closeStopsWaitingForASlowAnswerAtTheFlushTimeoutAndPutsTheRecordBackForAnotherSender()
      throws Exception {
    reporter.close();
    sim.faults().slowNext(1, Duration.ofSeconds(4));
    DurableTestOutbox outbox = new DurableTestOutbox();
    RecordingListener heard = new RecordingListener();
    UsageReporter r = Fixtures.reporter(sim).outbox(outbox).listener(heard)
        .requestTimeout(Duration.ofSeconds(10)).lease(Duration.ofMinutes(2))
        .flushTimeout(Duration.ofMillis(500)).build();
    r.report(record(crn(1), 2, 3));
    Thread.sleep(300); // posted; its answer takes 4 s
    long t0 = System.nanoTime();
    r.close();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(1500));
    // before: the sender went on waiting after close() returned, the record leased to it for
    // the whole lease; had the process ended then, nothing said what was left unanswered
    Await.until(() -> !heard.retryReasons.isEmpty(), "put back");
    assertThat(heard.retryReasons).singleElement().asString().contains("flush");
    Thread.sleep(300); // past the backoff
    List<ClaimedUsage> claimed = outbox.claim("another-sender", 10, Instant.now(),
        Duration.ofMinutes(1));
    assertThat(claimed).singleElement()
        .satisfies(c -> assertThat(c.record()).isEqualTo(record(crn(1), 2, 3)));
    assertThat(heard.accepted).isEmpty();
  }

  @Test
  void leaseShorterThanOneClaimsRequestsIsRefused() {
    assertThatThrownBy(() -> Fixtures.reporter(sim).requestTimeout(Duration.ofSeconds(30))
        .lease(Duration.ofMinutes(1)).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("lease");
  }
  @Test
  void negativeFlushTimeoutIsRefusedByTheBuilderNotByClose() {
    assertThatThrownBy(() -> Fixtures.reporter(sim).flushTimeout(Duration.ofSeconds(-2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("flushTimeout");
  }

  @Test
  void zeroFlushTimeoutClosesWithoutFlushing() {
    UsageReporter noFlush = Fixtures.reporter(sim).flushTimeout(Duration.ZERO).build();
    noFlush.close();
    assertThatThrownBy(() -> noFlush.report(record(crn(1), 3, 1)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void durationsTheSenderCannotUseAreRefusedByTheBuilder() {
    // e.g. a poll interval of Long.MAX_VALUE seconds overflowed in the sender's wait and ended
    // the sender thread; a lease or backoff of centuries left PostgreSQL's timestamp range
    UsageReporter.Builder b = Fixtures.reporter(sim);
    Duration huge = Duration.ofSeconds(Long.MAX_VALUE);
    Duration tooLong = Duration.ofDays(1).plusMillis(1);
    Duration subMilli = Duration.ofNanos(999_999);
    for (Duration bad : List.of(huge, tooLong, subMilli, Duration.ZERO, Duration.ofMillis(-1))) {
      assertRefused(() -> b.pollInterval(bad), "pollInterval");
      assertRefused(() -> b.connectTimeout(bad), "connectTimeout");
      assertRefused(() -> b.requestTimeout(bad), "requestTimeout");
      assertRefused(() -> b.lease(bad), "lease");
      assertRefused(() -> b.backoff(bad, Duration.ofSeconds(1)), "initial");
      assertRefused(() -> b.backoff(Duration.ofSeconds(1), bad), "max");
    }
    for (Duration bad : List.of(huge, tooLong, Duration.ofNanos(-1))) {
      assertRefused(() -> b.flushTimeout(bad), "flushTimeout");
    }
    Duration day = Duration.ofDays(1);
    b.pollInterval(day).connectTimeout(day).requestTimeout(Duration.ofMinutes(1)).lease(day)
        .backoff(Duration.ofMillis(1), day).flushTimeout(day);
  }

  @Test
  void backoffWhoseFirstWaitExceedsTheLongestIsRefusedNamingBoth() {
    // was accepted: the first wait was then silently cut to the longest one
    assertThatThrownBy(() -> Fixtures.reporter(sim).backoff(Duration.ofMinutes(10),
        Duration.ofMinutes(5))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT10M").hasMessageContaining("PT5M");
    Fixtures.reporter(sim).backoff(Duration.ofSeconds(3), Duration.ofSeconds(3));
  }

  @Test
  void flushRetriesAnOutboxThatIsDownUntilItAnswers() throws Exception {
    reporter.close();
    DurableTestOutbox outbox = new DurableTestOutbox();
    outbox.append(List.of(record(crn(1), 2, 3), record(crn(2), 2, 4)));
    outbox.down(true); // down before the sender starts: it waits for the next poll
    List<Throwable> uncaught = new java.util.concurrent.CopyOnWriteArrayList<>();
    Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(e));
    try {
      UsageReporter r = Fixtures.reporter(sim).outbox(outbox).pollInterval(Duration.ofHours(1))
          .flushTimeout(Duration.ofSeconds(5)).build();
      Thread.sleep(200);
      Thread recovery = new Thread(() -> {
        try {
          Thread.sleep(300);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        outbox.down(false);
      });
      recovery.start();
      r.close(); // flushes while the outbox is down, then up again
      recovery.join();
      assertThat(uncaught).isEmpty();
      assertThat(outbox.depth()).isZero();
      sim.assertTotal(crn(1), PLAN, "API_CALL", 3);
      sim.assertTotal(crn(2), PLAN, "API_CALL", 4);
    } finally {
      Thread.setDefaultUncaughtExceptionHandler(before);
    }
  }

  @Test
  void flushEndsCleanlyAtTheDeadlineWhenTheOutboxStaysDown() throws Exception {
    reporter.close();
    DurableTestOutbox outbox = new DurableTestOutbox();
    outbox.append(List.of(record(crn(1), 2, 3)));
    outbox.down(true);
    List<Throwable> uncaught = new java.util.concurrent.CopyOnWriteArrayList<>();
    Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(e));
    try {
      UsageReporter r = Fixtures.reporter(sim).outbox(outbox).pollInterval(Duration.ofHours(1))
          .flushTimeout(Duration.ofMillis(500)).build();
      Thread.sleep(200);
      long t0 = System.nanoTime();
      r.close();
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
      assertThat(uncaught).isEmpty();
      outbox.down(false);
      assertThat(outbox.depth()).isOne(); // durable: kept for the next start
      assertThat(sim.acceptedRecords()).isEmpty();
    } finally {
      Thread.setDefaultUncaughtExceptionHandler(before);
    }
  }

  private static void assertRefused(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String name) {
    assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(name);
  }
}
