package io.github.osbsdk.broker.metering;

import static io.github.osbsdk.broker.metering.Fixtures.crn;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * An instance that moves from one metered plan to another mid-window. The README told the
 * provider to call {@link UsageMeter#endInstance} when an instance "is deprovisioned (or leaves a
 * metered plan)"; the end was kept per instance, not per plan, so every later count of the
 * instance, on its new plan too, was dropped (logged as a WARN) and never billed. The provider
 * now ends the old plan's metering only, with {@link UsageMeter#endPlan}.
 */
class UsageMeterPlanChangeTest extends UsageMeterSetUp {
  @Test
  void anInstanceThatLeavesOneMeteredPlanForAnotherIsBilledOnBothPlans() {
    UsageReporter twoPlans = twoPlans();
    try {
      UsageMeter meter = meter(twoPlans, clock);
      meter.add(crn(1), SMALL, "API_CALL", 3);
      clock.advance(Duration.ofMinutes(20));
      Instant planChange = clock.instant();
      // as the README says for an instance that leaves a metered plan (here for another one)
      meter.endPlan(crn(1), SMALL, planChange);
      clock.advance(Duration.ofSeconds(1));
      meter.add(crn(1), LARGE, "API_CALL", 5); // the same instance, on its new metered plan
      meter.tick();
      clock.advance(Duration.ofHours(1)); // past the window's end: its record is queued
      meter.tick();
    } finally {
      twoPlans.close();
    }
    sim.assertTotal(crn(1), SMALL, "API_CALL", 3);
    // failed with endInstance: the end recorded for the instance dropped the new plan's counts
    sim.assertTotal(crn(1), LARGE, "API_CALL", 5);
  }

  @Test
  void countsOnThePlanAnInstanceLeftAreDroppedAndItsEndOnThatPlanStays() {
    UsageReporter twoPlans = twoPlans();
    UsageMeter meter;
    try {
      meter = meter(twoPlans, clock);
      meter.add(crn(1), SMALL, "API_CALL", 3);
      clock.advance(Duration.ofMinutes(20));
      Instant planChange = clock.instant();
      meter.endPlan(crn(1), SMALL, planChange);
      clock.advance(Duration.ofSeconds(1));
      meter.add(crn(1), SMALL, "API_CALL", 7); // a late call still counted on the old plan
      meter.add(crn(1), LARGE, "API_CALL", 5);
      meter.tick();
      meter.endPlan(crn(1), SMALL, clock.instant()); // again: its first end stays
      clock.advance(Duration.ofHours(1));
      meter.tick();
    } finally {
      twoPlans.close();
    }
    sim.assertTotal(crn(1), SMALL, "API_CALL", 3);
    sim.assertTotal(crn(1), LARGE, "API_CALL", 5);
    assertThat(meter.droppedAfterEnd()).isEqualTo(1);
  }
}
