package io.github.osbsdk.broker.metering;

import static io.github.osbsdk.broker.metering.Fixtures.PLAN;
import static io.github.osbsdk.broker.metering.Fixtures.crn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.osbsdk.broker.core.testsupport.Await;
import io.github.osbsdk.broker.core.testsupport.StderrCapture;
import io.github.osbsdk.broker.core.testsupport.TestClock;
import io.github.osbsdk.broker.testkit.metering.ReceivedRecord;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A {@link UsageMeter}'s windows: counts of a window become one record when it ends, on one
 * replica or several whose clocks differ; series that cannot be billed are refused at the call.
 */
class UsageMeterTest extends UsageMeterSetUp {
  @Test
  void countsOfOneWindowBecomeOneRecordWhenItEnds() {
    UsageMeter meter = meter(reporter, clock);
    meter.add(crn(1), PLAN, "API_CALL", 3);
    meter.add(crn(1), PLAN, "API_CALL", 2);
    meter.sample(crn(1), PLAN, "INSTANCE_GB", 5);
    meter.sample(crn(1), PLAN, "INSTANCE_GB", 8);
    meter.sample(crn(1), PLAN, "INSTANCE_GB", 3);
    meter.tick();
    assertThat(reporter.outbox().openCounts()).extracting(MeterCount::measure, MeterCount::value)
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("API_CALL", 5.0),
            org.assertj.core.groups.Tuple.tuple("INSTANCE_GB", 8.0));
    assertThat(reporter.depth()).isZero();

