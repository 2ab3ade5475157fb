package io.github.osbsdk.broker.metering.internal;

import io.github.osbsdk.broker.metering.MeterCount;
import io.github.osbsdk.broker.metering.UsageRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Builds a meter's usage record of one instance, plan and window from the window's counts: one
 * entry per measure (sorted by name), the meter's consumer id, and its region when the instance
 * id is no CRN naming one. Throws {@code InvalidUsageRecordException} for counts that make no
 * valid record.
 */
public final class MeterRecords implements Function<List<MeterCount>, UsageRecord> {
  private final String region;
  private final String consumerId;

  /**
   * Creates the builder of a meter's records.
   *
   * @param region the meter's region, or null
   * @param consumerId the meter's consumer id, or null
   */
  public MeterRecords(String region, String consumerId) {
    this.region = region;
    this.consumerId = consumerId;
  }

  @Override
  public UsageRecord apply(List<MeterCount> counts) {
    MeterCount first = counts.get(0);
    UsageRecord.Builder b = UsageRecord.builder(first.resourceInstanceId(), first.planId())
        .window(start(counts), first.windowEnd())
        .consumerId(consumerId);
    if (UsageRecord.crnRegion(first.resourceInstanceId()) == null) {
      b.region(region);
    }
    List<MeterCount> sorted = new ArrayList<>(counts);
    sorted.sort(Comparator.comparing(MeterCount::measure));
    for (MeterCount c : sorted) {
      b.measure(c.measure(), Math.max(0, c.value()));
    }
    return b.build();
  }

  /**
   * The record's start: the earliest first count's time of the window's counts, truncated to
   * the millisecond, but not before the window's start (a clock stepped back) nor at or after
   * its end (at least 1 ms before it, so the record is never empty); counts whose first time is
   * unknown (an older version's) are skipped, and the window's start is taken only when no count
   * has one (see {@link MeterCount#firstAt}).
   */
  static Instant start(List<MeterCount> counts) {
    MeterCount first = counts.get(0);
    long windowStart = first.windowStart().toEpochMilli();
    long earliest = Long.MAX_VALUE;
    for (MeterCount c : counts) {
      if (c.firstAt() != null) {
        earliest = Math.min(earliest, c.firstAt().toEpochMilli());
      }
    }
    if (earliest == Long.MAX_VALUE) {
      return first.windowStart();
    }
    long start = Math.min(earliest, first.windowEnd().toEpochMilli() - 1);
    return start <= windowStart ? first.windowStart() : Instant.ofEpochMilli(start);
  }
}
