package io.github.osbsdk.broker.metering;

import io.github.osbsdk.broker.api.internal.Texts;
import java.time.Duration;

/** The checks of an instance, plan and measure the meter counts for the first time. */
final class MeterChecks {
  /** The longest instance id a meter counts for, in bytes of UTF-8 (the SDK's id limit). */
  static final int MAX_INSTANCE_ID_BYTES = 1024;

  private MeterChecks() {}

  /**
   * Checks what a meter is asked to count.
   *
   * @throws IllegalArgumentException for a plan that is not metered, a measure it does not
   *     declare, an instance id with a control character or too long, or without region
   */
  static void check(MeteredPlans plans, String region, String instanceId, String planId,
      String measure) {
    MeteredPlan plan = plans.plan(planId).orElseThrow(() ->
        new IllegalArgumentException("plan " + planId + " is not metered"));
    if (!plan.measures().contains(measure)) {
      throw new IllegalArgumentException("measure " + measure + " is not declared by plan "
          + planId + " (declared: " + plan.measures().stream().sorted().toList() + ")");
    }
    if (Texts.hasControlCharacter(instanceId)
        || Texts.utf8Length(instanceId) > MAX_INSTANCE_ID_BYTES) {
      throw new IllegalArgumentException("instance id holds a control character or is longer"
          + " than " + MAX_INSTANCE_ID_BYTES + " bytes (UTF-8)");
    }
    if (region == null && UsageRecord.crnRegion(instanceId) == null) {
      throw new IllegalArgumentException("instance " + instanceId + " is not a CRN naming a"
          + " region; configure the meter's region");
    }
  }

  /**
   * Checks that a duration is within bounds.
   *
   * @throws IllegalArgumentException otherwise, naming the duration
   */
  static Duration within(Duration d, Duration min, Duration max, String rule) {
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw new IllegalArgumentException(rule + ": " + d);
    }
    return d;
  }
}
