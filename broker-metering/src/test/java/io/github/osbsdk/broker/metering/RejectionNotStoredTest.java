package io.github.osbsdk.broker.metering;

import static io.github.osbsdk.broker.metering.Fixtures.PLAN;
import static io.github.osbsdk.broker.metering.Fixtures.crn;
import static io.github.osbsdk.broker.metering.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.osbsdk.broker.core.testsupport.Await;
import io.github.osbsdk.broker.core.testsupport.TestClock;
import io.github.osbsdk.broker.testkit.metering.MeteringSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A rejection the outbox fails to store (its database refuses the write) holds back no other
 * answer of the same claim: each answer is marked on its own, and the record whose rejection
 * failed stays leased to its sender until its lease ends, then is sent again and rejected.
 */
class RejectionNotStoredTest {

  @Test
  void aRejectionTheOutboxFailsToStoreHoldsBackNoOtherAnswerOfItsClaim() {
    DurableTestOutbox outbox = new DurableTestOutbox();
    outbox.refuseRejections(1);
    TestClock clock = new TestClock(Instant.now()); // the lease ends when the test says so
    RecordingListener heard = new RecordingListener();
    try (MeteringSimulator sim = MeteringSimulator.start()) {
      sim.faults().rejectRecordsOf(crn(2), 400, "bad_measure", "no such measure")
          .rejectRecordsOf(crn(3), 404, "no_plan", "no metering definition");
      try (UsageReporter r = Fixtures.reporter(sim).outbox(outbox).clock(clock).listener(heard)
          .build()) {
        r.report(List.of(record(crn(1), 1, 5), record(crn(2), 1, 6), record(crn(3), 1, 7)));

        // before: the failed rejection ended the claim's answers: the accepted record's delivery
        // and the other rejection were not marked until the lease ended (a 409 on the resend)
        Await.until(() -> heard.accepted.size() == 1 && heard.rejected.size() == 1,
            "the delivery and the other rejection marked at once");
        assertThat(heard.duplicates).isEmpty();
        assertThat(r.rejected(10)).as("one rejection stored").hasSize(1);
        assertThat(r.depth()).as("the record whose rejection failed, still leased").isOne();

        clock.advance(Duration.ofSeconds(11)); // past the 10 s lease
        Await.until(() -> r.depth() == 0, "the record sent again once its lease ended");
        assertThat(r.rejected(10)).extracting(RejectedUsage::status)
            .containsExactlyInAnyOrder(400, 404);
      }
      assertThat(heard.rejected).as("each rejection told once").hasSize(2);
      assertThat(heard.accepted).as("delivered once, not as a duplicate").hasSize(1);
      assertThat(heard.duplicates).isEmpty();
      sim.assertTotal(crn(1), PLAN, "API_CALL", 5);
    }
  }
}
