package io.github.osbsdk.broker.metering;

import static io.github.osbsdk.broker.metering.Fixtures.PLAN;
import static io.github.osbsdk.broker.metering.Fixtures.crn;
import static io.github.osbsdk.broker.metering.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.testsupport.Await;
import io.github.osbsdk.broker.core.testsupport.TestClock;
import io.github.osbsdk.broker.iam.IamConfig;
import io.github.osbsdk.broker.iam.ServiceIdTokenProvider;
import io.github.osbsdk.broker.testkit.iam.IamEndpoint;
import io.github.osbsdk.broker.testkit.iam.IamSimulator;
import io.github.osbsdk.broker.testkit.metering.MeteringSimulator;
import io.github.osbsdk.broker.testkit.metering.RecordedBatch;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SharedOutboxTest {

  @Test
  void twoReportersSharingOneOutboxNeverSendARecordTwice() {
    sendSixHundredThroughTwoReporters(Duration.ofMillis(300)); // answered within the timeout
  }

  @Test
  void twoReportersResendOnlyRecordsWhoseAnswerWasLostAndIbmBillsThemOnce() {
    // two answers later than the request timeout (1.5 s), as on a loaded machine: each claim
    // of 37 is put back and resent under its keys, IBM answers 409; before, the test above
    // took these resends for double sends (74 = 2 x 37) and failed under load
    RecordingListener[] heard = sendSixHundredThroughTwoReporters(Duration.ofMillis(1800));
    assertThat(heard[0].answerLost.size() + heard[1].answerLost.size()).isPositive();
  }

  /**
   * Two reporters share one outbox and send 600 records; two answers come after {@code delay},
   * three batches fail first with 502. No record is sent by both while one holds it: a record
   * is sent again only after its last send's answer was lost (IBM may have it, and answers the
   * resend 409), and IBM bills each once.
   */
  private static RecordingListener[] sendSixHundredThroughTwoReporters(Duration delay) {
    try (MeteringSimulator sim = MeteringSimulator.start()) {
      sim.faults().failNext(3, 502).slowNext(2, delay);
      UsageOutbox outbox = new InMemoryUsageOutbox();
      RecordingListener heardByA = new RecordingListener();
      RecordingListener heardByB = new RecordingListener();
      UsageReporter a = Fixtures.reporter(sim).outbox(outbox).owner("replica-a")
          .listener(heardByA).claimSize(37).build();
      UsageReporter b = Fixtures.reporter(sim).outbox(outbox).owner("replica-b")
          .listener(heardByB).claimSize(37).build();
      List<UsageRecord> records = new ArrayList<>();
      for (int i = 0; i < 600; i++) {
        records.add(record(crn(i), 1 + i % 3, 1 + i % 5));
      }
      for (int i = 0; i < records.size(); i += 50) {
        (i % 100 == 0 ? a : b).report(records.subList(i, i + 50));
      }
      Await.until(() -> outbox.depth() == 0, "all delivered");
      a.close();
      b.close();
      List<UsageRecord> answerLost = new ArrayList<>(heardByA.answerLost);
      answerLost.addAll(heardByB.answerLost);
      // each send after the one IBM took follows a send of the record whose answer was lost
      assertThat(sim.duplicateCount()).isLessThanOrEqualTo(answerLost.size());
      assertThat(heardByA.duplicates).isSubsetOf(answerLost);
      assertThat(heardByB.duplicates).isSubsetOf(answerLost);
      assertThat(sim.acceptedRecords()).hasSize(600);
      Set<UsageRecord> delivered = new HashSet<>(heardByA.accepted);
      delivered.addAll(heardByB.accepted);
      delivered.addAll(heardByA.duplicates);
      delivered.addAll(heardByB.duplicates);
      assertThat(delivered).containsExactlyInAnyOrderElementsOf(records);
      assertThat(heardByA.accepted).isNotEmpty();
      assertThat(heardByB.accepted).isNotEmpty();
      for (int i = 0; i < 600; i += 61) {
        sim.assertTotal(crn(i), PLAN, "API_CALL", 1 + i % 5);
      }
      return new RecordingListener[] {heardByA, heardByB};
    }
  }

  @Test
  void sameWindowReportedWithAndWithoutTheRegionItsCrnNamesIsBilledOnce() {
    // one replica names the region, the other leaves it to the CRN: the two records had two
    // keys, so the outbox kept both and IBM took both (its duplicate key has the region)
    try (MeteringSimulator sim = MeteringSimulator.start()) {
      UsageOutbox outbox = new InMemoryUsageOutbox();
      UsageReporter a = Fixtures.reporter(sim).outbox(outbox).owner("replica-a").build();
      UsageReporter b = Fixtures.reporter(sim).outbox(outbox).owner("replica-b").build();
      UsageRecord derived = record(crn(1), 1, 5);
      UsageRecord named = UsageRecord.builder(crn(1), PLAN).region("us-south")
          .window(derived.start(), derived.end()).measure("API_CALL", 5).build();
      boolean queuedByA = a.report(named);
      boolean queuedByB = b.report(derived); // the same record, already queued
      Await.until(() -> outbox.depth() == 0, "delivered");
      boolean queuedAgain = b.report(derived); // delivered and gone: sent again, IBM says 409
      Await.until(() -> outbox.depth() == 0, "answered");
      a.close();
      b.close();
      assertThat(sim.acceptedRecords()).hasSize(1);
      sim.assertTotal(crn(1), PLAN, "API_CALL", 5);
      assertThat(List.of(queuedByA, queuedByB, queuedAgain)).containsExactly(true, false, true);
      assertThat(named.key()).isEqualTo(derived.key());
    }
  }

  @Test
  void recordOfAPlanOnlyAnotherReporterMetersIsLeftToItNotRejected() {
    try (MeteringSimulator sim = MeteringSimulator.start()) {
      UsageOutbox outbox = new InMemoryUsageOutbox();
      // e.g. an older replica during a rolling update that adds the plan
      MeteredPlans older = MeteredPlans.of(
          MeteredPlan.of(Fixtures.OTHER_RESOURCE, Fixtures.OTHER_PLAN, "API_CALL"));
      try (UsageReporter a = UsageReporter.builder(older).baseUrl(sim.baseUrl())
          .tokenSource(() -> "test-token").outbox(outbox).owner("replica-a")
          .requestTimeout(Duration.ofMillis(1500)).lease(Duration.ofSeconds(10))
          .backoff(Duration.ofMillis(20), Duration.ofMillis(200))
          .pollInterval(Duration.ofMillis(50)).build()) {
        outbox.append(List.of(record(crn(1), 1, 4))); // queued by a replica that meters PLAN
        Await.until(() -> !a.health().check().details().get("lastSend").equals("none"),
            "seen by the older replica");
        assertThat(outbox.rejected(10)).isEmpty(); // before: rejected for good, never billed
        assertThat(a.health().check().details()).containsEntry("lastSend", "retrying");
        try (UsageReporter b = Fixtures.reporter(sim).outbox(outbox).owner("replica-b")
            .build()) {
          Await.until(() -> b.depth() == 0, "delivered by the replica that knows the plan");
        }
      }
      sim.assertTotal(crn(1), PLAN, "API_CALL", 4);
    }
  }

  @Test
  void serviceIdTokenFromIamIsAcceptedByTheSimulator() {
    try (IamSimulator iam = IamSimulator.start();
        MeteringSimulator sim = MeteringSimulator.start(iam)) {
      iam.registerApiKey("broker-key", "iam-ServiceId-broker");
      ServiceIdTokenProvider tokens = ServiceIdTokenProvider.builder(
          IamConfig.builder().iamUrl(iam.baseUrl()).build(), "broker-key").build();
      try (UsageReporter reporter = Fixtures.reporter(sim).tokenProvider(tokens).build()) {
        reporter.report(record(crn(1), 1, 2));
        Await.until(() -> reporter.depth() == 0, "delivered");
      }
      sim.assertTotal(crn(1), PLAN, "API_CALL", 2);
    }
  }

  @Test
  void tokenTheMeteringApiRefusesBeforeItsExpiryIsRenewedForTheRetry() {
    try (IamSimulator iam = IamSimulator.start();
        MeteringSimulator sim = MeteringSimulator.start(iam)) {
      iam.registerApiKey("broker-key", "iam-ServiceId-broker");
      TestClock clock = new TestClock(Instant.now());
      ServiceIdTokenProvider tokens = ServiceIdTokenProvider.builder(
          IamConfig.builder().iamUrl(iam.baseUrl()).build(), "broker-key").clock(clock)
          .nanoTime(() -> clock.millis() * 1_000_000L).build(); // token ages on nanoTime
      tokens.token();
      clock.advance(Duration.ofSeconds(30)); // the provider's least age of a refused token
      sim.faults().failNext(1, 401); // revoked, say, after the API key was rotated
      try (UsageReporter reporter = Fixtures.reporter(sim).tokenProvider(tokens).build()) {
        reporter.report(record(crn(1), 1, 2));
        Await.until(() -> reporter.depth() == 0, "delivered");
      }
      assertThat(sim.batches()).extracting(RecordedBatch::httpStatus).containsExactly(401, 202);
      // before: the refused token was sent again until it expired (up to an hour)
      assertThat(iam.requestCount(IamEndpoint.TOKEN)).isEqualTo(2);
      sim.assertTotal(crn(1), PLAN, "API_CALL", 2);
    }
  }

  @Test
  void refusedTokenIsRetriedNotRejected() {
    try (IamSimulator iam = IamSimulator.start();
        MeteringSimulator sim = MeteringSimulator.start(iam)) {
      String[] token = {"not-a-jwt"};
      RecordingListener listener = new RecordingListener();
      try (UsageReporter reporter = Fixtures.reporter(sim).tokenSource(() -> token[0])
          .listener(listener).build()) {
        reporter.report(record(crn(1), 1, 2));
        Await.until(() -> sim.batches().size() >= 2, "retried");
        token[0] = iam.serviceIdToken("iam-ServiceId-broker");
        Await.until(() -> reporter.depth() == 0, "delivered");
        assertThat(reporter.rejected(10)).isEmpty();
      }
      assertThat(sim.batches()).extracting(RecordedBatch::httpStatus).startsWith(401, 401)
          .endsWith(202);
      sim.assertTotal(crn(1), PLAN, "API_CALL", 2);
    }
  }
}
