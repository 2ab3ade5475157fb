package io.github.osbsdk.broker.metering.internal;

import io.github.osbsdk.broker.api.internal.LogValues;
import io.github.osbsdk.broker.metering.Aggregation;
import io.github.osbsdk.broker.metering.InvalidUsageRecordException;
import io.github.osbsdk.broker.metering.Measure;
import io.github.osbsdk.broker.metering.MeterCount;
import io.github.osbsdk.broker.metering.UsageRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The records of late counts: a window closed into a record whose key is already taken by one
 * that IBM may have seen (sent, being sent, rejected, or delivered and remembered) gets the
 * late key of the lowest free number instead: the same record with the consumer id
 * {@code late-1} ({@code <consumer>-late-1} for a record with a consumer id), {@code late-2}
 * and so on. IBM takes it as another record, so its counts are billed, and a resend of it keeps
 * its key, so IBM answers 409 and bills it once. The key depends only on the record and on the
 * keys taken, so a close that is repeated (a transaction rolled back) picks the same one.
 * Shared with broker-store-jdbc's outbox (a qualified export); not API.
 */
public final class LateRecords {
  private static final Logger LOG = LoggerFactory.getLogger(LateRecords.class);
  /** The most late keys one window's record tries before its counts are dropped. */
  public static final int MAX_LATE = 100;

  private LateRecords() {}

  /**
   * Returns the record under its {@code n}th late key.
   *
   * @param r the window's record
   * @param n 1 for the first late key
   * @return the record with the late consumer id
   * @throws InvalidUsageRecordException when the key would be too long
   */
  public static UsageRecord nth(UsageRecord r, int n) {
    String consumer = r.consumerId() == null ? "late-" + n : r.consumerId() + "-late-" + n;
    return new UsageRecord(r.resourceInstanceId(), r.planId(), r.region(), r.start(), r.end(),
        r.measuredUsage(), consumer);
  }

  /**
   * Returns a stored record that IBM has not seen with a late record's quantities added (a
   * measure of {@link Aggregation#MAX} keeps the peak): the two are one record at IBM.
   *
   * @param stored the record stored under the key, never offered to IBM
   * @param late the late record
   * @param counts the counts the late record was built from (their aggregations)
   * @return the merged record, under the stored record's key
   */
  public static UsageRecord merged(UsageRecord stored, UsageRecord late, List<MeterCount> counts) {
    Map<String, Aggregation> aggregations = new LinkedHashMap<>();
    counts.forEach(c -> aggregations.putIfAbsent(c.measure(), c.aggregation()));
    Map<String, Double> merged = new LinkedHashMap<>();
    stored.measuredUsage().forEach(m -> merged.put(m.measure(), m.quantity()));
    for (Measure m : late.measuredUsage()) {
      Aggregation a = aggregations.getOrDefault(m.measure(), Aggregation.SUM);
      merged.merge(m.measure(), m.quantity(), a::combine);
    }
    List<Measure> measures = new ArrayList<>();
    merged.forEach((name, quantity) -> measures.add(new Measure(name, quantity)));
    return new UsageRecord(stored.resourceInstanceId(), stored.planId(), stored.region(),
        stored.start(), stored.end(), measures, stored.consumerId());
  }

  /**
   * The failure of an instance's or plan's end one of whose windows cannot be added into the
   * unsent record stored under its key (their sum passes the largest double, which only a row
   * edited by hand comes near): the end applies nothing, as ended without that window its counts
   * would stay open past the instance's end. Once the sender has claimed that record (IBM may
   * have it), the window goes under a late key, so calling the end again then succeeds.
   *
   * @param instanceId the instance
   * @param cause the failed sum
   * @return the failure to throw
   */
  public static IllegalStateException notEnded(String instanceId, IllegalArgumentException cause) {
    return new IllegalStateException("the usage of " + LogValues.quote(instanceId) + " in a"
        + " window cannot be added into the unsent record stored under that window's key (their"
        + " sum passes the largest double); its metering did not end: call again once the"
        + " reporter has sent that record", cause);
  }

  /**
   * Logs the counts of a late record that found no free late key (or whose late key is too
   * long): dropped, not billed.
   *
   * @param r the record
   * @param why the reason
   */
  public static void logDropped(UsageRecord r, String why) {
    LOG.warn("late usage is dropped, not billed ({}): instance={} plan={} window={}..{}"
        + " usage={}", why, LogValues.quote(r.resourceInstanceId()), LogValues.quote(r.planId()),
        r.start(), r.end(), LogValues.quote(r.measuredUsage()));
  }
}
