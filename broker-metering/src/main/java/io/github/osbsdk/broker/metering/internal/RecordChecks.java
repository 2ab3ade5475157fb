package io.github.osbsdk.broker.metering.internal;

import io.github.osbsdk.broker.metering.Measure;
import io.github.osbsdk.broker.metering.MeteredPlan;
import io.github.osbsdk.broker.metering.MeteredPlans;
import io.github.osbsdk.broker.metering.UsageRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a reporter checks of a record before it queues it: it has ended, its plan is metered and
 * the plan declares each of its measures.
 */
public final class RecordChecks {
  private RecordChecks() {
  }

  /**
   * Lists every problem of every record, each naming its record's instance and plan.
   *
   * @param plans the reporter's metered plans
   * @param records the records
   * @param now the reporter's clock
   * @return the problems; empty when every record may be queued
   */
  public static List<String> problems(MeteredPlans plans, List<UsageRecord> records,
      Instant now) {
    List<String> problems = new ArrayList<>();
    for (UsageRecord r : records) {
      check(plans, r, now, problems);
    }
    return problems;
  }

  private static void check(MeteredPlans plans, UsageRecord r, Instant now,
      List<String> problems) {
    String which = r.resourceInstanceId() + " " + r.planId() + ": ";
    if (r.end().isAfter(now)) {
      problems.add(which + "end " + r.end() + " is in the future");
    }
    MeteredPlan plan = plans.plan(r.planId()).orElse(null);
    if (plan == null) {
      problems.add(which + "plan " + r.planId() + " is not metered (known: "
          + plans.all().stream().map(MeteredPlan::planId).sorted().toList() + ")");
      return;
    }
    for (Measure m : r.measuredUsage()) {
      if (!plan.measures().contains(m.measure())) {
        problems.add(which + "measure " + m.measure() + " is not declared by the plan (declared: "
            + plan.measures().stream().sorted().toList() + ")");
      }
    }
  }
}
