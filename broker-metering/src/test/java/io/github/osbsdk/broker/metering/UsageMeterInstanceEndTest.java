package io.github.osbsdk.broker.metering;

import static io.github.osbsdk.broker.metering.Fixtures.PLAN;
import static io.github.osbsdk.broker.metering.Fixtures.crn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.testkit.metering.ReceivedRecord;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * {@link UsageMeter#endInstance}: the last record of an instance ends at its end, inside the life
 * IBM (the simulator, told the life) accepts records for; later counts are dropped, not billed.
 */
class UsageMeterInstanceEndTest extends UsageMeterSetUp {
  @Test
  void instanceDeprovisionedMidWindowHasItsRecordEndAtTheDeprovisionAndAccepted() {
    UsageMeter meter = meter(reporter, clock);
    meter.add(crn(1), PLAN, "API_CALL", 3);
    clock.advance(Duration.ofSeconds(5));
    Instant deprovision = clock.instant();
    sim.instanceLife(crn(1), TEN, deprovision);
    meter.endInstance(crn(1), deprovision);
    clock.advance(Duration.ofMinutes(10)); // the meter runs on, then the process stops
    reporter.close();
    assertThat(sim.batches()).flatExtracting(b -> b.recordStatuses()).containsExactly(201);
    assertThat(sim.acceptedRecords()).singleElement().satisfies(r -> {
      assertThat(r.start()).isEqualTo(TEN.plusMillis(500).toEpochMilli()); // the first count
      assertThat(r.end()).isEqualTo(deprovision.toEpochMilli());
    });
    sim.assertTotal(crn(1), PLAN, "API_CALL", 3);
  }

  @Test
  void theRecordIsQueuedAtTheEndNotAtTheWindowsEnd() {
    reporter.close();
    DurableTestOutbox outbox = new DurableTestOutbox();
    UsageReporter on = Fixtures.reporter(sim).outbox(outbox).build();
    UsageMeter meter = meter(on, clock);
    meter.sample(crn(1), PLAN, "INSTANCE_GB", 2.5);
    meter.add(crn(2), PLAN, "API_CALL", 1);
    Instant end = clock.instant().plusSeconds(1);
    meter.endInstance(crn(1), end);
    assertThat(outbox.depth()).isOne();
    assertThat(outbox.openCounts()).extracting(MeterCount::resourceInstanceId)
        .containsExactly(crn(2)); // the other instance's window stays open
    assertThat(outbox.endedAt(crn(1))).contains(end);
    on.close();
    assertThat(sim.acceptedRecords()).filteredOn(r -> r.resourceInstanceId().equals(crn(1)))
        .extracting(ReceivedRecord::end).containsExactly(end.toEpochMilli());
  }

  @Test
  void countsAfterTheEndOnAnyReplicaAreDroppedNeverBilledOutsideTheLife() {
    reporter.close();
    DurableTestOutbox outbox = new DurableTestOutbox();
    UsageReporter on = Fixtures.reporter(sim).outbox(outbox).build();
    UsageMeter replicaA = meter(on, clock);
    UsageMeter replicaB = meter(on, clock);
    replicaB.add(crn(1), PLAN, "API_CALL", 4);
    replicaB.tick(); // B's counts reach the shared outbox before the end
    replicaA.add(crn(1), PLAN, "API_CALL", 1);
    Instant end = clock.instant();
    sim.instanceLife(crn(1), TEN, end);
    replicaA.endInstance(crn(1), end);
    replicaA.add(crn(1), PLAN, "API_CALL", 10); // a request racing the deprovision
    replicaB.add(crn(1), PLAN, "API_CALL", 20);
    replicaA.tick();
    replicaB.tick();
    clock.advance(Duration.ofHours(2)); // past the window's end: nothing left to close
    replicaA.tick();
    replicaB.tick();
    assertThat(replicaA.droppedAfterEnd() + replicaB.droppedAfterEnd()).isEqualTo(2);
    assertThat(outbox.openCounts()).isEmpty();
    on.close();
    assertThat(sim.batches()).flatExtracting(b -> b.recordStatuses()).containsExactly(201);
    sim.assertTotal(crn(1), PLAN, "API_CALL", 5);
  }

  @Test
  void countsDroppedAfterTheEndAreCountedInTheReportersDroppedAndItsHealth() {
    // before: only logged at WARN; dropped() and the health counted lost records alone
    UsageMeter meter = meter(reporter, clock);
    meter.add(crn(1), PLAN, "API_CALL", 1);
    meter.endInstance(crn(1), clock.instant());
    meter.add(crn(1), PLAN, "API_CALL", 10); // a request racing the deprovision
    meter.sample(crn(1), PLAN, "INSTANCE_GB", 2);
    meter.tick();
    assertThat(reporter.dropped()).isEqualTo(2);
    assertThat(reporter.health().check().details()).containsEntry("dropped", 2L)
        .containsEntry("droppedLateCounts", 2L);
  }

  @Test
  void endingAnEndedInstanceAgainQueuesNothing() {
    UsageMeter meter = meter(reporter, clock);
    meter.add(crn(1), PLAN, "API_CALL", 1);
    meter.endInstance(crn(1), clock.instant());
    meter.endInstance(crn(1), clock.instant().plusSeconds(1));
    reporter.close();
    sim.assertTotal(crn(1), PLAN, "API_CALL", 1);
    assertThat(sim.acceptedRecords()).hasSize(1);
  }

  @Test
  void anEndTheOutboxCannotPersistCountsForThrowsAndEndsNothing() {
    reporter.close();
    DurableTestOutbox outbox = new DurableTestOutbox();
    UsageReporter on = Fixtures.reporter(sim).outbox(outbox).build();
    UsageMeter meter = meter(on, clock);
    meter.add(crn(1), PLAN, "API_CALL", 1);
    outbox.down(true);
    assertThatThrownBy(() -> meter.endInstance(crn(1), clock.instant()))
        .isInstanceOf(IllegalStateException.class);
    outbox.down(false);
    assertThat(outbox.endedAt(crn(1))).isEmpty();
    meter.endInstance(crn(1), clock.instant());
    assertThat(outbox.depth()).isOne();
    on.close();
  }
}
