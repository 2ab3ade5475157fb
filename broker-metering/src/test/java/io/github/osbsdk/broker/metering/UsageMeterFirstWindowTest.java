package io.github.osbsdk.broker.metering;

import static io.github.osbsdk.broker.metering.Fixtures.PLAN;
import static io.github.osbsdk.broker.metering.Fixtures.crn;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * The record of an instance's first window starts at its first count, not at the window's start
 * (up to a window before the instance was provisioned), so IBM (the simulator, told the life)
 * accepts it.
 */
class UsageMeterFirstWindowTest extends UsageMeterSetUp {
  @Test
  void instanceProvisionedMidWindowHasItsFirstRecordStartAtItsFirstCountAndAccepted() {
    clock.advance(Duration.ofMinutes(20).plusNanos(123_456)); // provisioned mid-window
    Instant provisioned = clock.instant();
    sim.instanceLife(crn(1), provisioned.truncatedTo(ChronoUnit.MILLIS),
        null);
    UsageMeter meter = meter(reporter, clock);
    meter.add(crn(1), PLAN, "API_CALL", 2);
    clock.advance(Duration.ofMinutes(5));
    meter.add(crn(1), PLAN, "API_CALL", 3);
    meter.tick();
    clock.advance(Duration.ofHours(1)); // the window closed
    meter.tick();
    reporter.close();
    assertThat(sim.batches()).flatExtracting(b -> b.recordStatuses()).containsExactly(201);
    assertThat(sim.acceptedRecords()).singleElement().satisfies(r -> {
      assertThat(r.start()).isEqualTo(provisioned.toEpochMilli());
      assertThat(r.end()).isEqualTo(TEN.plus(Duration.ofHours(1)).toEpochMilli());
    });
    sim.assertTotal(crn(1), PLAN, "API_CALL", 5);
  }

  @Test
  void sampledGaugeRecordStartsAtItsFirstSampleToo() {
    clock.advance(Duration.ofMinutes(30));
    Instant provisioned = clock.instant();
    sim.instanceLife(crn(1), provisioned, null);
    UsageMeter meter = meter(reporter, clock);
    meter.sample(crn(1), PLAN, "INSTANCE_GB", 1.5);
    clock.advance(Duration.ofMinutes(1));
    meter.add(crn(1), PLAN, "API_CALL", 1); // a later first count of another measure
    clock.advance(Duration.ofHours(1));
    meter.tick();
    reporter.close();
    assertThat(sim.batches()).flatExtracting(b -> b.recordStatuses()).containsExactly(201);
    assertThat(sim.acceptedRecords()).singleElement()
        .satisfies(r -> assertThat(r.start()).isEqualTo(provisioned.toEpochMilli()));
  }

  @Test
  void eachWindowsRecordStartsAtItsOwnFirstCount() {
    clock.advance(Duration.ofMinutes(50));
    UsageMeter meter = meter(reporter, clock);
    meter.add(crn(1), PLAN, "API_CALL", 1);
    Instant first = clock.instant();
    clock.advance(Duration.ofMinutes(20)); // the next window
    meter.tick();
    meter.add(crn(1), PLAN, "API_CALL", 1);
    Instant second = clock.instant();
    clock.advance(Duration.ofHours(1));
    meter.tick();
    reporter.close();
    assertThat(sim.acceptedRecords()).extracting(r -> r.start())
        .containsExactlyInAnyOrder(first.toEpochMilli(), second.toEpochMilli());
  }
}
