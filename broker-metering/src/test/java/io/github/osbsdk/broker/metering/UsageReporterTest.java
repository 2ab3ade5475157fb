package io.github.osbsdk.broker.metering;

import static io.github.osbsdk.broker.metering.Fixtures.PLAN;
import static io.github.osbsdk.broker.metering.Fixtures.crn;
import static io.github.osbsdk.broker.metering.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.core.testsupport.Await;
import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import io.github.osbsdk.broker.core.testsupport.TestClock;
import io.github.osbsdk.broker.testkit.metering.MeteringSimulator;
import io.github.osbsdk.broker.testkit.metering.RecordedBatch;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a reporter sends and what becomes of each record: billed once, batched by resource id,
 * refused for good with IBM's reason, or held until its end; answers that make it retry are
 * {@link UsageReporterRetryTest}'s, closing {@link UsageReporterCloseTest}'s.
 */
class UsageReporterTest extends WithMeteringSimulator {
  @Test
  void acceptedRecordIsBilledAndLeavesTheOutbox() {
    assertThat(reporter.report(record(crn(1), 1, 42))).isTrue();
    // the listener hears of a delivery after the outbox let the record go
    Await.until(() -> !listener.accepted.isEmpty(), "delivery heard");
    assertThat(reporter.depth()).isZero();
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
    // each answer takes 20 s: the three batches must all arrive before the first answer; one
    // after the other, the third would arrive after 40 s (before: 4 s answers, arrivals within
    // 4 s, little room on a loaded machine)
    sim.faults().slowNext(3, Duration.ofSeconds(20));
    List<UsageRecord> records = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      records.add(record(crn(i), 1, 1));
    }
    UsageOutbox outbox = new InMemoryUsageOutbox();
    outbox.append(records); // queued before the sender starts: one claim takes all three batches
    UsageReporter r = Fixtures.reporter(sim).outbox(outbox)
        .requestTimeout(Duration.ofSeconds(30)).lease(Duration.ofMinutes(5))
        .flushTimeout(Duration.ofMillis(500)).build();
    try {
      Await.until(() -> sim.batches().size() == 3, "all three batches posted");
    } finally {
      r.close();
    }
    List<Instant> arrivals = sim.batches().stream().map(RecordedBatch::receivedAt).toList();
    assertThat(arrivals).hasSize(3);
    assertThat(Duration.between(arrivals.get(0), arrivals.get(2)))
        .isLessThan(Duration.ofSeconds(10));
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

  @Test
  void aRejectedRecordsKeyIsLoggedWithItsIdsEscaped() {
    // before: logged as it came; a NEL, a line separator or a bidi control in the instance id
    // (all of which pass the id checks) could break the line or disguise what follows
    String forged = crn(2).replace("inst-2", "inst-2\u2028forged\u0085line\u202e");
    sim.faults().rejectRecordsOf(forged, 400, "E400", "refused");
    try (StderrCapture log = new StderrCapture()) {
      reporter.report(List.of(record(forged, 1, 3)));
      Await.until(() -> listener.rejected.size() == 1 && reporter.depth() == 0, "answered");

      assertThat(log.lines()).filteredOn(line -> line.contains("rejected for good"))
          .singleElement().satisfies(line -> assertThat(line)
              .contains("inst-2\\u2028forged\\u0085line\\u202e").doesNotContain("\u2028")
              .doesNotContain("\u0085").doesNotContain("\u202e"));
    }
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
  void aRecordEndingAfterTheSendersClockWaitsInTheOutboxUntilItsEndHasPassed() {
    // before: sent at once, refused by IBM as ending in the future, and so never billed
    reporter.close();
    sim.close();
    Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
    TestClock clock = new TestClock(hour.plus(Duration.ofMinutes(55)));
    sim = MeteringSimulator.start(null, clock);
    UsageOutbox memory = new InMemoryUsageOutbox();
    AtomicInteger claims = new AtomicInteger();
    UsageOutbox shared = (UsageOutbox) Proxy.newProxyInstance(
        UsageOutbox.class.getClassLoader(), new Class<?>[] {UsageOutbox.class},
        (proxy, method, args) -> {
          if (method.getName().equals("claim")) {
            claims.incrementAndGet();
          }
          try {
            return method.invoke(memory, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    // a replica whose clock runs five minutes ahead closed 10:00-11:00 at 10:55
    shared.append(List.of(UsageRecord.builder(crn(1), PLAN)
        .window(hour, hour.plus(Duration.ofHours(1))).measure("API_CALL", 6).build()));
    reporter = Fixtures.reporter(sim).outbox(shared).clock(clock).listener(listener).build();
    // the sender's polls run one after the other: by its third claim, it has judged the record
    // it holds twice (and sent it, were it to)
    Await.until(() -> claims.get() >= 3, "three polls of the sender");
    assertThat(sim.batches()).isEmpty();
    assertThat(reporter.depth()).isOne();
    clock.set(hour.plus(Duration.ofHours(1)).plusSeconds(1));
    Await.until(() -> reporter.depth() == 0, "delivered once its end has passed");
    assertThat(reporter.rejected(10)).isEmpty();
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
}
