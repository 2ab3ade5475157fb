package io.github.osbsdk.broker.metering;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The in-memory outbox's end of one plan of an instance ({@link UsageOutbox#endPlan}) is pruned
 * by the instance's usage on every plan, not on that plan as the README says ("pruned by the same
 * rule, judged by the instance's usage on that plan") and as {@code PostgresUsageOutbox} does
 * ({@code prunePlanEnds} matches the plan): an instance in use on its new plan always has an
 * open count, so its end on the old plan is kept for good and, back on the old plan, it is never
 * billed there again in this process. The two outboxes answer differently.
 */
class InMemoryPlanEndPruneTest {
  private static final String CRN = "crn:v1:bluemix:public:hello:us-south:a/acc:inst-1::";
  private static final String SMALL = "metered-small";
  private static final String LARGE = "metered-large";
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  private static MeterCount count(String plan, int hours) {
    Instant start = T0.plus(Duration.ofHours(hours));
    return new MeterCount(CRN, plan, "API_CALL", Aggregation.SUM, start,
        start.plus(Duration.ofHours(1)), 1);
  }

  private static Function<List<MeterCount>, UsageRecord> records() {
    return counts -> UsageRecord.builder(CRN, counts.get(0).planId())
        .window(counts.get(0).windowStart(), counts.get(0).windowEnd())
        .measure("API_CALL", counts.stream().mapToDouble(MeterCount::value).sum()).build();
  }

  @Test
  void anInstancesEndOnAPlanItLeftIsPrunedWhileItIsInUseOnItsNewPlan() {
    InMemoryUsageOutbox outbox = new InMemoryUsageOutbox(Duration.ofHours(1));
    outbox.endPlan(CRN, SMALL, T0.plus(Duration.ofMinutes(10)), records());
    for (int h = 0; h <= 5; h++) {
      // in use on its new plan every hour: the next window is open at each close
      assertThat(outbox.mergeOpenCounts(List.of(count(LARGE, h), count(LARGE, h + 1))))
          .isEmpty();
      outbox.closeWindows(T0.plus(Duration.ofHours(h + 1)), records());
      Instant now = T0.plus(Duration.ofHours(h + 1));
      List<String> keys = outbox.claim("me", 10, now, Duration.ofMinutes(1)).stream()
          .map(ClaimedUsage::key).toList();
      outbox.markDelivered("me", keys); // IBM took every record of the new plan
    }
    // ended over 5 h ago, with a retention of 1 h, nothing of the old plan open or waiting
    assertThat(outbox.endedAt(CRN, SMALL)).isEmpty();
    assertThat(outbox.mergeOpenCounts(List.of(count(SMALL, 7)))).isEmpty();
  }
}
