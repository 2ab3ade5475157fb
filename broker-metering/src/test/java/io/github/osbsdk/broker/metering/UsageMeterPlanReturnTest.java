package io.github.osbsdk.broker.metering;

import static io.github.osbsdk.broker.metering.Fixtures.crn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * An instance that leaves a metered plan and later comes back to it (small, large, small
 * again: two plan updates). A plan's end is kept for the whole instance-end retention (3 days by
 * default) and the outbox refuses every later count of that plan, so with two
 * {@link UsageMeter#endPlan} calls the counts of the instance's second stay on its first plan
 * were dropped (WARN) and never billed; {@link UsageMeter#changePlan} lifts the end of the plan
 * the instance comes back to.
 */
class UsageMeterPlanReturnTest extends UsageMeterSetUp {
  @Test
  void anInstanceBackOnAPlanItLeftEarlierIsBilledOnThatPlanAgain() {
    UsageReporter twoPlans = twoPlans();
    UsageMeter meter;
    try {
      meter = meter(twoPlans, clock);
      meter.add(crn(1), SMALL, "API_CALL", 3);
      clock.advance(Duration.ofMinutes(20));
      meter.changePlan(crn(1), SMALL, LARGE, clock.instant()); // update small -> large
      meter.add(crn(1), LARGE, "API_CALL", 5);
      meter.tick();
      clock.advance(Duration.ofHours(1)); // the next hour's window
      meter.tick();
      meter.changePlan(crn(1), LARGE, SMALL, clock.instant()); // update large -> small again
      clock.advance(Duration.ofSeconds(1));
      meter.add(crn(1), SMALL, "API_CALL", 4); // the instance is on small again
      meter.tick();
      clock.advance(Duration.ofHours(1)); // past that window's end: its record is queued
      meter.tick();
    } finally {
      twoPlans.close();
    }
    sim.assertTotal(crn(1), LARGE, "API_CALL", 5);
    assertThat(meter.droppedAfterEnd()).isZero();
    sim.assertTotal(crn(1), SMALL, "API_CALL", 7);
  }

  @Test
  void aPlanChangeToTheSamePlanIsRefused() {
    UsageReporter twoPlans = twoPlans();
    try {
      UsageMeter meter = meter(twoPlans, clock);
      assertThatThrownBy(() -> meter.changePlan(crn(1), SMALL, SMALL, clock.instant()))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(twoPlans.outbox().endedAt(crn(1), SMALL)).isEmpty();
    } finally {
      twoPlans.close();
    }
  }
}