    clock.set(TEN.plus(Duration.ofHours(1)).plusMillis(100));
    meter.tick();
    Await.until(() -> sim.acceptedRecords().size() == 1 && reporter.depth() == 0, "sent");
    ReceivedRecord r = sim.acceptedRecords().get(0);
    assertThat(r.start()).isEqualTo(TEN.plusMillis(500).toEpochMilli()); // the first count
    assertThat(r.end()).isEqualTo(TEN.plus(Duration.ofHours(1)).toEpochMilli());
    assertThat(r.measures()).containsEntry("API_CALL", 5.0).containsEntry("INSTANCE_GB", 8.0);
    assertThat(reporter.outbox().openCounts()).isEmpty();
  }

  @Test
  void closedWindowTakesNoMoreCountsAndLateCountsGoToTheCurrentWindow() {
    TestClock aheadClock = new TestClock(TEN.plus(Duration.ofMinutes(59)));
    TestClock behindClock = new TestClock(TEN.plus(Duration.ofMinutes(59)));
    UsageMeter replicaA = meter(reporter, aheadClock);
    UsageMeter replicaB = meter(reporter, behindClock);
    replicaA.add(crn(1), PLAN, "API_CALL", 1);
    replicaB.add(crn(1), PLAN, "API_CALL", 2); // not persisted before A closes the window
    replicaA.tick();
    aheadClock.set(TEN.plus(Duration.ofHours(1)).plusSeconds(1));
    replicaA.tick(); // closes 10:00-11:00 with A's count
    replicaB.tick(); // B still in 10:00-11:00 by its clock: refused, moved to 11:00-12:00
    assertOneCount(reporter.outbox().openCounts(), TEN.plus(Duration.ofHours(1)), 2);
    behindClock.set(TEN.plus(Duration.ofHours(1)).plusSeconds(1));
    replicaB.tick(); // B's clock reaches 11:00: nothing moves twice
    assertOneCount(reporter.outbox().openCounts(), TEN.plus(Duration.ofHours(1)), 2);
    aheadClock.set(TEN.plus(Duration.ofHours(2)).plusSeconds(1));
    replicaA.tick();
    Await.until(() -> sim.acceptedRecords().size() == 2 && reporter.depth() == 0, "sent");
    assertThat(sim.acceptedRecords()).extracting(ReceivedRecord::start)
        .containsExactly(TEN.plus(Duration.ofMinutes(59)).toEpochMilli(), // A's first count
            TEN.plus(Duration.ofHours(1)).toEpochMilli()); // B's moved count: the window's start
    assertThat(sim.duplicateCount()).isZero();
    sim.assertTotal(crn(1), PLAN, "API_CALL", 3);
  }

  @Test
  void closingAfterTheClockSteppedBackStillSendsTheOpenWindow() {
    UsageMeter meter = meter(reporter, clock);
    clock.set(TEN.plus(Duration.ofMinutes(59)));
    meter.add(crn(1), PLAN, "API_CALL", 1);
    clock.set(TEN.plus(Duration.ofHours(1)).plusMillis(500));
    meter.tick(); // closes 10:00-11:00
    meter.add(crn(1), PLAN, "API_CALL", 2); // 11:00-12:00
    meter.tick();
    clock.set(TEN.plus(Duration.ofHours(1)).minusMillis(500)); // NTP steps the clock back
    reporter.close(); // non-durable outbox: every open window must become a record
    assertThat(reporter.outbox().openCounts()).isEmpty();
    sim.assertTotal(crn(1), PLAN, "API_CALL", 3);
    assertThat(sim.acceptedRecords()).allSatisfy(r -> assertThat(r.end()).isGreaterThan(r.start()));
  }

  @Test
  void idleSeriesIsForgottenAndCountsAgainLater() {
    UsageMeter meter = meter(reporter, clock);
    meter.add(crn(1), PLAN, "API_CALL", 1);
    for (int hour = 1; hour <= 3; hour++) {
      clock.set(TEN.plus(Duration.ofHours(hour)).plusMillis(1));
      meter.tick();
    }
    meter.add(crn(1), PLAN, "API_CALL", 5);
    clock.set(TEN.plus(Duration.ofHours(4)).plusMillis(1));
    meter.tick();
    Await.until(() -> sim.acceptedRecords().size() == 2 && reporter.depth() == 0, "sent");
    assertThat(sim.acceptedRecords()).extracting(r -> r.measures().get("API_CALL"))
        .containsExactly(1.0, 5.0);
  }

  @Test
  void windowAnotherReplicaCanBillButThisOneCannotIsLeftToItAndBlocksNoOtherWindow() {
    // two replicas sharing an outbox: one configured with a region, one without; only the
    // first can build the record of an instance id that is no CRN
    UsageMeter withRegion = UsageMeter.builder(reporter).clock(clock).region("eu-de")
        .manualTicks().build();
    UsageMeter withoutRegion = meter(reporter, clock);
    withRegion.add("plain-id", PLAN, "API_CALL", 2);
    withRegion.tick();
    withoutRegion.add(crn(1), PLAN, "API_CALL", 4);
    clock.set(TEN.plus(Duration.ofHours(1)).plusMillis(100));
    withoutRegion.tick(); // the replica with the region is down: this one closes alone
    withoutRegion.tick();
    // before: the whole close failed at every tick, so no window was billed any more
    Await.until(() -> reporter.depth() == 0 && sim.acceptedRecords().size() == 1, "sent");
    sim.assertTotal(crn(1), PLAN, "API_CALL", 4);
    assertThat(reporter.outbox().openCounts()).extracting(MeterCount::resourceInstanceId)
        .containsExactly("plain-id");
    assertThat(reporter.health().check().details()).containsEntry("unclosedWindows", 1);

    withRegion.tick(); // back: it closes the window left to it
    withoutRegion.tick();
    Await.until(() -> sim.acceptedRecords().size() == 2, "sent by the replica with the region");
    assertThat(sim.acceptedRecords()).filteredOn(r -> r.region() != null).singleElement()
        .satisfies(r -> assertThat(r.region()).isEqualTo("eu-de"));
    assertThat(reporter.outbox().openCounts()).isEmpty();
    assertThat(reporter.health().check().details()).containsEntry("unclosedWindows", 0);
  }

  @Test
  void aWindowThisReplicaCannotBillIsLoggedWithItsInstanceIdEscaped() {
    // the id passes the meter's checks (no C0 control character) yet holds a line separator
    String id = "plain-id\u2028forged";
    UsageMeter withRegion = UsageMeter.builder(reporter).clock(clock).region("eu-de")
        .manualTicks().build();
    UsageMeter withoutRegion = meter(reporter, clock);
    withRegion.add(id, PLAN, "API_CALL", 2);
    withRegion.tick();
    clock.set(TEN.plus(Duration.ofHours(1)).plusMillis(100));
    try (StderrCapture log = new StderrCapture()) {
      withoutRegion.tick(); // cannot build the record: no region for an id that is no CRN

      assertThat(log.lines()).filteredOn(l -> l.contains("cannot become a record"))
          .singleElement().asString().contains("plain-id\\u2028forged")
          .doesNotContain("\u2028");
    }
    withRegion.tick();
  }

  @Test
  void seriesWhoseRecordCouldNotBeBuiltIsRefusedAtTheCallAndBlocksNoOtherWindow() {
    UsageMeter meter = UsageMeter.builder(reporter).clock(clock).region("us-south")
        .manualTicks().build();
    meter.add(crn(1), PLAN, "API_CALL", 4);
    // 1,024 bytes, within the id limit; but every '|' is escaped in the record's key, which
    // would be over 2,048 bytes: the window's record could never be built
    String piped = "|".repeat(1024);
    Throwable refused = org.assertj.core.api.Assertions.catchThrowable(
        () -> meter.add(piped, PLAN, "API_CALL", 1));
    clock.set(TEN.plus(Duration.ofHours(1)).plusMillis(100));
    meter.tick();
    // before: the close of every window failed at every tick, so nothing was ever billed
    assertThat(reporter.outbox().openCounts()).isEmpty();
    Await.until(() -> reporter.depth() == 0, "sent");
    sim.assertTotal(crn(1), PLAN, "API_CALL", 4);
    assertThat(refused).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too long");

    UsageMeter blankConsumer = UsageMeter.builder(reporter).clock(clock).consumerId(" ")
        .manualTicks().build();
    assertThatThrownBy(() -> blankConsumer.add(crn(2), PLAN, "API_CALL", 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("consumer_id");
  }

  @Test
  void meterWithRegionCountsInstancesWithoutCrn() {
    UsageMeter meter = UsageMeter.builder(reporter).clock(clock).region("eu-de").manualTicks()
        .build();
    meter.add("plain-id", PLAN, "API_CALL", 2);
    reporter.close();
    assertThat(sim.acceptedRecords()).singleElement()
        .satisfies(r -> assertThat(r.region()).isEqualTo("eu-de"));
  }

  @Test
  void anyTwoSwappedIdsAreRefusedAtTheCallSoThePositionalShapeIsSafe() {
    UsageMeter meter = meter(reporter, clock);
    String i = crn(1);
    String[][] swapped = {{PLAN, i, "API_CALL"}, {"API_CALL", PLAN, i}, {i, "API_CALL", PLAN},
        {PLAN, "API_CALL", i}, {"API_CALL", i, PLAN}};
    for (String[] s : swapped) {
      assertThatThrownBy(() -> meter.add(s[0], s[1], s[2], 1)).as(String.join(" ", s))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> meter.sample(s[0], s[1], s[2], 1)).as(String.join(" ", s))
          .isInstanceOf(IllegalArgumentException.class);
    }
    meter.add(i, PLAN, "API_CALL", 1);
  }

  @Test
  void countsThatCannotBeBilledAreRefusedAtTheCall() {
    UsageMeter meter = meter(reporter, clock);
    assertThatThrownBy(() -> meter.add(crn(1), "free", "API_CALL", 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not metered");
    assertThatThrownBy(() -> meter.add(crn(1), PLAN, "STORAGE", 1))
        .hasMessageContaining("not declared");
    assertThatThrownBy(() -> meter.add(crn(1), PLAN, "API_CALL", -1))
        .hasMessageContaining("quantity < 0");
    assertThatThrownBy(() -> meter.sample(crn(1), PLAN, "INSTANCE_GB", Double.NaN))
        .hasMessageContaining("finite");
    assertThatThrownBy(() -> meter.add("no-crn-instance", PLAN, "API_CALL", 1))
        .hasMessageContaining("region");
    // ids a database cannot keep would fail every flush of their window: refused at the call
    assertThatThrownBy(() -> meter.add(crn(1) + "\u0000", PLAN, "API_CALL", 1))
        .hasMessageContaining("control character");
    assertThatThrownBy(() -> meter.add(crn(1) + "x".repeat(1024), PLAN, "API_CALL", 1))
        .hasMessageContaining("1024 bytes");
    meter.add(crn(1), PLAN, "API_CALL", 1);
    assertThatThrownBy(() -> meter.sample(crn(1), PLAN, "API_CALL", 1))
        .hasMessageContaining("added, not both");
  }

  @Test
  void windowsAndIntervalsTheMeterCannotUseAreRefusedByTheBuilder() {
    // Long.MAX_VALUE seconds failed with an ArithmeticException ("long overflow"); a window of
    // years never closes in time to be billed; 1.5 s was cut to 1 s without a word
    UsageMeter.Builder b = UsageMeter.builder(reporter);
    Duration huge = Duration.ofSeconds(Long.MAX_VALUE);
    for (Duration bad : List.of(huge, Duration.ofDays(1).plusMillis(1),
        Duration.ofMillis(1500).plusNanos(1), Duration.ofMillis(999), Duration.ZERO)) {
      assertThatThrownBy(() -> b.window(bad)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("window");
    }
    for (Duration bad : List.of(huge, Duration.ofDays(1).plusMillis(1), Duration.ofNanos(1),
        Duration.ofMillis(-1))) {
      assertThatThrownBy(() -> b.persistInterval(bad))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("interval");
    }
    assertThat(b.window(Duration.ofDays(1)).persistInterval(Duration.ofDays(1)).build().window())
        .isEqualTo(Duration.ofDays(1));
  }
}
